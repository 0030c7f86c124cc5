/**
 * The open case as the window shows it: the host's CaseState (annotations, metadata, inputs, save
 * state), the marks as sets the grids' row rules read, and which case dialog is open. The host is the
 * source of truth; every change goes through the contract and comes back as a new CaseState.
 */
import { create } from 'zustand';
import type {
  AnnotationTargetRef,
  CaseLoadFailure,
  CaseState,
  OpenCaseResult,
} from '../../../shared/contract';
import type { Side } from '../../../shared/model/trace';

/** What the note dialog edits: an existing annotation, or a new one on `target`. */
export interface NoteTarget {
  annotationId: string | null;
  target: AnnotationTargetRef;
}

export interface Marks {
  /** `${side}:${seq}` for event marks and for both events of aligned-row marks. */
  events: Set<string>;
  /** `${logId}:${line}` */
  logs: Set<string>;
  /** Finding ids. */
  findings: Set<string>;
}

export type CaseDialog = 'meta' | 'export' | 'open' | 'inputs' | null;

interface CaseUiStore {
  state: CaseState | null;
  marks: Marks;
  /** Bumped when the marks change, so the grids redraw their rows. */
  marksVersion: number;
  dialog: CaseDialog;
  note: NoteTarget | null;
  /** A case file that could not be opened, with the earlier version offered instead. */
  openFailure: Extract<OpenCaseResult, { ok: false }> | null;
  setState(state: CaseState): void;
  setDialog(dialog: CaseDialog): void;
  setNote(note: NoteTarget | null): void;
  setOpenFailure(f: Extract<OpenCaseResult, { ok: false }> | null): void;
}

export const eventKey = (side: Side, seq: number): string => `${side}:${seq}`;
export const logKey = (logId: string, line: number): string => `${logId}:${line}`;

export function marksOf(state: CaseState | null): Marks {
  const marks: Marks = { events: new Set(), logs: new Set(), findings: new Set() };
  for (const a of state?.annotations ?? []) {
    const r = a.ref;
    if (!r) continue;
    if (r.type === 'event') marks.events.add(eventKey(r.side, r.seq));
    else if (r.type === 'aligned') {
      if (r.baselineSeq >= 0) marks.events.add(eventKey('baseline', r.baselineSeq));
      if (r.problemSeq >= 0) marks.events.add(eventKey('problem', r.problemSeq));
    } else if (r.type === 'log') marks.logs.add(logKey(r.logId, r.line));
    else marks.findings.add(r.findingKey);
  }
  return marks;
}

function sameMarks(a: Marks, b: Marks): boolean {
  const eq = (x: Set<string>, y: Set<string>) => x.size === y.size && [...x].every((k) => y.has(k));
  return eq(a.events, b.events) && eq(a.logs, b.logs) && eq(a.findings, b.findings);
}

export const useCase = create<CaseUiStore>()((set) => ({
  state: null,
  marks: marksOf(null),
  marksVersion: 0,
  dialog: null,
  note: null,
  openFailure: null,
  setState: (state) =>
    set((s) => {
      const marks = marksOf(state);
      return sameMarks(marks, s.marks) ? { state } : { state, marks, marksVersion: s.marksVersion + 1 };
    }),
  setDialog: (dialog) => set({ dialog }),
  setNote: (note) => set({ note }),
  setOpenFailure: (openFailure) => set({ openFailure }),
}));

/** True when the target itself carries a mark (not only an event inside it). */
export function sameRef(a: AnnotationTargetRef, b: AnnotationTargetRef): boolean {
  switch (a.type) {
    case 'event':
      return b.type === 'event' && a.side === b.side && a.seq === b.seq;
    case 'aligned':
      return b.type === 'aligned' && a.baselineSeq === b.baselineSeq && a.problemSeq === b.problemSeq;
    case 'log':
      return b.type === 'log' && a.logId === b.logId && a.line === b.line;
    case 'finding':
      return b.type === 'finding' && a.findingKey === b.findingKey;
  }
}

/**
 * Annotations a mark on `target` would show: the same target, and for an aligned row also marks on
 * either of its events (and the other way round), since each view draws them on the same row.
 */
export function annotationsCovering(state: CaseState | null, target: AnnotationTargetRef): string[] {
  if (!state) return [];
  const events = (r: AnnotationTargetRef): string[] =>
    r.type === 'event'
      ? [eventKey(r.side, r.seq)]
      : r.type === 'aligned'
        ? [
            ...(r.baselineSeq >= 0 ? [eventKey('baseline', r.baselineSeq)] : []),
            ...(r.problemSeq >= 0 ? [eventKey('problem', r.problemSeq)] : []),
          ]
        : [];
  const mine = events(target);
  return state.annotations
    .filter((a) => {
      if (!a.ref) return false;
      if (sameRef(a.ref, target)) return true;
      if (target.type === 'aligned' && a.ref.type === 'event') return mine.includes(events(a.ref)[0]);
      return false;
    })
    .map((a) => a.id);
}

export type { CaseLoadFailure };
