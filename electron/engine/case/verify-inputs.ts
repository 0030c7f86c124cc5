/**
 * Checks that a reopened case still points at the files it was built from: each input is looked up
 * at its recorded path and re-hashed. A missing file may have moved with the case (same name beside
 * the case file, same hash): that is offered as 'relocated'; otherwise the engineer is asked to locate it.
 */
import { stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { CaseFile, CaseInput } from '../../../shared/model/case';
import { hashFile } from './hash-file';

export type InputStatus = 'ok' | 'changed' | 'missing' | 'relocated';

export interface InputCheck {
  input: CaseInput;
  status: InputStatus;
  /** For 'relocated': where the same content was found. */
  foundAt?: string;
  /** For 'changed': the hash the file has now ('' when only the size told). */
  actualSha256?: string;
  actualSize?: number;
  message: string;
}

export interface VerifyOptions {
  /** The case file's path: a missing input is also looked for beside it. */
  casePath?: string;
  signal?: AbortSignal;
}

async function sizeOf(path: string): Promise<number | null> {
  try {
    const s = await stat(path);
    return s.isFile() ? s.size : null;
  } catch {
    return null;
  }
}

export async function verifyInput(input: CaseInput, opts: VerifyOptions = {}): Promise<InputCheck> {
  const size = await sizeOf(input.path);
  if (size === null) {
    if (opts.casePath) {
      // The recorded path may be Windows-style while we run elsewhere; take the last component of either form.
      const name = basename(input.path.replace(/\\/g, '/'));
      const beside = join(dirname(opts.casePath), name);
      if (beside !== input.path && (await sizeOf(beside)) === input.size) {
        const sha = await hashFile(beside, { signal: opts.signal });
        if (sha === input.sha256) {
          return {
            input,
            status: 'relocated',
            foundAt: beside,
            message: `${input.path} was moved; the same file is at ${beside}.`,
          };
        }
      }
    }
    return { input, status: 'missing', message: `${input.path} is missing: locate the file to reattach it.` };
  }
  if (size !== input.size) {
    return {
      input,
      status: 'changed',
      actualSha256: '',
      actualSize: size,
      message: `${input.path} has changed since the case was saved (size ${size} bytes, was ${input.size}).`,
    };
  }
  const sha = await hashFile(input.path, { signal: opts.signal });
  if (sha !== input.sha256) {
    return {
      input,
      status: 'changed',
      actualSha256: sha,
      actualSize: size,
      message: `${input.path} has changed since the case was saved (SHA-256 ${sha.slice(0, 12)}…, was ${input.sha256.slice(0, 12)}…).`,
    };
  }
  return { input, status: 'ok', message: `${input.path}: unchanged.` };
}

/** Verifies every input in turn (sequentially: parallel hashing of big files only thrashes the disk). */
export async function verifyInputs(c: CaseFile, opts: VerifyOptions = {}): Promise<InputCheck[]> {
  const out: InputCheck[] = [];
  for (const input of c.inputs) out.push(await verifyInput(input, opts));
  return out;
}

/**
 * Points an input at a file the engineer located. The file must have the recorded content; a
 * different file is refused with the reason so annotations keyed by hash never attach to other data.
 */
export async function relocateInput(c: CaseFile, sha256: string, newPath: string): Promise<CaseFile> {
  const input = c.inputs.find((i) => i.sha256 === sha256);
  if (!input) throw new Error(`The case has no input with SHA-256 ${sha256}.`);
  const size = await sizeOf(newPath);
  if (size === null) throw new Error(`${newPath}: no such file.`);
  const sha = size === input.size ? await hashFile(newPath) : '';
  if (sha !== input.sha256) {
    throw new Error(
      `${newPath} is not the file this case was built from (its content differs from ${basename(input.path)}).`,
    );
  }
  return { ...c, inputs: c.inputs.map((i) => (i === input ? { ...i, path: newPath } : i)) };
}
