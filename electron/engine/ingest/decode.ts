/**
 * Text encodings of exported traces. Real Procmon CSV/XML exports are UTF-8 with a BOM
 * (procmon.md §1.1), but files pass through other tools: UTF-8 without BOM, UTF-16 from editors and
 * PowerShell, and the legacy ANSI code page of a Chinese machine (GB18030 / Big5). Detection looks at the
 * first bytes only; decoding streams, so a multi-GB file is never held whole.
 */
import { open } from 'node:fs/promises';

/** WHATWG decoder labels we use (Node 20 ships full ICU, so gb18030 and big5 are available). */
export type DecoderName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030' | 'big5' | 'windows-1252';

export interface EncodingInfo {
  decoder: DecoderName;
  /** Byte length of the BOM at the start of the file (0 when none). */
  bomLength: number;
  /** For people: "UTF-8 with BOM", "GB18030", ... (goes into TraceMeta.encoding). */
  label: string;
}

const LABELS: Record<DecoderName, string> = {
  'utf-8': 'UTF-8',
  'utf-16le': 'UTF-16LE',
  'utf-16be': 'UTF-16BE',
  gb18030: 'GB18030',
  big5: 'Big5',
  'windows-1252': 'Windows-1252',
};

function info(decoder: DecoderName, bomLength: number): EncodingInfo {
  return { decoder, bomLength, label: bomLength > 0 ? `${LABELS[decoder]} with BOM` : LABELS[decoder] };
}

/** Parses a label produced by `detectEncoding` back into decoder settings. */
export function encodingFromLabel(label: string): EncodingInfo {
  const bom = /with BOM$/.test(label);
  const base = label.replace(/ with BOM$/, '');
  const entry = (Object.entries(LABELS) as [DecoderName, string][]).find(([, l]) => l === base);
  const decoder = entry ? entry[0] : 'utf-8';
  const bomLength = !bom ? 0 : decoder === 'utf-8' ? 3 : 2;
  return info(decoder, bomLength);
}

/** True when the bytes are valid UTF-8 (an incomplete sequence cut by the sample's end is allowed). */
export function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
    return true;
  } catch {
    return false;
  }
}

