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

type ReadCtx = { signal?: AbortSignal; ansiCodePage?: string; maxLineBytes?: number };

/**
 * Every line as an object. With `skipBlank`, empty lines are not kept (the others keep their line
 * numbers): a hostile file of millions of empty lines otherwise costs an object per line, about 100
 * times the input (found by fuzzing).
 */
export async function readAllLines(
  path: string,
  out: EntryCollector,
  ctx: ReadCtx & { skipBlank?: boolean },
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
    for (const l of batch) if (!ctx.skipBlank || l.text !== '') lines.push(l);
  }
  return { lines, encoding: encodingOf(state, decoder), bytesTotal: state.bytesTotal };
}

function encodingOf(state: ReadState, decoder: LineDecoder): string {
  return state.utf16 ? (state.utf16 === 'utf-16le' ? 'UTF-16LE' : 'UTF-16BE') : decoder.describe(state.bom);
}

export interface WholeString {
  /** The lines joined with LF (line endings normalised), decoded like readAllLines. */
  text: string;
  encoding: string;
  bytesTotal: number;
}

/** The whole file as one string, without an object per line (for formats parsed as a whole). */
export async function readWholeText(path: string, out: EntryCollector, ctx: ReadCtx): Promise<WholeString> {
  const decoder = new LineDecoder(ctx.ansiCodePage);
  const state: ReadState = { bom: null, utf16: null, bytesRead: 0, bytesTotal: 0 };
  const parts: string[] = [];
  for await (const batch of readTextLines(path, {
    decoder,
    state,
    signal: ctx.signal,
    maxLineBytes: ctx.maxLineBytes,
    warn: (place, message) => out.warn(place, message),
  })) {
    parts.push(batch.map((l) => l.text).join('\n'));
  }
  return { text: parts.join('\n'), encoding: encodingOf(state, decoder), bytesTotal: state.bytesTotal };
}
