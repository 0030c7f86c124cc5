/**
 * The host-side error that becomes a `ContractError` at the boundary. Anything else thrown inside
 * the service is an `internal` error: its message is kept for the person, its stack stays in the host.
 */
import type { ContractError } from '../../../shared/contract';

export type ContractErrorCode = ContractError['code'];

export class ContractFailure extends Error {
  constructor(
    readonly code: ContractErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ContractFailure';
  }
}

export function toContractError(e: unknown): ContractError {
  if (e instanceof ContractFailure) return { code: e.code, message: e.message };
  const message = e instanceof Error ? e.message : String(e);
  return { code: 'internal', message: message || 'internal error' };
}

/** HTTP status for each error code (browser mode). */
export function httpStatusOf(code: ContractErrorCode): number {
  switch (code) {
    case 'bad-request':
      return 400;
    case 'unauthorized':
      return 401;
    case 'not-found':
      return 404;
    case 'cancelled':
      return 409;
    case 'unreadable':
      return 422;
    default:
      return 500;
  }
}
