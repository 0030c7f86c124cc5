/**
 * Builds a process table from what a CSV export carries: every export has Process Name and PID; the
 * 27-column one adds Image Path, Command Line, Parent PID, User, Integrity, Company, Description,
 * Version and Architecture. A default export still names the parent and command line in each
 * "Process Start" Detail ("Parent PID: 1328, Command line: ..., Current directory: ...").
 */
import type { ProcessInfo } from '../../../shared/model/trace';
import type { TraceStoreBuilder } from '../store/trace-store';
import type { RecordFields } from './csv-fields';

/** Column positions of the optional per-process columns in a header (-1 when absent). */
export interface ProcessColumns {
  imagePath: number;
  commandLine: number;
  parentPid: number;
  user: number;
  integrity: number;
  company: number;
  description: number;
  version: number;
  architecture: number;
}

export class CsvProcessTable {
  private readonly byKey = new Map<number, number>();
  private lastPid = -1;
  private lastName = -1;
  private lastIndex = -1;

  constructor(
    private readonly builder: TraceStoreBuilder,
    private readonly cols: ProcessColumns,
  ) {}

  /** Process-table index for an event's (PID, process name id); the first row seen fills the entry. */
  indexFor(pid: number, nameId: number, row: RecordFields): number {
    if (pid === this.lastPid && nameId === this.lastName) return this.lastIndex;
    // PIDs are multiples of 4 below 2^32 and name ids stay far below 2^21: the key is exact.
    const key = (pid + 1) * 2_097_152 + nameId;
    let index = this.byKey.get(key);
    if (index === undefined) {
      const c = this.cols;
      const cell = (i: number): string => (i >= 0 && i < row.length ? row.text(i) : '');
      const parent = Number(cell(c.parentPid));
      const arch = cell(c.architecture);
      index = this.builder.addProcess({
        pid,
        parentPid: c.parentPid >= 0 && Number.isFinite(parent) ? parent : -1,
        name: this.builder.strings.get(nameId),
        imagePath: cell(c.imagePath),
        commandLine: cell(c.commandLine),
        user: cell(c.user),
        integrity: cell(c.integrity),
        company: cell(c.company),
        description: cell(c.description),
        version: cell(c.version),
        startTime: '',
        endTime: '',
        is64bit: arch === '' ? null : arch.startsWith('64'),
        modules: [],
      });
      this.byKey.set(key, index);
    }
    this.lastPid = pid;
    this.lastName = nameId;
    this.lastIndex = index;
    return index;
  }

  /** Takes what a Process Start / Process Exit event says about its own process. */
  noteProcessEvent(index: number, operation: string, detail: string, time: string): void {
    const p: ProcessInfo | undefined = this.builder.processes[index];
    if (!p) return;
    if (operation === 'Process Start') {
      if (p.startTime === '') p.startTime = time;
      if (p.parentPid < 0) {
        const m = /Parent PID: (\d+)/.exec(detail);
        if (m) p.parentPid = Number(m[1]);
      }
      if (p.commandLine === '') {
        const m = /Command line: ([\s\S]*?), Current directory: /.exec(detail);
        if (m) p.commandLine = m[1].trimEnd();
      }
    } else if (operation === 'Process Exit') {
      p.endTime = time;
    }
  }
}
