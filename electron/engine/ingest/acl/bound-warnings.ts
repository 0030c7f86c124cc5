/**
 * Keeps a reader's warnings readable and bounded: a hostile or broken file can produce a warning per
 * line and lines megabytes long, and every warning is shown to a person.
 */
export interface ToolWarning {
  file: string;
  place: string;
  message: string;
}

const MAX_WARNINGS = 1000;
const MAX_CHARS = 300;

const clip = (s: string): string => (s.length > MAX_CHARS ? `${s.slice(0, MAX_CHARS)}…` : s);

export function boundWarnings<W extends ToolWarning>(warnings: W[]): W[] {
  const kept = warnings
    .slice(0, MAX_WARNINGS)
    .map((w) => ({ ...w, place: clip(w.place), message: clip(w.message) }));
  if (warnings.length > MAX_WARNINGS && kept.length > 0) {
    const last = kept[kept.length - 1];
    kept.push({
      ...last,
      place: 'file',
      message: `${warnings.length - MAX_WARNINGS} more warnings not listed`,
    });
  }
  return kept;
}
