/**
 * Procmon's default display filter (the rules a fresh Procmon configuration holds, procmon.md §3.10
 * item 6): a PML read through it gives the rows Procmon shows and exports. Procmon compares
 * case-insensitively.
 */

/** "Process Name is ..." exclusions: Sysinternals' own monitoring tools and the System process. */
const HIDDEN_PROCESSES = new Set(
  [
    'Procmon.exe',
    'Procmon64.exe',
    'Procmon64a.exe',
    'Procexp.exe',
    'Procexp64.exe',
    'Procexp64a.exe',
    'Autoruns.exe',
    'Autoruns64.exe',
    'Autoruns64a.exe',
    'Sysmon.exe',
    'Sysmon64.exe',
    'Sysmon64a.exe',
    'System',
  ].map((n) => n.toLowerCase()),
);

export function isHiddenProcess(name: string): boolean {
  return HIDDEN_PROCESSES.has(name.toLowerCase());
}

/** "Operation begins with IRP_MJ_ / FASTIO_". */
export function isHiddenOperation(operation: string): boolean {
  return operation.startsWith('IRP_MJ_') || operation.startsWith('FASTIO_');
}

/** "Result begins with FAST IO". */
export function isHiddenResult(result: string): boolean {
  return result.startsWith('FAST IO');
}

/** "Path ends with" NTFS metadata files and the page file; "Path contains $Extend". */
const HIDDEN_PATH_ENDINGS = [
  'pagefile.sys',
  '$volume',
  '$upcase',
  '$secure',
  '$root',
  '$mftmirr',
  '$mft',
  '$logfile',
  '$boot',
  '$bitmap',
  '$badclus',
  '$attrdef',
];

export function isHiddenPath(path: string): boolean {
  // Cheap pre-check: every rule needs a '$' or ends in "sys".
  const dollar = path.indexOf('$') >= 0;
  const len = path.length;
  if (!dollar && !(len >= 12 && (path.charCodeAt(len - 1) | 0x20) === 0x73)) return false;
  const lower = path.toLowerCase();
  if (dollar && lower.includes('$extend')) return true;
  for (const end of HIDDEN_PATH_ENDINGS) if (lower.endsWith(end)) return true;
  return false;
}
