/**
 * The contract over HTTP, for the browser-mode host (electron/web/web-server.ts documents the wire
 * protocol). The token comes from the address the host printed (`?token=...`): read once when this
 * module loads, kept in memory and sent as a header; the host also sets a cookie with it so the
 * page's own assets load.
 */
import type {
  ContractMethod,
  ContractRequest,
  ContractResponse,
  HostEvent,
  InputRef,
  InputRequest,
  InputRole,
  TraceDiffApi,
} from '../../../shared/contract';
import { ContractCallError } from './contract-call-error';

export const TOKEN_HEADER = 'X-TraceDiff-Token';

const initialToken: string | null =
  typeof location === 'undefined' ? null : new URLSearchParams(location.search).get('token');

export interface UploadProgress {
  file: string;
  loaded: number;
  total: number;
}

export interface WebClientOptions {
  /** Where the host is; '' for the page's own origin. */
  base?: string;
  token?: string | null;
}

async function readError(res: Response): Promise<ContractCallError> {
  try {
    const body = (await res.json()) as { code?: string; message?: string };
    if (typeof body.message === 'string' && typeof body.code === 'string') {
      return new ContractCallError(body.code as ContractCallError['code'], body.message);
    }
  } catch {
    // Not JSON: fall through to the status line.
  }
  return new ContractCallError('internal', `The workbench host answered ${res.status} ${res.statusText}.`);
}

