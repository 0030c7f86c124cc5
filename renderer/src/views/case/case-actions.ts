/**
 * What the case commands do: work out what "the selected row" means in the grid or list in use,
 * mark and unmark it, open the note dialog, save, open and export the case, and go to an annotation.
 * Every change goes to the host and the store takes the CaseState it answers with.
 */
import type {
  AlignedRow,
  AnnotationTargetRef,
  AnnotationView,
  ContractRequest,
} from '../../../../shared/contract';
import type { LogEntry } from '../../../../shared/model/log';
import type { TraceEventRow } from '../../../../shared/model/trace';
import { getApi } from '../../api/get-api';
import { getGrid, revealRow, type GridName } from '../../grid/grid-registry';
import { focusedGrid } from '../../hooks/copy-selection';
import { errorMessage } from '../../logic/error-message';
import { annotationsCovering, useCase, type NoteTarget } from '../../state/case-store';
import { focusFinding, revealAlignedEvent, revealEvent } from '../../state/navigation';
import { useWorkbench } from '../../state/workbench-store';
import { usePanelTab } from '../process/panel-tabs';

function fail(e: unknown, context?: string): void {
  useWorkbench.getState().pushError(errorMessage(e), context);
}

function notify(key: string, values?: Record<string, string | number>): void {
  useWorkbench.getState().setNotice(key, values);
}

export async function refreshCase(): Promise<void> {
  try {
    useCase.getState().setState(await getApi().getCase({}));
  } catch (e) {
    fail(e);
  }
}

export function alignedTarget(row: AlignedRow): AnnotationTargetRef | null {
  if (row.kind === 'collapsed' || (!row.baseline && !row.problem)) return null;
  return { type: 'aligned', baselineSeq: row.baseline?.seq ?? -1, problemSeq: row.problem?.seq ?? -1 };
}

export function logTarget(e: LogEntry): AnnotationTargetRef {
  return { type: 'log', logId: e.logId, line: e.line };
}

function selectedRow(grid: GridName): unknown {
  const api = getGrid(grid);
  if (!api) return null;
  const focused = api.getFocusedCell();
  const selected = api.getSelectedNodes();
  const node =
    selected.find((n) => n.rowIndex === focused?.rowIndex) ??
    selected[selected.length - 1] ??
    (focused ? api.getDisplayedRowAtIndex(focused.rowIndex) : null);
  return node?.data ?? null;
}

function targetInGrid(grid: GridName): AnnotationTargetRef | null {
  const data = selectedRow(grid);
  if (!data) return null;
  if (grid === 'logs') return logTarget(data as LogEntry);
  if (grid === 'aligned') return alignedTarget(data as AlignedRow);
  return { type: 'event', side: grid, seq: (data as TraceEventRow).seq };
}

/**
 * The thing Space and N act on: the focused finding, else the selected row of the grid in focus,
 * else the row the detail pane shows.
 */
export function currentTarget(): AnnotationTargetRef | null {
  const active = document.activeElement;
  const finding = active?.closest<HTMLElement>('[data-testid="finding"]');
  const store = useWorkbench.getState();
  if (finding) {
    const f = store.findings.find((x) => String(x.rank) === finding.dataset.rank);
    if (f) return { type: 'finding', findingKey: f.id };
  }
  const grid = focusedGrid();
  if (grid) return targetInGrid(grid);
  const sel = store.selection;
  if (!sel) return null;
  if (sel.source === 'aligned') {
    if (store.selectedAligned) return alignedTarget(store.selectedAligned);
    return { type: 'aligned', baselineSeq: sel.baseline ?? -1, problemSeq: sel.problem ?? -1 };
  }
  const seq = sel[sel.source];
  return seq === null ? null : { type: 'event', side: sel.source, seq };
}

/** Space: marks the target, or takes the mark off again (marks carrying a note stay; see the Evidence tab). */
export async function toggleMark(target: AnnotationTargetRef | null = currentTarget()): Promise<void> {
  if (!target) {
    notify('case.notice.nothingSelected');
    return;
  }
  const api = getApi();
  const state = useCase.getState().state;
  const covering = annotationsCovering(state, target);
  try {
    if (covering.length === 0) {
      const r = await api.addAnnotation({ target });
      useCase.getState().setState(r.case);
      notify('case.notice.marked');
      return;
    }
    const notes =
      state?.case.annotations.filter((a) => covering.includes(a.id) && a.note.trim() !== '') ?? [];
    let latest = state;
    for (const id of covering) {
      if (notes.some((a) => a.id === id)) continue;
      latest = await api.removeAnnotation({ id });
    }
    if (latest) useCase.getState().setState(latest);
    if (notes.length > 0) {
      usePanelTab.getState().setTab('evidence');
      notify('case.notice.keptNoted');
    } else notify('case.notice.unmarked');
  } catch (e) {
    fail(e);
  }
}

/** N: the note dialog for the target's annotation (a new one when it has none). */
export function openNote(target: AnnotationTargetRef | null = currentTarget()): void {
  if (!target) {
    notify('case.notice.nothingSelected');
    return;
  }
  const covering = annotationsCovering(useCase.getState().state, target);
  const note: NoteTarget = { annotationId: covering[0] ?? null, target };
  useCase.getState().setNote(note);
}

