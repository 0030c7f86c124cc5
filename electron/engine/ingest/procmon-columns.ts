/**
 * Procmon's 27 standard column names, exactly as the CSV header spells them (procmon.md §1.3), and the
 * mapping from XML event tags (`Time_of_Day`, spaces written as `_`, §2.1) back to them. Readers map by
 * name, never by position: the header is whatever the GUI showed, in GUI order.
 */
export const PROCMON_COLUMNS = [
  'Time of Day',
  'Process Name',
  'PID',
  'Operation',
  'Path',
  'Result',
  'Detail',
  'Date & Time',
  'Relative Time',
  'Duration',
  'Completion Time',
  'Event Class',
  'Sequence',
  'Image Path',
  'Company',
  'Description',
  'Version',
  'User',
  'Authentication ID',
  'Session',
  'Command Line',
  'TID',
  'Virtualized',
  'Integrity',
  'Category',
  'Parent PID',
  'Architecture',
] as const;

export type ProcmonColumn = (typeof PROCMON_COLUMNS)[number];

/** The 7 columns of a default export, in Procmon's order (§1.2). */
export const DEFAULT_COLUMNS: readonly ProcmonColumn[] = [
  'Time of Day',
  'Process Name',
  'PID',
  'Operation',
  'Path',
  'Result',
  'Detail',
];

/** Columns the store keeps in its own typed arrays; every other one goes to `setExtra`. */
export const CORE_COLUMNS: ReadonlySet<string> = new Set([
  'Time of Day',
  'Process Name',
  'PID',
  'Operation',
  'Path',
  'Result',
  'Detail',
  'Duration',
  'TID',
  'Event Class',
]);

const squash = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]/g, '');
const BY_SQUASHED = new Map<string, ProcmonColumn>(PROCMON_COLUMNS.map((c) => [squash(c), c]));
BY_SQUASHED.set('datetime', 'Date & Time');
BY_SQUASHED.set('dateandtime', 'Date & Time');

/** The Procmon column a header cell or XML tag names, or null. Case, spaces, `_` and `&` are ignored. */
export function procmonColumnFor(name: string): ProcmonColumn | null {
  return BY_SQUASHED.get(squash(name)) ?? null;
}

/** Header of Procmon's single-event stack export (Event Properties > Stack > Save, §1.6). */
export const STACK_COLUMNS = ['Frame', 'Module', 'Location', 'Address', 'Path'] as const;

const PROCESS_OPERATIONS = new Set([
  'Process Defined',
  'Process Create',
  'Process Exit',
  'Thread Create',
  'Thread Exit',
  'Load Image',
  'Process Start',
  'Process Statistics',
  'System Statistics',
]);

/**
 * The Event Class of an operation, for exports without the Event Class column (the default 7 columns
 * lack it). Operation names are unique across classes (§5.2): Reg* are registry, TCP/UDP network,
 * the process/thread/image ones process, the profiling ones profiling, the rest file system.
 */
export function eventClassForOperation(operation: string): string {
  if (operation === '') return '';
  if (operation.startsWith('Reg')) return 'Registry';
  if (operation.startsWith('TCP ') || operation.startsWith('UDP ')) return 'Network';
  if (PROCESS_OPERATIONS.has(operation)) return 'Process';
  if (operation.endsWith('Profiling') || operation === 'Thread Profile') return 'Profiling';
  return 'File System';
}
