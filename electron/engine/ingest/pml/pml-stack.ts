/**
 * Stacks of PML events. Every event of a capture taken with stacks carries its return addresses
 * (procmon.md §3.8); they go into the store raw and are resolved to module + offset only when a
 * stack is read (TraceStore.stack): user-mode addresses through the event's process module list,
 * kernel addresses (above the header's maximum application address) through the System process's
 * driver list, the way Procmon shows frames without symbols (`FLTMGR.SYS + 0x1cfd`).
 */
import type { PmlProcess } from './pml-tables';

/** The process whose module list holds the kernel drivers, or null when the table lacks it. */
export function systemProcess(processes: ReadonlyMap<number, PmlProcess>): PmlProcess | null {
  for (const p of processes.values()) {
    if (p.name === 'System' && (p.pid === 4 || p.user.toLowerCase() === 'nt authority\\system')) return p;
  }
  return null;
}
