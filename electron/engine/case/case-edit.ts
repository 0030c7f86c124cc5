/**
 * Building and editing a case: new cases, inputs described from files on disk, and annotation edits.
 * Edits return a new CaseFile (the host keeps one current value and hands it to the Autosaver).
 */
import { randomUUID } from 'node:crypto';
import { stat } from 'node:fs/promises';
import {
  CASE_FILE_VERSION,
  type Annotation,
  type AnnotationTarget,
  type CaseFile,
  type CaseInput,
  type CaseInputSide,
  type CaseMetadata,
  type Tag,
} from '../../../shared/model/case';
import type { InputKind } from '../../../shared/model/trace';
import { hashFile } from './hash-file';

export function emptyMetadata(): CaseMetadata {
  return {
    ticket: '',
    customer: '',
    engineer: '',
    machines: { baseline: { name: '', os: '' }, problem: { name: '', os: '' } },
  };
}

export function createCase(
  init: Partial<Omit<CaseFile, 'version'>> & { appVersion: string; now?: Date },
): CaseFile {
  const now = (init.now ?? new Date()).toISOString();
  return {
    version: CASE_FILE_VERSION,
    title: init.title ?? '',
    conclusion: init.conclusion ?? '',
    created: init.created ?? now,
    updated: init.updated ?? now,
    appVersion: init.appVersion,
    metadata: init.metadata ?? emptyMetadata(),
    inputs: init.inputs ?? [],
    annotations: init.annotations ?? [],
    rules: init.rules ?? [],
    view: init.view ?? {},
  };
}

/** Describes an input file for the case: size and streamed SHA-256 (read-only). */
export async function describeInput(
  path: string,
  side: CaseInputSide,
  kind: InputKind,
  encoding: string,
): Promise<CaseInput> {
  const s = await stat(path);
  return { path, size: s.size, sha256: await hashFile(path), side, kind, encoding };
}

function cleanTags(tags: readonly Tag[]): Tag[] {
  const out: Tag[] = [];
  for (const t of tags) {
    const v = t.trim();
    if (v !== '' && !out.includes(v)) out.push(v);
  }
  return out;
}

export function sameTarget(a: AnnotationTarget, b: AnnotationTarget): boolean {
  switch (a.type) {
    case 'event':
      return b.type === 'event' && a.side === b.side && a.seq === b.seq && a.inputSha256 === b.inputSha256;
    case 'aligned':
      return b.type === 'aligned' && a.baselineSeq === b.baselineSeq && a.problemSeq === b.problemSeq;
    case 'log':
      return b.type === 'log' && a.logSha256 === b.logSha256 && a.line === b.line;
    case 'finding':
      return b.type === 'finding' && a.findingKey === b.findingKey;
  }
}

export function addAnnotation(
  c: CaseFile,
  target: AnnotationTarget,
  init: { tags?: Tag[]; note?: string; now?: Date } = {},
): { case: CaseFile; annotation: Annotation } {
  const now = (init.now ?? new Date()).toISOString();
  const annotation: Annotation = {
    id: randomUUID(),
    target,
    tags: cleanTags(init.tags ?? []),
    note: init.note ?? '',
    created: now,
    updated: now,
  };
  return { case: { ...c, annotations: [...c.annotations, annotation] }, annotation };
}

export function updateAnnotation(
  c: CaseFile,
  id: string,
  change: { tags?: Tag[]; note?: string; now?: Date },
): CaseFile {
  if (!c.annotations.some((a) => a.id === id)) throw new Error(`No annotation with id ${id}`);
  const now = (change.now ?? new Date()).toISOString();
  return {
    ...c,
    annotations: c.annotations.map((a) =>
      a.id === id
        ? {
            ...a,
            tags: change.tags ? cleanTags(change.tags) : a.tags,
            note: change.note ?? a.note,
            updated: now,
          }
        : a,
    ),
  };
}

export function removeAnnotation(c: CaseFile, id: string): CaseFile {
  return { ...c, annotations: c.annotations.filter((a) => a.id !== id) };
}

export function annotationsOn(c: CaseFile, target: AnnotationTarget): Annotation[] {
  return c.annotations.filter((a) => sameTarget(a.target, target));
}
