/**
 * Content hashes of the loaded inputs, computed once per file. Annotations are keyed by them and the
 * case records them, so a file is hashed when the case first needs it (a mark, a save), streamed and
 * read-only, and never twice in a session.
 */
import { stat } from 'node:fs/promises';
import type { CaseInput, CaseInputSide } from '../../../shared/model/case';
import type { InputKind } from '../../../shared/model/trace';
import { hashFile } from '../case/hash-file';

/** An input file the session has loaded. */
export interface LoadedSource {
  path: string;
  side: CaseInputSide;
  kind: InputKind;
  encoding: string;
}

export class InputHashes {
  private readonly memo = new Map<string, Promise<{ size: number; sha256: string }>>();

  private fingerprint(path: string): Promise<{ size: number; sha256: string }> {
    let p = this.memo.get(path);
    if (!p) {
      p = Promise.all([stat(path), hashFile(path)]).then(([s, sha256]) => ({ size: s.size, sha256 }));
      // A failed read is not remembered: the next call tries again.
      p.catch(() => this.memo.delete(path));
      this.memo.set(path, p);
    }
    return p;
  }

  /** Starts hashing in the background (after a load) so the first mark does not wait for it. */
  warm(path: string): void {
    this.fingerprint(path).catch(() => undefined);
  }

  async sha256(path: string): Promise<string> {
    return (await this.fingerprint(path)).sha256;
  }

  async describe(src: LoadedSource): Promise<CaseInput> {
    const { size, sha256 } = await this.fingerprint(src.path);
    return { path: src.path, size, sha256, side: src.side, kind: src.kind, encoding: src.encoding };
  }

  /** Remembers a hash already checked elsewhere (verifying a reopened case hashes every input). */
  remember(path: string, size: number, sha256: string): void {
    this.memo.set(path, Promise.resolve({ size, sha256 }));
  }
}
