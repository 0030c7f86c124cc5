/**
 * The preload: puts the contract on `window.tracediff`, one method per operation, each a call on
 * the single invoke channel. Written `satisfies TraceDiffApi`, the same type the browser-mode
 * client satisfies, so the two hosts cannot drift. Nothing else from Electron or Node reaches the page.
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import type {
  ContractMethod,
  ContractRequest,
  ContractResponse,
  HostEvent,
  InputRef,
  InputRequest,
  InputRole,
  TraceDiffApi,
} from '../../shared/contract';
import {
  bridgeErrorMessage,
  EVENT_CHANNEL,
  INVOKE_CHANNEL,
  PICK_CASE_CHANNEL,
  PICK_FILES_CHANNEL,
  type InvokeEnvelope,
} from '../../shared/desktop-bridge';

async function invoke<M extends ContractMethod>(
  method: M,
  req: ContractRequest<M>,
): Promise<ContractResponse<M>> {
  const result = (await ipcRenderer.invoke(INVOKE_CHANNEL, method, req)) as InvokeEnvelope;
  if (result.ok) return result.value as ContractResponse<M>;
  throw new Error(bridgeErrorMessage(result.error));
}

const api = {
  getState: (req) => invoke('getState', req),
  openDemo: (req) => invoke('openDemo', req),
  compareAgain: (req) => invoke('compareAgain', req),
  openInputs: (req) => invoke('openInputs', req),
  cancelJob: (req) => invoke('cancelJob', req),
  closeInput: (req) => invoke('closeInput', req),
  swapSides: (req) => invoke('swapSides', req),
  queryEvents: (req) => invoke('queryEvents', req),
  findEventIndex: (req) => invoke('findEventIndex', req),
  getEvent: (req) => invoke('getEvent', req),
  listFailures: (req) => invoke('listFailures', req),
  getFindings: (req) => invoke('getFindings', req),
  queryAligned: (req) => invoke('queryAligned', req),
  queryLogs: (req) => invoke('queryLogs', req),
  explainCodes: (req) => invoke('explainCodes', req),
  getRules: (req) => invoke('getRules', req),
  setRules: (req) => invoke('setRules', req),
  listProcesses: (req) => invoke('listProcesses', req),
  findAlignedIndex: (req) => invoke('findAlignedIndex', req),
  getOverview: (req) => invoke('getOverview', req),
  findAlignedIndices: (req) => invoke('findAlignedIndices', req),
  findNextAligned: (req) => invoke('findNextAligned', req),
  findLogIndex: (req) => invoke('findLogIndex', req),
  searchEvents: (req) => invoke('searchEvents', req),
  getProcessStats: (req) => invoke('getProcessStats', req),
  getInsights: (req) => invoke('getInsights', req),
  getCase: (req) => invoke('getCase', req),
  updateCaseMeta: (req) => invoke('updateCaseMeta', req),
  addAnnotation: (req) => invoke('addAnnotation', req),
  updateAnnotation: (req) => invoke('updateAnnotation', req),
  removeAnnotation: (req) => invoke('removeAnnotation', req),
  saveCase: (req) => invoke('saveCase', req),
  openCase: (req) => invoke('openCase', req),
  listRecentCases: (req) => invoke('listRecentCases', req),
  locateInput: (req) => invoke('locateInput', req),
  exportReport: (req) => invoke('exportReport', req),
  onEvent(listener: (event: HostEvent) => void): () => void {
    const handler = (_e: IpcRendererEvent, event: HostEvent): void => listener(event);
    ipcRenderer.on(EVENT_CHANNEL, handler);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, handler);
    };
  },
  async pickFiles(role: InputRole): Promise<InputRequest[]> {
    const result = (await ipcRenderer.invoke(PICK_FILES_CHANNEL, role)) as InvokeEnvelope;
    if (result.ok) return result.value as InputRequest[];
    throw new Error(bridgeErrorMessage(result.error));
  },
  async pickCaseFile(): Promise<InputRef | null> {
    const result = (await ipcRenderer.invoke(PICK_CASE_CHANNEL)) as InvokeEnvelope;
    if (result.ok) return result.value as InputRef | null;
    throw new Error(bridgeErrorMessage(result.error));
  },
} satisfies TraceDiffApi;

contextBridge.exposeInMainWorld('tracediff', api);

// A dropped File's path is known only here (webUtils); the page gets the path, never Node or the file system.
contextBridge.exposeInMainWorld('tracediffFiles', {
  pathForFile: (file: File): string => webUtils.getPathForFile(file),
});
