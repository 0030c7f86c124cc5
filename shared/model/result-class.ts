/**
 * Result classes decide how loudly a Procmon Result is shown and how a difference ranks.
 * The grouping follows the classification table in the format notes (procmon.md §5.1): real
 * failures stop the work; context-dependent results are normal probing unless they differ between
 * the machines; benign ones are part of normal I/O.
 */
export type ResultClass = 'success' | 'failure' | 'context' | 'benign' | 'pending' | 'other';

const BENIGN = new Set([
  'REPARSE',
  '0x368',
  'MORE ENTRIES',
  'NOTIFY CLEANUP',
  'NOTIFY ENUM DIR',
  'OPLOCK BREAK IN PROGRESS',
  'FILE LOCKED WITH ONLY READERS',
  'FILE LOCKED WITH WRITERS',
  'OPLOCK SWITCHED TO NEW HANDLE',
  'OPLOCK HANDLE CLOSED',
  'WAIT FOR OPLOCK',
  'PREDEFINED HANDLE',
  'BUFFER OVERFLOW',
  'BUFFER TOO SMALL',
  'FAST IO DISALLOWED',
  'NO MORE FILES',
  'NO MORE ENTRIES',
  'NO MORE MATCHES',
  'END OF FILE',
  'NOT REPARSE POINT',
  'INVALID DEVICE REQUEST',
  'OFFLOAD READ FILE NOT SUPPORTED',
  'OFFLOAD WRITE FILE NOT SUPPORTED',
  'OFFLOAD READ FLT NOT SUPPORTED',
  'OFFLOAD WRITE FLT NOT SUPPORTED',
  '0xC000046F',
  'NO EAS ON FILE',
  'EAS NOT SUPPORTED',
  'OBJECTID NOT FOUND',
  'NOT SUPPORTED',
  'CANCELLED',
  'OBJECT NOT EXTERNALLY BACKED',
]);

const CONTEXT = new Set([
  'NAME NOT FOUND',
  'PATH NOT FOUND',
  'NO SUCH FILE',
  'NAME COLLISION',
  'IS DIRECTORY',
  'NOT A DIRECTORY',
  'INVALID PARAMETER',
  'NAME INVALID',
  'OBJECT PATH INVALID',
  'PATH SYNTAX BAD',
  'NOT FOUND',
  'NOT EMPTY',
  'DIRECTORY NOT EMPTY',
  'USER MAPPED FILE',
  'BAD NETWORK PATH',
  'BAD NETWORK NAME',
  'KEY DELETED',
]);

const FAILURE = new Set([
  'ACCESS DENIED',
  'SHARING VIOLATION',
  'PRIVILEGE NOT HELD',
  'CANNOT DELETE',
  'DELETE PENDING',
  'FILE LOCK CONFLICT',
  'NOT GRANTED',
  'DISK FULL',
  'QUOTA EXCEEDED',
  'MEDIA WRITE PROTECTED',
  'LOGON FAILURE',
  'BAD IMPERSONATION',
  'CANNOT IMPERSONATE',
  'INSUFFICIENT RESOURCES',
  'NO MEMORY',
  'INSUFFICIENT SERVER RESOURCES',
  'FILE CORRUPT',
  'DISK CORRUPT',
  'REGISTRY CORRUPT',
  'IO DEVICE ERROR',
  'DEVICE DATA ERROR',
  'CRC ERROR',
  'IN PAGE ERROR',
  'DEVICE NOT CONNECTED',
  'NO SUCH DEVICE',
  'NETWORK ERROR',
  'INVALID NETWORK RESPONSE',
  'IO TIMEOUT',
  'DISCONNECTED',
  'PIPE BUSY',
  'PIPE BROKEN',
  'PIPE NOT AVAILABLE',
  'ACCESS VIOLATION',
  'INVALID HANDLE',
  'FILE DELETED',
  'FILE CLOSED',
  'FILES OPEN',
  'HIVE UNLOADED',
  'CHILD MUST BE VOLATILE',
  'UNSUCCESSFUL',
]);

/** Classifies a Result string as Procmon renders it (English in every locale). */
export function classifyResult(result: string): ResultClass {
  if (result === '') return 'pending';
  if (result === 'SUCCESS') return 'success';
  if (FAILURE.has(result)) return 'failure';
  if (CONTEXT.has(result)) return 'context';
  if (BENIGN.has(result)) return 'benign';
  // Unknown codes are shown as hex; the top two NTSTATUS bits give the severity (11 = error).
  const hex = /^0x([0-9a-fA-F]{1,8})$/.exec(result);
  if (hex) {
    const severity = parseInt(hex[1], 16) >>> 30;
    return severity === 3 ? 'failure' : severity === 2 ? 'context' : 'benign';
  }
  return 'other';
}

/** Higher is more alarming; used for ranking and colouring. */
export function resultSeverity(cls: ResultClass): number {
  switch (cls) {
    case 'failure':
      return 3;
    case 'context':
      return 2;
    case 'other':
      return 1;
    default:
      return 0;
  }
}

export const RESULT_CLASS_CODES: Record<ResultClass, number> = {
  success: 0,
  benign: 1,
  pending: 2,
  other: 3,
  context: 4,
  failure: 5,
};

export const RESULT_CLASS_BY_CODE: readonly ResultClass[] = [
  'success',
  'benign',
  'pending',
  'other',
  'context',
  'failure',
];
