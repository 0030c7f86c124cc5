/**
 * Checking a reopened case's inputs before they are read again. Each is re-hashed where it was
 * (verify-inputs.ts); one that is gone may be beside the case file or among this run's uploads with
 * the same name and content. In browser mode the host reads only files it was given, so an input
 * outside them counts as missing until the user uploads it again, whatever path the case names.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { CaseFile, CaseInput } from '../../../shared/model/case';
import { hashFile } from '../case/hash-file';
import { verifyInput, type InputCheck } from '../case/verify-inputs';

export interface InputPolicy {
  /** May the host read this file? */
  permits(file: string): boolean;
  /** Files uploaded in this run (browser mode). */
  uploads(): readonly { path: string; name: string }[];
}

const baseName = (p: string): string => path.basename(p.replace(/\\/g, '/')).toLowerCase();

async function findAmongUploads(input: CaseInput, policy: InputPolicy): Promise<string | null> {
  const name = baseName(input.path);
  for (const up of policy.uploads()) {
    if (up.name.toLowerCase() !== name && baseName(up.path) !== name) continue;
    try {
      if ((await stat(up.path)).size !== input.size) continue;
      if ((await hashFile(up.path)) === input.sha256) return up.path;
    } catch {
      // An upload removed meanwhile is simply not a candidate.
    }
  }
  return null;
}

export async function checkCaseInputs(
  c: CaseFile,
  casePath: string,
  policy: InputPolicy,
): Promise<InputCheck[]> {
  const out: InputCheck[] = [];
  for (const input of c.inputs) {
    let check: InputCheck = policy.permits(input.path)
      ? await verifyInput(input, { casePath })
      : {
          input,
          status: 'missing',
          message: `${input.path} is not available to this host: upload the file again to reattach it.`,
        };
    if (check.status === 'missing') {
      const found = await findAmongUploads(input, policy);
      if (found) {
        check = {
          input,
          status: 'relocated',
          foundAt: found,
          message: `${path.basename(input.path)} was found among the uploaded files.`,
        };
      }
    }
    out.push(check);
  }
  return out;
}
