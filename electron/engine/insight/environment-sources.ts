/**
 * The sources of the environment delta besides the traces: SetupDiag's RegisteredAV and
 * FilterDrivers fields and Application Error 1000 crashes (winlogs.md §2.7, §4) from the logs, and
 * fltmc output of either machine; plus the table the items are collected in.
 */
import type {
  EnvironmentEvidence,
  EnvironmentItem,
  EnvironmentKind,
  FltmcReport,
  Publisher,
} from '../../../shared/model/insight';
import type { LogEntry, LogSummary } from '../../../shared/model/log';
import type { Side } from '../../../shared/model/trace';
import { filterPublisher } from '../ingest/fltmc/altitude';
import { baseName, classifyImage, classifyModule, productFolderOf } from './publisher';
import type { TraceScan } from './trace-scan';

export interface LogInput {
  summary: LogSummary;
  entries: readonly LogEntry[];
}

const stem = (name: string): string =>
  baseName(name)
    .replace(/\.[^.]+$/, '')
    .toLowerCase();

/** Items by `kind:name`; a second sighting fills in what the first did not know. */
export class ItemTable {
  readonly items = new Map<string, EnvironmentItem>();

  upsert(kind: EnvironmentKind, name: string, init: Partial<EnvironmentItem>): EnvironmentItem {
    const key = `${kind}:${kind === 'driver' || kind === 'filter-driver' ? stem(name) : name.toLowerCase()}`;
    let item = this.items.get(key);
    if (!item) {
      item = {
        id: key,
        kind,
        name,
        path: '',
        company: '',
        description: '',
        publisher: 'unknown',
        presence: 'both',
        problemEvents: 0,
        baselineEvents: 0,
        firstTime: '',
        evidence: [],
        ...init,
      };
      this.items.set(key, item);
    } else {
      for (const [k, v] of Object.entries(init) as [keyof EnvironmentItem, never][]) {
        if (v !== undefined && v !== '' && (item[k] === '' || item[k] === undefined)) item[k] = v;
      }
    }
    return item;
  }
}

function logSide(s: LogSummary): Side {
  return s.side === 'baseline' ? 'baseline' : 'problem';
}

export function addLogItems(
  table: ItemTable,
  logs: readonly LogInput[],
  scans: Record<Side, TraceScan>,
): void {
  for (const log of logs) {
    const side = logSide(log.summary);
    for (const e of log.entries) {
      const data = e.data;
      if (!data) continue;
      const ev = (detail: string): EnvironmentEvidence => ({
        source: e.eventId !== undefined ? 'event-log' : 'setupdiag',
        side,
        file: e.source,
        detail,
        count: 1,
        firstTime: e.time,
        line: e.line,
      });
      for (const [k, v] of Object.entries(data)) {
        if (/(^|\.)RegisteredAV$/i.test(k)) {
          for (const name of v
            .split(/[,;]/)
            .map((x) => x.trim())
            .filter(Boolean)) {
            const publisher: Publisher = /defender|microsoft/i.test(name) ? 'microsoft' : 'third-party';
            const it = table.upsert('security-product', name, { publisher, presence: side });
            it.evidence.push(ev(`${k} = ${v}`));
          }
        } else if (/(^|\.)FilterDrivers$/i.test(k)) {
          for (const name of v
            .split(/[,;\s]+/)
            .map((x) => x.trim())
            .filter(Boolean)) {
            const it = table.upsert('filter-driver', name, {
              publisher: filterPublisher(name),
              presence: side,
            });
            it.evidence.push(ev(`${k} = ${v}`));
          }
        }
      }
      if (e.eventId === 1000 && data.AppName) {
        const appPath = data.AppPath ?? '';
        const key = data.AppName.toLowerCase();
        const existed = table.items.has(`process:${key}`);
        const proc = table.upsert('process', data.AppName, {
          path: appPath,
          publisher: classifyImage(data.AppName, appPath),
          product: appPath ? productFolderOf(appPath)?.folder : undefined,
        });
        // A process the traces already compared keeps that presence; one they never show is known from this log only.
        if (!existed)
          proc.presence =
            scans.problem.processes.has(key) && scans.baseline.processes.has(key) ? 'both' : side;
        proc.evidence.push(
          ev(`crashed in ${data.ModuleName ?? '?'} (exception ${data.ExceptionCode ?? '?'}, event 1000)`),
        );
        if (data.ModuleName) {
          const modPath = data.ModulePath ?? '';
          const publisher = modPath ? classifyModule(modPath) : classifyImage(data.ModuleName, '');
          if (publisher !== 'microsoft') {
            const mod = table.upsert(/\.sys$/i.test(data.ModuleName) ? 'driver' : 'module', data.ModuleName, {
              path: modPath,
              publisher,
              presence: side,
              product: modPath ? productFolderOf(modPath)?.folder : undefined,
            });
            mod.evidence.push(ev(`faulting module of ${data.AppName} (event 1000)`));
          }
        }
      }
    }
  }
}

export function addFltmcItems(
  table: ItemTable,
  fltmc: { baseline?: FltmcReport; problem?: FltmcReport },
): void {
  for (const side of ['problem', 'baseline'] as const) {
    const report = fltmc[side];
    if (!report) continue;
    const other = fltmc[side === 'problem' ? 'baseline' : 'problem'];
    for (const f of report.filters) {
      const onOther = other?.filters.some((x) => x.name.toLowerCase() === f.name.toLowerCase()) ?? false;
      if (other && onOther && side === 'baseline') continue;
      const it = table.upsert('filter-driver', f.name, {
        publisher: f.publisher,
        altitude: f.altitude,
        altitudeGroup: f.group,
      });
      it.altitude ||= f.altitude;
      it.altitudeGroup ||= f.group;
      it.presence = other
        ? onOther
          ? 'both'
          : side === 'problem'
            ? 'problem-only'
            : 'baseline-only'
        : it.presence === 'both'
          ? side
          : it.presence;
      it.evidence.push({
        source: 'fltmc',
        side,
        file: report.file,
        detail: `altitude ${f.altitude || '?'}${f.group ? ` (${f.group})` : ''}, ${f.instances ?? 'no'} instance(s), frame ${f.frame}`,
        count: f.instances ?? 0,
        firstTime: '',
        line: f.line,
      });
    }
  }
}
