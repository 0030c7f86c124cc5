/**
 * Streams a text log line by line without holding the file (CBS logs reach hundreds of MB).
 * Records end at LF; CBS continues multi-line CSI records with bare LF while ordinary lines end
 * with CRLF (winlogs.md §1.2), so each line says which ending it had.
 */
import { open } from 'node:fs/promises';
import { detectBom, sniffUtf16, type Bom, type LineDecoder } from './line-decoder';

export interface TextLine {
  text: string;
  /** 1-based. */
  line: number;
  /** Byte offset of the line start. */
  offset: number;
  /** The line ended with LF alone (not CRLF) or is the last line. */
  bareLf: boolean;
}

export interface ReadState {
  bom: Bom;
  /** 'utf-16le' | 'utf-16be' when the whole file is UTF-16. */
  utf16: 'utf-16le' | 'utf-16be' | null;
  bytesRead: number;
  bytesTotal: number;
}

export interface LineReaderOptions {
  decoder: LineDecoder;
  state: ReadState;
  signal?: AbortSignal;
  /** Longer lines are cut here, with a warning (a 50 MB line must not take 50 MB twice). */
  maxLineBytes?: number;
  warn(place: string, message: string): void;
}

const CHUNK = 1 << 20;
/**
 * Lines per batch. A whole 1 MiB chunk of short lines is up to a million objects at once, which
 * outlive the young generation and pile up as garbage (peak RSS about 80 times the input on a file
 * of empty lines, found by fuzzing); small batches die young.
 */
const MAX_BATCH = 8192;
export const MAX_LINE_BYTES = 1 << 20;

function checkAbort(signal?: AbortSignal): void {
  if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('aborted');
}