function decodesCleanly(name: DecoderName, bytes: Uint8Array): boolean {
  try {
    new TextDecoder(name, { fatal: true }).decode(bytes, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/**
 * Scores how plausible the double-byte pairs are as Simplified Chinese in GB2312/GBK versus Traditional
 * Chinese in Big5, from where the pairs fall in each code table. GB2312 puts its 3,755 common
 * characters at lead bytes B0-D7 and the rest at D8-F7, with trail bytes A1-FE; A4-A9 are kana, Greek,
 * Cyrillic and pinyin, AA-AF and F8-FE user-defined. Big5 puts its 5,401 frequent characters at
 * A440-C67E and the less frequent ones at C940-F9D5, with trail bytes 40-7E or A1-FE.
 */
export function scoreChinese(bytes: Uint8Array): { gb: number; big5: number } {
  let gb = 0;
  let big5 = 0;
  for (let i = 0; i < bytes.length - 1; i++) {
    const lead = bytes[i];
    if (lead < 0x81) continue;
    const trail = bytes[i + 1];
    i++;
    // GB hypothesis
    if (trail >= 0xa1 && trail <= 0xfe) {
      if (lead >= 0xb0 && lead <= 0xd7) gb += 2;
      else if (lead >= 0xd8 && lead <= 0xf7) gb += 1;
      else if (lead >= 0xa1 && lead <= 0xa3) gb += 1;
      else if ((lead >= 0xaa && lead <= 0xaf) || lead >= 0xf8) gb -= 2;
    } else if (trail >= 0x40 && trail !== 0x7f) {
      gb -= 1; // GBK extension: rare characters
    } else {
      gb -= 3;
    }
    // Big5 hypothesis
    const trailOk = (trail >= 0x40 && trail <= 0x7e) || (trail >= 0xa1 && trail <= 0xfe);
    if (!trailOk) big5 -= 3;
    else {
      const code = (lead << 8) | trail;
      if (code >= 0xa440 && code <= 0xc67e) big5 += 2;
      else if (code >= 0xc940 && code <= 0xf9d5) big5 += 1;
      else if (lead >= 0xa1 && lead <= 0xa3) big5 += 1;
      else big5 -= 2;
    }
  }
  return { gb, big5 };
}

function looksUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(bytes.length, 4096) & ~1;
  if (n < 4) return null;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZero++;
    if (bytes[i + 1] === 0) oddZero++;
  }
  const pairs = n / 2;
  if (oddZero > pairs * 0.4 && evenZero < pairs * 0.05) return 'utf-16le';
  if (evenZero > pairs * 0.4 && oddZero < pairs * 0.05) return 'utf-16be';
  return null;
}

/** Decides the encoding of a file from its first bytes (up to ~64 KiB). */
export function detectEncoding(bytes: Uint8Array): EncodingInfo {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return info('utf-8', 3);
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return info('utf-16le', 2);
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return info('utf-16be', 2);
  const wide = looksUtf16(bytes);
  if (wide) return info(wide, 0);
  if (isValidUtf8(bytes)) return info('utf-8', 0);
  // Not UTF-8: the machine's ANSI code page. Keep only the candidates that decode without error,
  // then let the byte evidence choose between Simplified and Traditional Chinese.
  const gbOk = decodesCleanly('gb18030', bytes);
  const big5Ok = decodesCleanly('big5', bytes);
  const { gb, big5 } = scoreChinese(bytes);
  if (gbOk && (!big5Ok || gb >= big5) && gb > 0) return info('gb18030', 0);
  if (big5Ok && big5 > 0) return info('big5', 0);
  if (gbOk && gb > 0) return info('gb18030', 0);
  return info('windows-1252', 0);
}

/** Reads the first `max` bytes of a file. */
export async function readHead(path: string, max = 64 * 1024): Promise<{ bytes: Uint8Array; size: number }> {
  const fh = await open(path, 'r');
  try {
    const { size } = await fh.stat();
    const buf = Buffer.alloc(Math.min(max, size));
    let got = 0;
    while (got < buf.length) {
      const { bytesRead } = await fh.read(buf, got, buf.length - got, got);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    return { bytes: new Uint8Array(buf.buffer, buf.byteOffset, got), size };
  } finally {
    await fh.close();
  }
}

export interface TextChunkOptions {
  encoding: EncodingInfo;
  /** Bytes per read; 1 MiB by default. */
  chunkSize?: number;
  signal?: AbortSignal;
  /** Called after each read with the total bytes read so far. */
  onBytes?(bytesRead: number): void;
}

/** Thrown when an AbortSignal stops a read. */
export function abortError(): Error {
  const e = new Error('Reading was cancelled');
  e.name = 'AbortError';
  return e;
}

/**
 * Streams a file as decoded text chunks. The BOM is dropped; multi-byte sequences split across reads
 * are carried by the streaming decoder. Reads stop promptly when the signal aborts.
 */
export async function* readTextChunks(path: string, opts: TextChunkOptions): AsyncGenerator<string> {
  const chunkSize = opts.chunkSize ?? 1 << 20;
  const decoder = new TextDecoder(opts.encoding.decoder, { ignoreBOM: false });
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(chunkSize);
    let pos = 0;
    for (;;) {
      if (opts.signal?.aborted) throw abortError();
      const { bytesRead } = await fh.read(buf, 0, chunkSize, pos);
      if (bytesRead === 0) break;
      pos += bytesRead;
      opts.onBytes?.(pos);
      const text = decoder.decode(buf.subarray(0, bytesRead), { stream: true });
      if (text.length > 0) yield text;
    }
    const tail = decoder.decode();
    if (tail.length > 0) yield tail;
  } finally {
    await fh.close();
  }
}

/** Decodes a whole (small) byte array, BOM dropped. */
export function decodeBytes(bytes: Uint8Array, encoding: EncodingInfo): string {
  return new TextDecoder(encoding.decoder, { ignoreBOM: false }).decode(bytes);
}
