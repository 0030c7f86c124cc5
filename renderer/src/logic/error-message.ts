/**
 * Host errors arrive as `ContractError` shapes (or Errors carrying one); the message is written for
 * people, so it is shown as is. Anything else gets a generic sentence plus its text.
 */
export function errorMessage(error: unknown): string {
  if (typeof error === 'string') return error;
  if (error && typeof error === 'object') {
    const message = (error as { message?: unknown }).message;
    if (typeof message === 'string' && message.trim() !== '') return message;
  }
  return String(error);
}

export function isCancelled(error: unknown): boolean {
  return !!error && typeof error === 'object' && (error as { code?: unknown }).code === 'cancelled';
}