/** Yields batches of lines. The file is opened read-only and closed on every exit path. */
export async function* readTextLines(path: string, opts: LineReaderOptions): AsyncGenerator<TextLine[]> {
  const fh = await open(path, 'r');
  try {
    const stat = await fh.stat();
    opts.state.bytesTotal = stat.size;
    const buf = Buffer.allocUnsafe(CHUNK);
    let pos = 0;
    let first = true;
    const maxLine = opts.maxLineBytes ?? MAX_LINE_BYTES;
    let lineNo = 0;

    // UTF-16 files are decoded as a stream of text; split on '\n' after decoding.
    let utf16Decoder: TextDecoder | null = null;
    let textCarry = '';
    let textCarryOffset = 0;

    let carry: Buffer[] = [];
    let carryLen = 0;
    let carryOffset = 0;
    let skipping = 0;

    for (;;) {
      checkAbort(opts.signal);
      const { bytesRead } = await fh.read(buf, 0, CHUNK, pos);
      if (bytesRead === 0) break;
      let chunk = buf.subarray(0, bytesRead);
      const chunkStart = pos;
      pos += bytesRead;
      opts.state.bytesRead = pos;
      let startInChunk = 0;
      if (first) {
        first = false;
        const { bom, length } = detectBom(chunk);
        opts.state.bom = bom;
        const utf16 =
          bom === 'utf-16le' || bom === 'utf-16be' ? bom : bom === null ? sniffUtf16(chunk) : null;
        if (utf16) {
          opts.state.utf16 = utf16;
          utf16Decoder = new TextDecoder(utf16);
        } else {
          opts.decoder.learn(chunk.subarray(length));
        }
        startInChunk = length;
        carryOffset = length;
        textCarryOffset = length;
      }
      let out: TextLine[] = [];
      if (utf16Decoder) {
        const text = textCarry + utf16Decoder.decode(chunk.subarray(startInChunk), { stream: true });
        let s = 0;
        for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', s)) {
          const cr = nl > s && text.charCodeAt(nl - 1) === 13;
          out.push({
            text: text.slice(s, cr ? nl - 1 : nl),
            line: ++lineNo,
            offset: textCarryOffset,
            bareLf: !cr,
          });
          s = nl + 1;
          textCarryOffset = chunkStart + bytesRead; // UTF-16 offsets are approximate to the chunk
          if (out.length >= MAX_BATCH) {
            yield out;
            out = [];
          }
        }
        textCarry = text.slice(s);
        if (textCarry.length > maxLine) {
          opts.warn(
            `line ${lineNo + 1}`,
            `line longer than ${maxLine} characters; only the first ${maxLine} kept`,
          );
          out.push({
            text: textCarry.slice(0, maxLine),
            line: ++lineNo,
            offset: textCarryOffset,
            bareLf: true,
          });
          textCarry = '';
        }
        if (out.length > 0) yield out;
        continue;
      }
      chunk = chunk.subarray(startInChunk);
      const base = chunkStart + startInChunk;
      let s = 0;
      for (;;) {
        const nl = chunk.indexOf(10, s);
        if (nl < 0) break;
        if (out.length >= MAX_BATCH) {
          yield out;
          out = [];
        }
        if (carryLen === 0 && skipping === 0 && (nl === s || (nl === s + 1 && chunk[s] === 13))) {
          // An empty line: no view, no decoding.
          out.push({ text: '', line: ++lineNo, offset: base + s, bareLf: nl === s });
          s = nl + 1;
          continue;
        }
        const wasSkipping = skipping > 0;
        let bytes: Uint8Array = chunk.subarray(s, nl);
        if (wasSkipping) {
          skipping += nl - s;
          opts.warn(
            `line ${lineNo + 1}`,
            `line is ${skipping + carryLen} bytes long; only the first ${maxLine} bytes kept`,
          );
          skipping = 0;
          bytes = Buffer.concat(carry, carryLen);
        } else if (carryLen > 0) {
          carry.push(chunk.subarray(s, nl));
          bytes = Buffer.concat(carry, carryLen + (nl - s));
        } else if (bytes.length > maxLine) {
          opts.warn(
            `line ${lineNo + 1}`,
            `line is ${bytes.length} bytes long; only the first ${maxLine} bytes kept`,
          );
        }
        const cr = bytes.length > 0 && bytes[bytes.length - 1] === 13;
        const lineBytes = cr ? bytes.subarray(0, bytes.length - 1) : bytes;
        out.push({
          text: opts.decoder.decode(lineBytes.length > maxLine ? lineBytes.subarray(0, maxLine) : lineBytes),
          line: ++lineNo,
          offset: carryLen > 0 ? carryOffset : base + s,
          bareLf: !cr,
        });
        carry = [];
        carryLen = 0;
        s = nl + 1;
      }
      if (s < chunk.length) {
        if (carryLen === 0) carryOffset = base + s;
        const rest = chunk.subarray(s);
        if (skipping > 0) {
          skipping += rest.length;
        } else if (carryLen + rest.length > maxLine) {
          const keep = maxLine - carryLen;
          carry.push(Buffer.from(rest.subarray(0, keep)));
          carryLen += keep;
          skipping = rest.length - keep;
        } else {
          carry.push(Buffer.from(rest));
          carryLen += rest.length;
        }
      }
      if (out.length > 0) yield out;
    }
    const tail: TextLine[] = [];
    if (utf16Decoder) {
      const rest = textCarry + utf16Decoder.decode();
      if (rest.length > 0)
        tail.push({ text: rest.replace(/\r$/, ''), line: ++lineNo, offset: textCarryOffset, bareLf: true });
    } else if (carryLen > 0) {
      if (skipping > 0)
        opts.warn(
          `line ${lineNo + 1}`,
          `line is ${skipping + carryLen} bytes long; only the first ${maxLine} bytes kept`,
        );
      const bytes = Buffer.concat(carry, carryLen);
      const cr = bytes[bytes.length - 1] === 13;
      tail.push({
        text: opts.decoder.decode(cr ? bytes.subarray(0, bytes.length - 1) : bytes),
        line: ++lineNo,
        offset: carryOffset,
        bareLf: true,
      });
    }
    if (tail.length > 0) yield tail;
  } finally {
    await fh.close();
  }
}
