/**
 * Streamed SHA-256 of an input file. Inputs can be gigabytes (PML captures), so the file is read in
 * chunks, read-only, and never held whole in memory.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

export interface HashFileOptions {
  signal?: AbortSignal;
  /** Called with the bytes hashed so far, for progress lines. */
  onProgress?: (bytes: number) => void;
}

export async function hashFile(path: string, opts: HashFileOptions = {}): Promise<string> {
  const hash = createHash('sha256');
  const stream = createReadStream(path, { flags: 'r', highWaterMark: 1 << 20, signal: opts.signal });
  let bytes = 0;
  for await (const chunk of stream) {
    const buf = chunk as Buffer;
    hash.update(buf);
    bytes += buf.length;
    opts.onProgress?.(bytes);
  }
  return hash.digest('hex');
}