export function createWebClient(opts: WebClientOptions = {}) {
  const base = opts.base ?? '';
  const token = opts.token === undefined ? initialToken : opts.token;
  const headers = (extra: Record<string, string>): Record<string, string> =>
    token ? { ...extra, [TOKEN_HEADER]: token } : extra;

  async function call<M extends ContractMethod>(
    method: M,
    req: ContractRequest<M>,
  ): Promise<ContractResponse<M>> {
    let res: Response;
    try {
      res = await fetch(`${base}/api/call/${method}`, {
        method: 'POST',
        headers: headers({ 'Content-Type': 'application/json' }),
        body: JSON.stringify(req ?? {}),
        credentials: 'same-origin',
      });
    } catch {
      throw new ContractCallError('internal', 'The workbench host cannot be reached (was it stopped?).');
    }
    if (!res.ok) throw await readError(res);
    return (await res.json()) as ContractResponse<M>;
  }

  const listeners = new Set<(e: HostEvent) => void>();
  let source: EventSource | null = null;
  function openEvents(): void {
    const url = `${base}/api/events${token ? `?token=${encodeURIComponent(token)}` : ''}`;
    source = new EventSource(url, { withCredentials: false });
    source.onmessage = (m: MessageEvent<string>) => {
      let event: HostEvent;
      try {
        event = JSON.parse(m.data) as HostEvent;
      } catch {
        return;
      }
      for (const l of listeners) l(event);
    };
  }

  /** Sends files to the host one at a time; each becomes an input the caller passes to openInputs. */
  function uploadFiles(
    files: readonly File[],
    role: InputRole,
    onProgress?: (p: UploadProgress) => void,
  ): Promise<InputRequest[]> {
    return files.reduce<Promise<InputRequest[]>>(
      (done, file) =>
        done.then((list) =>
          uploadOne(file, onProgress).then((uploadId) => [
            ...list,
            { ref: { uploadId }, role, name: file.name },
          ]),
        ),
      Promise.resolve([]),
    );
  }

  // XMLHttpRequest rather than fetch: it reports upload progress, which matters for a 2 GB capture.
  function uploadOne(file: File, onProgress?: (p: UploadProgress) => void): Promise<string> {
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', `${base}/api/upload?name=${encodeURIComponent(file.name)}`);
      for (const [k, v] of Object.entries(headers({ 'Content-Type': 'application/octet-stream' })))
        xhr.setRequestHeader(k, v);
      xhr.upload.onprogress = (e) =>
        onProgress?.({ file: file.name, loaded: e.loaded, total: e.total || file.size });
      xhr.onload = () => {
        let body: { uploadId?: string; code?: string; message?: string } = {};
        try {
          body = JSON.parse(xhr.responseText) as typeof body;
        } catch {
          // handled below
        }
        if (xhr.status === 200 && typeof body.uploadId === 'string') return resolve(body.uploadId);
        reject(
          new ContractCallError(
            (body.code as ContractCallError['code']) ?? 'internal',
            body.message ?? `Uploading ${file.name} failed (${xhr.status}).`,
          ),
        );
      };
      xhr.onerror = () =>
        reject(
          new ContractCallError('internal', `Uploading ${file.name} failed: the host cannot be reached.`),
        );
      xhr.send(file);
    });
  }

  function pickFiles(role: InputRole): Promise<InputRequest[]> {
    return new Promise((resolve, reject) => {
      const input = document.createElement('input');
      input.type = 'file';
      input.multiple = true;
      input.style.display = 'none';
      input.setAttribute('data-testid', 'file-picker-input');
      const done = (): void => input.remove();
      input.addEventListener('change', () => {
        const files = input.files ? [...input.files] : [];
        done();
        uploadFiles(files, role).then(resolve, reject);
      });
      input.addEventListener('cancel', () => {
        done();
        resolve([]);
      });
      document.body.appendChild(input);
      input.click();
    });
  }

  /** Lets the user choose a .tdcase file and uploads it; null when the dialog is closed. */
  function pickCaseFile(): Promise<InputRef | null> {
    return new Promise((resolve, reject) => {
      const input = document.createElement('input');
      input.type = 'file';
      input.accept = '.tdcase,application/json';
      input.style.display = 'none';
      input.setAttribute('data-testid', 'case-picker-input');
      input.addEventListener('change', () => {
        const file = input.files?.[0];
        input.remove();
        if (!file) return resolve(null);
        uploadOne(file).then((uploadId) => resolve({ uploadId }), reject);
      });
      input.addEventListener('cancel', () => {
        input.remove();
        resolve(null);
      });
      document.body.appendChild(input);
      input.click();
    });
  }

  /**
   * Saves a file the host made for download (`GET /api/download/<id>` with the token header): fetched
   * as a blob, then handed to the browser's own download under its file name.
   */
  async function download(downloadId: string, fileName: string): Promise<void> {
    let res: Response;
    try {
      res = await fetch(`${base}/api/download/${encodeURIComponent(downloadId)}`, {
        headers: headers({}),
        credentials: 'same-origin',
      });
    } catch {
      throw new ContractCallError('internal', 'The workbench host cannot be reached (was it stopped?).');
    }
    if (!res.ok) throw await readError(res);
    const url = URL.createObjectURL(await res.blob());
    const a = document.createElement('a');
    a.href = url;
    a.download = fileName;
    a.style.display = 'none';
    document.body.appendChild(a);
    a.click();
    a.remove();
    // The browser has taken the blob once the click is handled; keep it a moment for slow starts.
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }

  const api = {
    getState: (req) => call('getState', req),
    openDemo: (req) => call('openDemo', req),
    compareAgain: (req) => call('compareAgain', req),
    openInputs: (req) => call('openInputs', req),
    cancelJob: (req) => call('cancelJob', req),
    closeInput: (req) => call('closeInput', req),
    swapSides: (req) => call('swapSides', req),
    queryEvents: (req) => call('queryEvents', req),
    findEventIndex: (req) => call('findEventIndex', req),
    getEvent: (req) => call('getEvent', req),
    listFailures: (req) => call('listFailures', req),
    getFindings: (req) => call('getFindings', req),
    queryAligned: (req) => call('queryAligned', req),
    queryLogs: (req) => call('queryLogs', req),
    explainCodes: (req) => call('explainCodes', req),
    getRules: (req) => call('getRules', req),
    setRules: (req) => call('setRules', req),
    listProcesses: (req) => call('listProcesses', req),
    findAlignedIndex: (req) => call('findAlignedIndex', req),
    getOverview: (req) => call('getOverview', req),
    findAlignedIndices: (req) => call('findAlignedIndices', req),
    findNextAligned: (req) => call('findNextAligned', req),
    findLogIndex: (req) => call('findLogIndex', req),
    searchEvents: (req) => call('searchEvents', req),
    getProcessStats: (req) => call('getProcessStats', req),
    getInsights: (req) => call('getInsights', req),
    getCase: (req) => call('getCase', req),
    updateCaseMeta: (req) => call('updateCaseMeta', req),
    addAnnotation: (req) => call('addAnnotation', req),
    updateAnnotation: (req) => call('updateAnnotation', req),
    removeAnnotation: (req) => call('removeAnnotation', req),
    saveCase: (req) => call('saveCase', req),
    openCase: (req) => call('openCase', req),
    listRecentCases: (req) => call('listRecentCases', req),
    locateInput: (req) => call('locateInput', req),
    exportReport: (req) => call('exportReport', req),
    onEvent(listener: (e: HostEvent) => void): () => void {
      listeners.add(listener);
      if (!source) openEvents();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && source) {
          source.close();
          source = null;
        }
      };
    },
    pickFiles,
    pickCaseFile,
    download,
  } satisfies TraceDiffApi;

  return { api, uploadFiles };
}

let defaultClient: ReturnType<typeof createWebClient> | null = null;

/** The page's one client for its own host (get-api.ts hands its `api` to the renderer). */
export function defaultWebClient(): ReturnType<typeof createWebClient> {
  defaultClient ??= createWebClient();
  return defaultClient;
}

/** Uploads dropped files to the browser-mode host; pass the result to `openInputs`. */
export function uploadFiles(
  files: readonly File[],
  role: InputRole,
  onProgress?: (p: UploadProgress) => void,
): Promise<InputRequest[]> {
  return defaultWebClient().uploadFiles(files, role, onProgress);
}