export function editAnnotation(a: AnnotationView): void {
  if (!a.ref) return;
  useCase.getState().setNote({ annotationId: a.id, target: a.ref });
}

export async function saveNote(note: NoteTarget, tags: string[], text: string): Promise<boolean> {
  const api = getApi();
  try {
    const state = note.annotationId
      ? await api.updateAnnotation({ id: note.annotationId, tags, note: text })
      : (await api.addAnnotation({ target: note.target, tags, note: text })).case;
    useCase.getState().setState(state);
    return true;
  } catch (e) {
    fail(e);
    return false;
  }
}

export async function removeAnnotation(id: string): Promise<void> {
  try {
    useCase.getState().setState(await getApi().removeAnnotation({ id }));
  } catch (e) {
    fail(e);
  }
}

/** Ctrl+S: saves where the case lives (the desktop app asks the first time); browser mode also offers the file. */
export async function saveCase(): Promise<void> {
  const api = getApi();
  const store = useWorkbench.getState();
  const finding = store.findings.find((f) => f.rank === store.selectedFinding);
  try {
    const r = await api.saveCase({ view: finding ? { selectedFinding: finding.id } : {} });
    useCase.getState().setState(r.case);
    if (r.cancelled) return;
    notify('case.notice.saved', { file: r.fileName ?? r.case.path ?? '' });
  } catch (e) {
    fail(e);
  }
}

/** Browser mode: the saved .tdcase as a download. */
export async function downloadCase(): Promise<void> {
  const api = getApi();
  try {
    const r = await api.saveCase({});
    useCase.getState().setState(r.case);
    if (r.downloadId && r.fileName && api.download) await api.download(r.downloadId, r.fileName);
  } catch (e) {
    fail(e);
  }
}

async function afterOpen(): Promise<void> {
  const state = useCase.getState().state;
  if (!state) return;
  if (state.inputs.some((i) => i.status === 'missing' || i.status === 'changed')) {
    useCase.getState().setDialog('inputs');
  }
  // The finding that was selected when the case was saved is selected again once findings are in.
  const wanted = state.case.view.selectedFinding;
  if (!wanted) return;
  const started = Date.now();
  const tryFocus = (): void => {
    const f = useWorkbench.getState().findings.find((x) => x.id === wanted);
    if (f) {
      void focusFinding(f);
      return;
    }
    if (Date.now() - started < 30_000) setTimeout(tryFocus, 250);
  };
  setTimeout(tryFocus, 250);
}

export async function openCase(ref: ContractRequest<'openCase'>): Promise<boolean> {
  const api = getApi();
  try {
    const r = await api.openCase(ref);
    if (!r.ok) {
      useCase.getState().setOpenFailure(r);
      return false;
    }
    useCase.getState().setOpenFailure(null);
    useCase.getState().setState(r.case);
    useCase.getState().setDialog(null);
    void afterOpen();
    return true;
  } catch (e) {
    fail(e);
    return false;
  }
}

export async function pickAndOpenCase(): Promise<void> {
  const api = getApi();
  try {
    const ref = await api.pickCaseFile?.();
    if (ref) await openCase(ref);
  } catch (e) {
    fail(e);
  }
}

/** Asks for the file a missing input moved to and reattaches it (the host checks its content). */
export async function locateInput(sha256: string, role: 'baseline' | 'problem' | 'log'): Promise<void> {
  const api = getApi();
  try {
    const picked = (await api.pickFiles?.(role)) ?? [];
    if (picked.length === 0) return;
    useCase.getState().setState(await api.locateInput({ sha256, ref: picked[0].ref }));
  } catch (e) {
    fail(e);
  }
}

/** Goes to what an annotation points at: the finding, the row in the aligned view or a trace, the log line. */
export async function goToAnnotation(a: AnnotationView): Promise<void> {
  const r = a.ref;
  if (!r) return;
  const store = useWorkbench.getState();
  if (r.type === 'finding') {
    const f = store.findings.find((x) => x.id === r.findingKey);
    if (f) await focusFinding(f);
    return;
  }
  if (r.type === 'event') {
    if (store.host?.compare) await revealAlignedEvent(r.side, r.seq);
    else await revealEvent(r.side, r.seq);
    return;
  }
  if (r.type === 'aligned') {
    if (r.problemSeq >= 0) await revealAlignedEvent('problem', r.problemSeq);
    else await revealAlignedEvent('baseline', r.baselineSeq);
    return;
  }
  usePanelTab.getState().setTab('logs');
  try {
    const { index } = await getApi().findLogIndex({ logId: r.logId, line: r.line });
    const node = index >= 0 ? await revealRow('logs', index, { focus: true }) : null;
    const entry = node?.data as LogEntry | undefined;
    if (!entry || entry.logId !== r.logId || entry.line !== r.line) notify('case.notice.logFiltered');
  } catch (e) {
    fail(e);
  }
}
