/**
 * What the window knows about the host and the user's place in the case: host state, running jobs,
 * findings, failures, the selection, and which dialogs are open. The host is the source of truth for
 * the data; this store only holds what is on screen.
 */
import { create } from 'zustand';
import type { AlignedRow, FailureItem, JobProgress, WorkbenchState } from '../../../shared/contract';
import type { Finding } from '../../../shared/model/finding';
import type { Side } from '../../../shared/model/trace';

export type AppState = 'loading' | 'loaded' | 'empty';

export interface UiError {
  id: number;
  message: string;
  /** What the user was doing, e.g. "Opening files". */
  context?: string;
}

export interface TrackedJob extends JobProgress {
  /** Client clock when the job was first seen, for the time-left estimate. */
  seenAt: number;
}

/** The row the detail pane shows: one event per side (either may be missing). */
export interface Selection {
  source: 'aligned' | Side;
  baseline: number | null;
  problem: number | null;
  alignedIndex: number | null;
}

export interface CodeAnchor {
  code: string;
  x: number;
  top: number;
  bottom: number;
}

export type PanelId = 'findings' | 'diff' | 'detail' | 'logs';

interface WorkbenchStore {
  host: WorkbenchState | null;
  /** True until the first getState answer arrives. */
  booting: boolean;
  jobs: Record<string, TrackedJob>;
  errors: UiError[];
  findings: Finding[];
  /** Finding rank -> its row in the folded aligned list (see state/finding-rows.ts). */
  findingRows: Record<number, number>;
  failures: FailureItem[];
  failuresTotal: number;
  /** True while findings and failures are being re-read after the data changed. */
  listsLoading: boolean;
  selectedFinding: number | null;
  selection: Selection | null;
  /** Bumped whenever the loaded traces or the comparison change, so grids reload their pages. */
  dataVersion: number;
  logsVersion: number;
  expandAll: boolean;
  helpOpen: boolean;
  gotoOpen: boolean;
  dragging: boolean;
  /** The code whose explanation is shown, with its anchor (left, top and bottom of the button). */
  codePopover: CodeAnchor | null;
  lastFocused: PanelId;
  /** Rows the selected aligned row was built from, kept for the detail pane. */
  selectedAligned: AlignedRow | null;
  /** A short, transient message for the status bar (an i18n key and its values). */
  notice: { key: string; values?: Record<string, string | number> } | null;

  setHost(state: WorkbenchState, dataChanged: boolean, logsChanged: boolean): void;
  setBooting(booting: boolean): void;
  upsertJob(job: JobProgress): void;
  removeJob(jobId: string): void;
  pushError(message: string, context?: string): void;
  dismissError(id: number): void;
  setFindings(findings: Finding[], findingRows: Record<number, number>): void;
  setFailures(items: FailureItem[], total: number): void;
  setListsLoading(loading: boolean): void;
  selectFinding(rank: number | null): void;
  select(selection: Selection | null, aligned?: AlignedRow | null): void;
  setExpandAll(expandAll: boolean): void;
  setHelpOpen(open: boolean): void;
  setGotoOpen(open: boolean): void;
  setDragging(dragging: boolean): void;
  setCodePopover(p: CodeAnchor | null): void;
  setLastFocused(panel: PanelId): void;
  setNotice(key: string | null, values?: Record<string, string | number>): void;
}

let nextErrorId = 1;
let noticeTimer: ReturnType<typeof setTimeout> | undefined;

export const useWorkbench = create<WorkbenchStore>()((set) => ({
  host: null,
  booting: true,
  jobs: {},
  errors: [],
  findings: [],
  findingRows: {},
  failures: [],
  failuresTotal: 0,
  listsLoading: false,
  selectedFinding: null,
  selection: null,
  dataVersion: 0,
  logsVersion: 0,
  expandAll: false,
  helpOpen: false,
  gotoOpen: false,
  dragging: false,
  codePopover: null,
  lastFocused: 'diff',
  selectedAligned: null,
  notice: null,

  setHost: (host, dataChanged, logsChanged) =>
    set((s) => ({
      host,
      booting: false,
      dataVersion: dataChanged ? s.dataVersion + 1 : s.dataVersion,
      logsVersion: logsChanged ? s.logsVersion + 1 : s.logsVersion,
      selection: dataChanged ? null : s.selection,
      selectedAligned: dataChanged ? null : s.selectedAligned,
      selectedFinding: dataChanged ? null : s.selectedFinding,
      findings: dataChanged ? [] : s.findings,
      findingRows: dataChanged ? {} : s.findingRows,
    })),
  setBooting: (booting) => set({ booting }),
  upsertJob: (job) =>
    set((s) => ({
      jobs: { ...s.jobs, [job.jobId]: { ...job, seenAt: s.jobs[job.jobId]?.seenAt ?? Date.now() } },
    })),
  removeJob: (jobId) =>
    set((s) => {
      const jobs = { ...s.jobs };
      delete jobs[jobId];
      return { jobs };
    }),
  pushError: (message, context) =>
    set((s) => {
      // The same message twice in a row (e.g. a page that failed for every block) is shown once.
      if (s.errors.some((e) => e.message === message && e.context === context)) return {};
      return { errors: [...s.errors.slice(-4), { id: nextErrorId++, message, context }] };
    }),
  dismissError: (id) => set((s) => ({ errors: s.errors.filter((e) => e.id !== id) })),
  setFindings: (findings, findingRows) => set({ findings, findingRows }),
  setFailures: (failures, failuresTotal) => set({ failures, failuresTotal }),
  setListsLoading: (listsLoading) => set({ listsLoading }),
  selectFinding: (selectedFinding) => set({ selectedFinding }),
  select: (selection, aligned) =>
    set((s) => ({ selection, selectedAligned: aligned === undefined ? s.selectedAligned : aligned })),
  setExpandAll: (expandAll) => set((s) => ({ expandAll, dataVersion: s.dataVersion + 1 })),
  setHelpOpen: (helpOpen) => set({ helpOpen }),
  setGotoOpen: (gotoOpen) => set({ gotoOpen }),
  setDragging: (dragging) => set({ dragging }),
  setCodePopover: (codePopover) => set({ codePopover }),
  setLastFocused: (lastFocused) => set({ lastFocused }),
  setNotice: (key, values) => {
    set({ notice: key ? { key, values } : null });
    if (key) {
      clearTimeout(noticeTimer);
      noticeTimer = setTimeout(() => set({ notice: null }), 4000);
    }
  },
}));

/** The readiness marker the end-to-end tests wait for (`data-app-state`). */
export function appStateOf(
  host: WorkbenchState | null,
  booting: boolean,
  jobs: Record<string, TrackedJob>,
  listsLoading = false,
): AppState {
  const running = Object.values(jobs).some((j) => j.state === 'running');
  if (booting || running || listsLoading) return 'loading';
  if (host && (host.traces.baseline || host.traces.problem)) return 'loaded';
  return 'empty';
}
