/**
 * Files the page uploads in browser mode. Each is streamed to a per-run temporary folder (never
 * buffered whole: captures run to gigabytes), bounded by a size limit, and the folder is removed
 * when the host exits. Uploaded files are the only files the page can make the host open.
 */
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, unlink } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export const DEFAULT_MAX_UPLOAD_BYTES = 8 * 1024 ** 3;

export class UploadTooLarge extends Error {
  constructor(readonly limit: number) {
    super(
      `The file is larger than the upload limit of ${formatBytes(limit)} (start the host with --max-upload-gb to change it).`,
    );
  }
}

export function formatBytes(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(n % 1024 ** 3 === 0 ? 0 : 1)} GiB`;
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  return `${n} bytes`;
}

/** Keeps the user's file name readable (it is shown and used as a hint for the side) but harmless on disk. */
export function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
    .replace(/[\u0000-\u001f<>:"|?*]/g, '_')
    .replace(/^[.\s]+/, '')
    .slice(0, 200);
  return cleaned || 'upload';
}

export class UploadStore {
  readonly dir: string;
  private counter = 0;
  private removed = false;

  constructor(
    readonly maxBytes: number = DEFAULT_MAX_UPLOAD_BYTES,
    parent: string = os.tmpdir(),
  ) {
    this.dir = mkdtempSync(path.join(parent, 'tracediff-uploads-'));
  }

  /** Streams one upload to disk; rejects with UploadTooLarge past the limit (the partial file is removed). */
  async receive(
    body: Readable,
    name: string,
    declaredLength?: number,
  ): Promise<{ path: string; size: number }> {
    if (this.removed) throw new Error('The upload folder has been removed (the host is shutting down).');
    // Refused before reading: the caller answers and closes the connection instead of draining gigabytes.
    if (declaredLength !== undefined && declaredLength > this.maxBytes)
      throw new UploadTooLarge(this.maxBytes);
    // Each upload in a folder of its own under its own name: the name is what a case records and what
    // reports and log evidence call the file, so it must not carry a prefix.
    const folder = path.join(this.dir, String(++this.counter));
    mkdirSync(folder);
    const file = path.join(folder, safeFileName(name));
    let size = 0;
    const limit = this.maxBytes;
    const counter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        size += chunk.length;
        if (size > limit) done(new UploadTooLarge(limit));
        else done(null, chunk);
      },
    });
    // The body is piped rather than put in the pipeline so that a refused upload does not destroy the
    // request's socket before the 413 answer is written; a client that goes away still ends the copy.
    const onGone = (): void => {
      if (!body.readableEnded) counter.destroy(new Error('The upload was interrupted before it ended.'));
    };
    body.once('error', onGone);
    body.once('close', onGone);
    body.pipe(counter);
    try {
      await pipeline(counter, createWriteStream(file, { flags: 'wx' }));
    } catch (e) {
      body.unpipe(counter);
      body.pause();
      await new Promise<void>((resolve) => unlink(file, () => resolve()));
      rmSync(folder, { recursive: true, force: true });
      throw e;
    } finally {
      body.off('error', onGone);
      body.off('close', onGone);
    }
    return { path: file, size };
  }

  /** Removes the folder and everything in it; safe to call more than once. */
  removeAll(): void {
    if (this.removed) return;
    this.removed = true;
    rmSync(this.dir, { recursive: true, force: true });
  }
}
