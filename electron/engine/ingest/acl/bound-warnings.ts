/**
 * Keeps a reader's warnings readable and bounded: a hostile or broken file can produce a warning per
 * line and lines megabytes long, and every warning is shown to a person. The cap applies while the
 * file is read (WarningCap), not afterwards, so a million junk lines never hold a million warnings.
 */
export interface ToolWarning {
  file: string;
  place: string;
  message: string;
}

export const MAX_WARNINGS = 1000;
const MAX_CHARS = 300;

const clip = (s: string): string => (s.length > MAX_CHARS ? `${s.slice(0, MAX_CHARS)}…` : s);

const clipped = <W extends ToolWarning>(w: W): W =>
  w.place.length > MAX_CHARS || w.message.length > MAX_CHARS
    ? { ...w, place: clip(w.place), message: clip(w.message) }
    : w;

/**
 * Collects warnings into `into` up to a limit and counts the rest; close() adds one closing line
 * with that count. Readers hand it out instead of pushing into their warning array directly.
 */
export class WarningCap<W extends ToolWarning> {
  private dropped = 0;
  private closed = false;

  constructor(
    private readonly into: W[],
    private readonly max = MAX_WARNINGS,
  ) {}

  push(w: W): void {
    if (this.into.length < this.max) this.into.push(clipped(w));
    else this.dropped++;
  }

  /** Adds "N more warnings like these not listed" once, if any were dropped. */
  close(summary: (message: string) => W): W[] {
    if (!this.closed && this.dropped > 0)
      this.into.push(summary(`${this.dropped} more warnings like these not listed`));
    this.closed = true;
    return this.into;
  }
}

/** Bounds a list already collected (for warnings that came from elsewhere). */
export function boundWarnings<W extends ToolWarning>(warnings: W[]): W[] {
  const cap = new WarningCap<W>([]);
  for (const w of warnings) cap.push(w);
  const last = warnings[warnings.length - 1];
  return cap.close((message) => ({ ...last, place: 'file', message }));
}
