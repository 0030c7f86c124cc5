/**
 * Reading a case to open it: where the file may come from (browser mode: the host's cases folder or
 * an upload), a clear failure with the earlier version offered, where the case is written from now
 * on (a recovered or uploaded case gets a file of its own, so an unreadable original, a newer
 * build's file or the upload is never overwritten), and what was found of its inputs.
 */
import path from 'node:path';
import type { InputRequest, OpenCaseResult } from '../../../shared/contract';
import { CASE_FILE_EXTENSION, type CaseFile, type CaseInput } from '../../../shared/model/case';
import { backupPathOf, fileExists, loadCase } from '../case/case-file';
import type { CaseHost, InputCheckNote } from './case-controller';
import { checkCaseInputs } from './case-inputs';
import type { CaseLocation } from './case-store';
import { ContractFailure } from './contract-failure';
import type { InputHashes } from './input-hashes';
import { isInside } from './recent-cases';

export type OpenCaseRequest = ({ path: string; recover?: boolean } | { uploadId: string }) & {
  name?: string;
};

export interface CaseReadingDeps {
  casesDir: string | null;
  pathPolicy: 'any' | 'allowlist';
  host: CaseHost;
  hashes: InputHashes;
}

export type CaseToOpen =
  | { ok: false; result: Extract<OpenCaseResult, { ok: false }> }
  | {
      ok: true;
      case: CaseFile;
      /** The case's inputs, pointing where they were found. */
      inputs: CaseInput[];
      checks: Map<string, InputCheckNote>;
      toLoad: InputRequest[];
      target: string;
      location: CaseLocation;
      notices: string[];
      /** The case should be written again at once (new file, or inputs found elsewhere). */
      rewrite: boolean;
    };

function resolveCasePath(file: string, d: CaseReadingDeps): string {
  if (!path.isAbsolute(file)) throw new ContractFailure('bad-request', `'${file}' is not an absolute path.`);
  const abs = path.resolve(file);
  const ours = d.casesDir !== null && isInside(d.casesDir, abs);
  if (d.pathPolicy === 'allowlist' && !ours && !d.host.permits(abs)) {
    throw new ContractFailure(
      'bad-request',
      'In browser mode a case is opened from the recent list or by uploading its file.',
    );
  }
  return abs;
}

/** A free path in `dir` named `<stem>.tdcase` (or `<stem> (2).tdcase`, ...). */
async function freePath(dir: string, stem: string): Promise<string> {
  const base = stem.replace(/\.tdcase$/i, '');
  for (let n = 1; ; n++) {
    const p = path.join(dir, `${base}${n > 1 ? ` (${n})` : ''}${CASE_FILE_EXTENSION}`);
    if (!(await fileExists(p))) return p;
  }
}

export async function readCaseToOpen(req: OpenCaseRequest, d: CaseReadingDeps): Promise<CaseToOpen> {
  let source: string;
  let displayName: string;
  const upload = 'uploadId' in req;
  if ('uploadId' in req) {
    const r = d.host.resolveUntrusted({ uploadId: req.uploadId }, req.name);
    source = r.path;
    displayName = r.name;
  } else {
    source = resolveCasePath(req.path, d);
    displayName = path.basename(source);
  }
  const recover = 'path' in req && req.recover === true;
  const loaded = await loadCase(recover ? backupPathOf(source) : source);
  if (!loaded.ok) {
    const e = loaded.error;
    const rec = loaded.recovery;
    return {
      ok: false,
      result: {
        ok: false,
        error: {
          kind: e.kind,
          // An upload's temporary path means nothing to the user; its own name does.
          file: upload ? displayName : e.file,
          message: upload ? e.message.split(source).join(displayName) : e.message,
          line: e.line,
          column: e.column,
          field: e.field,
        },
        recovery:
          rec && !recover
            ? {
                path: rec.path,
                title: rec.case.title,
                updated: rec.case.updated,
                annotations: rec.case.annotations.length,
              }
            : null,
      },
    };
  }
  const c = loaded.case;
  let target = source;
  const notices: string[] = [];
  if (upload) {
    if (!d.casesDir) throw new ContractFailure('bad-request', 'This host has no folder to keep cases in.');
    target = await freePath(d.casesDir, displayName);
    notices.push(`The uploaded case is kept in the host’s cases folder as ${path.basename(target)}.`);
  } else if (recover) {
    target = await freePath(path.dirname(source), `${path.basename(source, CASE_FILE_EXTENSION)}-recovered`);
    notices.push(
      `Opened the previous version of ${path.basename(source)}; changes are saved to ${path.basename(target)}, the original is left as it is.`,
    );
  }
  const location: CaseLocation = d.casesDir && isInside(d.casesDir, target) ? 'auto' : 'user';

  const found = await checkCaseInputs(c, target, d.host);
  const checks = new Map<string, InputCheckNote>();
  const inputs = c.inputs.map((input, i) => {
    const ck = found[i];
    const at = ck.status === 'relocated' && ck.foundAt ? ck.foundAt : input.path;
    checks.set(path.resolve(at), { status: ck.status, message: ck.message });
    // Verifying hashed every input present; the session need not hash them again.
    if (ck.status === 'ok' || ck.status === 'relocated') d.hashes.remember(at, input.size, input.sha256);
    if (ck.status === 'changed' && ck.actualSha256)
      d.hashes.remember(at, ck.actualSize ?? input.size, ck.actualSha256);
    return { ...input, path: at };
  });
  const toLoad: InputRequest[] = inputs
    .filter((_, i) => found[i].status !== 'missing')
    .map((i) => ({ ref: { path: i.path }, role: i.side, name: path.basename(i.path) }));
  const rewrite = target !== source || inputs.some((i, k) => i.path !== c.inputs[k].path);
  return { ok: true, case: c, inputs, checks, toLoad, target, location, notices, rewrite };
}
