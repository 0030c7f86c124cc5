/**
 * Reads the small text files engineers capture from command-line tools (icacls, Get-Acl, fltmc).
 * How the file was redirected decides its bytes: `cmd /c icacls ... > f.txt` writes the OEM/ANSI
 * code page (GBK/GB18030 on a Chinese machine), Windows PowerShell 5.1 `>` writes UTF-16LE with a
 * BOM, `Out-File -Encoding utf8` UTF-8 with a BOM. The encoding is detected from the bytes
 * (ingest/decode.ts); the file is opened read-only.
 */
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { decodeBytes, detectEncoding } from '../decode';

/** Tool output this large is not what these readers are for. */
export const MAX_TOOL_TEXT_BYTES = 64 * 1024 * 1024;

export interface ToolText {
  text: string;
  encoding: string;
  fileName: string;
}

/** Decodes bytes of tool output: BOM, UTF-16 without BOM, UTF-8, else the ANSI code page. */
export function decodeToolBytes(bytes: Uint8Array): { text: string; encoding: string } {
  const enc = detectEncoding(bytes.subarray(0, Math.min(bytes.length, 256 * 1024)));
  return { text: decodeBytes(bytes, enc), encoding: enc.label };
}

/** Reads and decodes a tool-output file; errors name the file. */
export async function readToolText(path: string, what: string): Promise<ToolText> {
  const fileName = basename(path);
  let fh;
  try {
    fh = await open(path, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'it is a folder'
          : e instanceof Error
            ? e.message
            : String(e);
    throw new Error(`${path}: cannot read ${what} (${why})`, { cause: e });
  }
  try {
    const { size } = await fh.stat();
    if (size > MAX_TOOL_TEXT_BYTES)
      throw new Error(
        `${path}: ${size.toLocaleString('en-US')} bytes is too large for ${what} (at most ${MAX_TOOL_TEXT_BYTES.toLocaleString('en-US')})`,
      );
    const buf = Buffer.alloc(size);
    let got = 0;
    while (got < size) {
      const { bytesRead } = await fh.read(buf, got, size - got, got);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    const { text, encoding } = decodeToolBytes(new Uint8Array(buf.buffer, buf.byteOffset, got));
    return { text, encoding, fileName };
  } finally {
    await fh.close();
  }
}

/**
 * The lines of a text (CRLF, LF or CR, as `split(/\r\n|\n|\r/)` cuts them) one at a time, with the
 * next one in view. The readers used to split the whole text: a damaged file of a million short
 * lines held a million strings at about 50 bytes each (found by fuzzing).
 */
export class LineCursor {
  private at = 0;
  private done = false;
  private ahead: string | null = null;
  /** 1-based number of the line `next()` returned last. */
  lineNo = 0;

  constructor(private readonly text: string) {}

  private read(): string | null {
    if (this.done) return null;
    const t = this.text;
    let end = this.at;
    for (; end < t.length; end++) {
      const c = t.charCodeAt(end);
      if (c === 10 || c === 13) break;
    }
    const line = t.slice(this.at, end);
    if (end >= t.length) this.done = true;
    else this.at = end + (t.charCodeAt(end) === 13 && t.charCodeAt(end + 1) === 10 ? 2 : 1);
    return line;
  }

  next(): string | null {
    const line = this.ahead ?? this.read();
    this.ahead = null;
    if (line !== null) this.lineNo++;
    return line;
  }

  /** The line after the current one, without moving past it. */
  peek(): string | null {
    this.ahead ??= this.read();
    return this.ahead;
  }
}
