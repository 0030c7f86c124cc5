/**
 * Which files a contract call may make the host read. In the desktop app the user chose each path
 * (dialog, drop, command line), so any absolute path is taken. In browser mode the page is not
 * trusted with the file system: it may open only what was uploaded through it or named on the
 * host's command line.
 */
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { InputRequest } from '../../../shared/contract';
import { ContractFailure } from './contract-failure';

export interface ResolvedInput {
  path: string;
  /** Shown to the user and used for side hints: the upload's or the file's own name. */
  name: string;
  role: InputRequest['role'];
}

export class InputAccess {
  private readonly allowed = new Set<string>();
  private readonly uploads = new Map<string, { path: string; name: string }>();

  constructor(private readonly policy: 'any' | 'allowlist') {}

  allowPath(p: string): void {
    this.allowed.add(path.resolve(p));
  }

  registerUpload(filePath: string, name: string): string {
    const id = `upload-${randomUUID()}`;
    this.uploads.set(id, { path: filePath, name });
    return id;
  }

  /**
   * May the host read this path when the page did not name it itself (a reopened case lists paths)?
   * Browser mode: only files it was given (command line, uploads) and its own trusted folders.
   */
  permits(p: string, trustedRoots: readonly string[] = []): boolean {
    if (this.policy === 'any') return true;
    const abs = path.resolve(p);
    if (this.allowed.has(abs)) return true;
    for (const up of this.uploads.values()) if (path.resolve(up.path) === abs) return true;
    return trustedRoots.some((root) => {
      const rel = path.relative(path.resolve(root), abs);
      return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
    });
  }

  /** The files uploaded in this run, with the names they were uploaded under. */
  uploadedFiles(): { path: string; name: string }[] {
    return [...this.uploads.values()];
  }

  /** `trusted`: the host itself asks (demo case, command line), not the page. */
  resolve(input: InputRequest, trusted: boolean): ResolvedInput {
    if ('uploadId' in input.ref) {
      const up = this.uploads.get(input.ref.uploadId);
      if (!up) throw new ContractFailure('not-found', `No upload with id '${input.ref.uploadId}'.`);
      return { path: up.path, name: input.name || up.name, role: input.role };
    }
    const p = input.ref.path;
    if (!path.isAbsolute(p)) throw new ContractFailure('bad-request', `'${p}' is not an absolute path.`);
    const abs = path.resolve(p);
    if (!trusted && this.policy === 'allowlist' && !this.allowed.has(abs)) {
      throw new ContractFailure(
        'bad-request',
        'In browser mode files are opened by uploading them (or by naming them on the command line).',
      );
    }
    return { path: abs, name: input.name || path.basename(abs), role: input.role };
  }
}
