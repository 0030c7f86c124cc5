/**
 * Keeps the workbench store in step with the host: the first getState, pushed state and progress
 * events, and the small lists (findings, failures) that are re-read whenever the data changes.
 */
import type { JobProgress, WorkbenchState } from '../../../shared/contract';
import { getApi } from '../api/get-api';
import { errorMessage } from '../logic/error-message';
import { dataSignature, logsSignature } from '../logic/state-signature';
import { currentFilters } from '../views/filters/use-active-filters';
import { findingRowsOf } from './finding-rows';
import { focusFinding } from './navigation';
import { useWorkbench } from './workbench-store';

/** How many of the problem trace's failures the side list shows. */
export const FAILURE_LIST_LIMIT = 500;

let lastData = '';
let lastLogs = '';
let refreshToken = 0;

export function applyHostState(state: WorkbenchState): void {
  const data = dataSignature(state);
  const logs = logsSignature(state);
  const dataChanged = data !== lastData;
  const logsChanged = logs !== lastLogs;
  lastData = data;
  lastLogs = logs;
  const store = useWorkbench.getState();
  store.setHost(state, dataChanged, logsChanged);
  for (const job of state.jobs) trackJob(job);
  if (dataChanged) void refreshLists(state);
}

/** Jobs that finished and left the strip; the host keeps listing them in its state for a while. */
const finished = new Set<string>();

function trackJob(job: JobProgress): void {
  if (finished.has(job.jobId)) return;
  const store = useWorkbench.getState();
  // A job first seen already finished (e.g. in the state of a page opened later) is history, not progress.
  if (job.state !== 'running' && !store.jobs[job.jobId]) {
    finished.add(job.jobId);
    if (job.state === 'failed') store.pushError(job.error || job.label, job.file);
    return;
  }
  if (job.state !== 'running') finished.add(job.jobId);
  store.upsertJob(job);
  if (job.state === 'failed') store.pushError(job.error || job.label, job.file);
  // Finished jobs leave the progress strip after a moment so the user sees them complete.
  if (job.state !== 'running') setTimeout(() => useWorkbench.getState().removeJob(job.jobId), 1500);
}

async function refreshLists(state: WorkbenchState): Promise<void> {
  const api = getApi();
  const token = ++refreshToken;
  const store = useWorkbench.getState();
  const tasks: Promise<void>[] = [];
  if (state.traces.problem) {
    tasks.push(
      api.listFailures({ side: 'problem', limit: FAILURE_LIST_LIMIT }).then((res) => {
        if (token === refreshToken) store.setFailures(res.items, res.total);
      }),
    );
  } else store.setFailures([], 0);
  if (state.compare) {
    tasks.push(
      api.getFindings({}).then(async (res) => {
        if (token !== refreshToken) return;
        const findings = [...res.findings].sort((a, b) => a.rank - b.rank);
        const rows = await findingRowsOf(findings, useWorkbench.getState().expandAll, currentFilters());
        if (token !== refreshToken) return;
        useWorkbench.getState().setFindings(findings, rows);
        // On open the most likely cause is selected and the aligned view scrolled to it.
        if (findings.length > 0 && useWorkbench.getState().selectedFinding === null)
          void focusFinding(findings[0]);
      }),
    );
  } else store.setFindings([], {});
  store.setListsLoading(true);
  const results = await Promise.allSettled(tasks);
  if (token === refreshToken) useWorkbench.getState().setListsLoading(false);
  for (const r of results)
    if (r.status === 'rejected') useWorkbench.getState().pushError(errorMessage(r.reason));
}

/** Subscribes to the host; returns the unsubscribe function. */
export function startHostSync(): () => void {
  const api = getApi();
  const unsubscribe = api.onEvent((event) => {
    if (event.type === 'progress') trackJob(event.job);
    else applyHostState(event.state);
  });
  api
    .getState({})
    .then(applyHostState)
    .catch((e: unknown) => {
      const store = useWorkbench.getState();
      store.setBooting(false);
      store.pushError(errorMessage(e));
    });
  return unsubscribe;
}

/** Runs a host call that returns a new state, showing its error if it fails. */
export async function runStateAction(action: () => Promise<WorkbenchState>, context?: string): Promise<void> {
  try {
    applyHostState(await action());
  } catch (e) {
    useWorkbench.getState().pushError(errorMessage(e), context);
  }
}
