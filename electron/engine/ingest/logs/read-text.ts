/**
 * Reads a whole text file for the small structured formats (SetupDiag results, tool output,
 * Event Viewer tables), decoded like the line logs: BOM, UTF-16, then per line UTF-8 or ANSI.
 */
import type { EntryCollector } from './log-entries';
import { LineDecoder } from './line-decoder';
import { readTextLines, type ReadState, type TextLine } from './line-reader';

export interface WholeText {
  lines: TextLine[];
  encoding: string;
  bytesTotal: number;
}

export async function readAllLines(
  path: string,
  out: EntryCollector,
  ctx: { signal?: AbortSignal; ansiCodePage?: string; maxLineBytes?: number },
): Promise<WholeText> {
  const decoder = new LineDecoder(ctx.ansiCodePage);
  const state: ReadState = { bom: null, utf16: null, bytesRead: 0, bytesTotal: 0 };
  const lines: TextLine[] = [];
  for await (const batch of readTextLines(path, {
    decoder,
    state,
    signal: ctx.signal,
    maxLineBytes: ctx.maxLineBytes,
    warn: (place, message) => out.warn(place, message),
  })) {
    for (const l of batch) lines.push(l);
  }
  const encoding = state.utf16
    ? state.utf16 === 'utf-16le'
      ? 'UTF-16LE'
      : 'UTF-16BE'
    : decoder.describe(state.bom);
  return { lines, encoding, bytesTotal: state.bytesTotal };
}
