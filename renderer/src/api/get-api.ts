/**
 * The one way the renderer reaches its host. In the desktop app the preload has put the contract on
 * `window.tracediff`; in a browser there is no such object and the HTTP client speaks to the
 * browser-mode host. Either way the renderer sees one `TraceDiffApi`.
 */
import {
  CONTRACT_METHODS,
  type ContractMethod,
  type ContractRequest,
  type ContractResponse,
  type InputRequest,
  type InputRole,
  type TraceDiffApi,
} from '../../../shared/contract';
import { fromBridgeError } from './contract-call-error';
import { defaultWebClient, uploadFiles, type UploadProgress } from './web-client';

/** What the Electron preload exposes besides the contract: the path of a dropped file. */
export interface DesktopFiles {
  pathForFile(file: File): string;
}

declare global {
  interface Window {
    tracediff?: TraceDiffApi;
    tracediffFiles?: DesktopFiles;
  }
}

let api: TraceDiffApi | null = null;

/** Gives the desktop API the same errors as the web client (ContractCallError with a code). */
function wrapDesktop(bridge: TraceDiffApi): TraceDiffApi {
  const wrapped: Partial<Record<ContractMethod, unknown>> = {};
  for (const m of CONTRACT_METHODS) {
    const fn = bridge[m] as (req: ContractRequest<typeof m>) => Promise<ContractResponse<typeof m>>;
    wrapped[m] = (req: ContractRequest<typeof m>) =>
      fn(req).catch((e: unknown) => {
        throw fromBridgeError(e);
      });
  }
  // The loop above builds one wrapper per method; TypeScript cannot follow the per-method pairing.
  return {
    ...(wrapped as Omit<TraceDiffApi, 'onEvent' | 'pickFiles' | 'pickCaseFile' | 'download'>),
    onEvent: (listener) => bridge.onEvent(listener),
    pickFiles: bridge.pickFiles
      ? (role) =>
          bridge.pickFiles!(role).catch((e: unknown) => {
            throw fromBridgeError(e);
          })
      : undefined,
    pickCaseFile: bridge.pickCaseFile
      ? () =>
          bridge.pickCaseFile!().catch((e: unknown) => {
            throw fromBridgeError(e);
          })
      : undefined,
  } satisfies TraceDiffApi;
}

export function getApi(): TraceDiffApi {
  if (api) return api;
  if (typeof window !== 'undefined' && window.tracediff) {
    api = wrapDesktop(window.tracediff);
  } else {
    api = defaultWebClient().api;
  }
  return api;
}

/** True in the desktop app (files are opened by path), false in browser mode (files are uploaded). */
export function isDesktop(): boolean {
  return typeof window !== 'undefined' && window.tracediff !== undefined;
}

/**
 * Turns files the user dropped into inputs for `openInputs`: their paths in the desktop app,
 * uploads in browser mode (with progress per file).
 */
export async function inputsFromFiles(
  files: readonly File[],
  role: InputRole,
  onProgress?: (p: UploadProgress) => void,
): Promise<InputRequest[]> {
  const desktop = typeof window !== 'undefined' ? window.tracediffFiles : undefined;
  if (isDesktop() && desktop) {
    return files.map((f) => ({ ref: { path: desktop.pathForFile(f) }, role, name: f.name }));
  }
  return uploadFiles(files, role, onProgress);
}

export type { UploadProgress };
