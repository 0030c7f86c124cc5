/**
 * The IPC channels between Electron's main process and the preload, and the envelope a call comes
 * back in. The envelope (rather than a rejected promise) carries the ContractError whole: Electron
 * keeps only the message of an error thrown in an IPC handler.
 */
import type { ContractError, ContractMethod } from './contract';

export const INVOKE_CHANNEL = 'tracediff:invoke';
export const EVENT_CHANNEL = 'tracediff:event';
export const PICK_FILES_CHANNEL = 'tracediff:pick-files';
export const PICK_CASE_CHANNEL = 'tracediff:pick-case';

/** The app's pages are served from this scheme and host (electron/main/app-protocol.ts). */
export const APP_SCHEME = 'app';
export const APP_ORIGIN = 'app://tracediff';

export type InvokeEnvelope = { ok: true; value: unknown } | { ok: false; error: ContractError };

export type InvokeArgs = [method: ContractMethod, req: unknown];

/** How the preload turns an error envelope into a rejection that survives the context bridge. */
export function bridgeErrorMessage(error: ContractError): string {
  return `[${error.code}] ${error.message}`;
}
