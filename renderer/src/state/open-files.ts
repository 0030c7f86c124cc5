/**
 * Getting files into the host: the Open dialog (`pickFiles`), the demo case, and drag and drop.
 * Dropped files become inputs by path in the desktop app and by upload in browser mode; uploads show
 * in the progress strip like any other job.
 */
import i18next from 'i18next';
import type { InputRole } from '../../../shared/contract';
import { getApi, inputsFromFiles, type UploadProgress } from '../api/get-api';
import { errorMessage } from '../logic/error-message';
import { runStateAction } from './host-sync';
import { usePlacements } from './placements';
import { useWorkbench } from './workbench-store';

export async function pickAndOpen(role: InputRole): Promise<void> {
  const api = getApi();
  try {
    const inputs = (await api.pickFiles?.(role)) ?? [];
    if (inputs.length > 0) usePlacements.getState().show((await api.openInputs({ inputs })).placements);
  } catch (e) {
    useWorkbench.getState().pushError(errorMessage(e));
  }
}

export function openDemo(): Promise<void> {
  return runStateAction(() => getApi().openDemo({}));
}

function showUpload(p: UploadProgress, state: 'running' | 'done' | 'failed'): void {
  const store = useWorkbench.getState();
  const jobId = `upload:${p.file}`;
  store.upsertJob({
    jobId,
    label: i18next.t('jobs.uploading', { file: p.file }),
    file: p.file,
    bytesRead: p.loaded,
    bytesTotal: p.total,
    events: 0,
    rate: 0,
    state,
  });
  if (state !== 'running') setTimeout(() => useWorkbench.getState().removeJob(jobId), 800);
}

export async function openDropped(files: File[], role: InputRole): Promise<void> {
  if (files.length === 0) return;
  const seen = new Map<string, UploadProgress>();
  try {
    const inputs = await inputsFromFiles(files, role, (p) => {
      seen.set(p.file, p);
      showUpload(p, 'running');
    });
    for (const p of seen.values()) showUpload({ ...p, loaded: p.total }, 'done');
    usePlacements.getState().show((await getApi().openInputs({ inputs })).placements);
  } catch (e) {
    for (const p of seen.values()) showUpload(p, 'failed');
    useWorkbench.getState().pushError(errorMessage(e));
  }
}
