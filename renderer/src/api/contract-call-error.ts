/**
 * A failed contract call as the renderer sees it, whichever host answered. `code` is for programs
 * (retry, show a form error), `message` for people.
 */
import type { ContractError } from '../../../shared/contract';

export class ContractCallError extends Error {
  constructor(
    readonly code: ContractError['code'],
    message: string,
  ) {
    super(message);
    this.name = 'ContractCallError';
  }
}

const CODES: ReadonlySet<string> = new Set([
  'bad-request',
  'not-found',
  'unreadable',
  'cancelled',
  'internal',
  'unauthorized',
]);

/**
 * Electron's context bridge keeps only an error's message, so the preload sends `[code] message`;
 * this turns that back into a ContractCallError (anything else becomes `internal`).
 */
export function fromBridgeError(e: unknown): ContractCallError {
  if (e instanceof ContractCallError) return e;
  const text = e instanceof Error ? e.message : String(e);
  // Electron prefixes messages of errors raised in an IPC handler with where they came from.
  const m = /\[([a-z-]+)\] ([\s\S]*)$/.exec(text);
  if (m && CODES.has(m[1])) return new ContractCallError(m[1] as ContractError['code'], m[2]);
  return new ContractCallError('internal', text);
}
