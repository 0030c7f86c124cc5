/**
 * Which aligned rows belong to the selected finding (drawn outlined). Row class rules read this at
 * render time; the aligned view redraws the rows when it changes.
 */
export const alignedHighlight: { rank: number | null; row: number } = { rank: null, row: -1 };
