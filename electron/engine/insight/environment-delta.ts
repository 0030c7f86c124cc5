/**
 * The environment delta: software the problem machine runs and the baseline does not (and the other
 * way round) — processes, loaded drivers and modules, services, file system filters, products under
 * Program Files, security products SetupDiag names — with the evidence for each (where seen, how
 * often, first time). Third-party items come first: in the cases this tool is for, the cause is
 * usually an agent the clean image does not have.
 *
 * Sources: both traces (trace-scan.ts), the logs (SetupDiag RegisteredAV / FilterDrivers fields,
 * Application Error 1000 events: winlogs.md §2.7, §4) and fltmc output of either machine.
 */
import type {
  AgentProduct,
  EnvironmentDelta,
  EnvironmentEvidence,
  EnvironmentItem,
  EnvironmentKind,
  FltmcReport,
  Presence,
  Publisher,
} from '../../../shared/model/insight';
import type { Side } from '../../../shared/model/trace';
import type { TraceStore } from '../store/trace-store';
import { baseName, classifyImage, classifyModule, productFolderOf } from './publisher';
import { addFltmcItems, addLogItems, ItemTable, type LogInput } from './environment-sources';
import { scanTrace, type TraceScan } from './trace-scan';

export interface EnvironmentOptions {
  logs?: readonly LogInput[];
  fltmc?: { baseline?: FltmcReport; problem?: FltmcReport };
  signal?: AbortSignal;
}

const KIND_ORDER: Record<EnvironmentKind, number> = {
  process: 0,
  'filter-driver': 1,
  driver: 2,
  service: 3,
  module: 4,
  'security-product': 5,
  'program-folder': 6,
};
const PRESENCE_ORDER: Record<Presence, number> = {
  'problem-only': 0,
  problem: 1,
  'baseline-only': 2,
  baseline: 3,
  both: 4,
};
const PUBLISHER_ORDER: Record<Publisher, number> = { 'third-party': 0, unknown: 1, microsoft: 2 };

const stem = (name: string): string =>
  baseName(name)
    .replace(/\.[^.]+$/, '')
    .toLowerCase();
const fmt = (n: number): string => n.toLocaleString('en-US');

function presenceOf(inProblem: boolean, inBaseline: boolean): Presence {
  if (inProblem && inBaseline) return 'both';
  return inProblem ? 'problem-only' : 'baseline-only';
}

function traceEvidence(
  scan: TraceScan,
  source: EnvironmentEvidence['source'],
  detail: string,
  count: number,
  seq: number,
): EnvironmentEvidence {
  return {
    source,
    side: scan.side,
    file: scan.file,
    detail,
    count,
    firstTime: seq >= 0 ? scan.store.time(seq) : '',
    ...(seq >= 0 ? { seq } : {}),
  };
}

function addTraceItems(table: ItemTable, b: TraceScan, p: TraceScan): void {
  const sides: [TraceScan, TraceScan][] = [
    [p, b],
    [b, p],
  ];
  for (const [mine, other] of sides) {
    const events = (it: EnvironmentItem, n: number): void => {
      if (mine.side === 'problem') it.problemEvents += n;
      else it.baselineEvents += n;
    };
    for (const [key, proc] of mine.processes) {
      const otherProc = other.processes.get(key);
      const presence = presenceOf(
        mine.side === 'problem' || !!otherProc,
        mine.side === 'baseline' || !!otherProc,
      );
      if (presence === 'both') continue;
      const path = proc.imagePath || otherProc?.imagePath || '';
      const company = proc.company || otherProc?.company || '';
      let publisher = classifyImage(proc.name, path, company);
      let product = path ? productFolderOf(path)?.folder : undefined;
      // No image path in the capture: a process living in a third-party product folder belongs to it.
      if (!path && publisher === 'unknown' && proc.mostlyIn) {
        publisher = 'third-party';
        product = proc.mostlyIn;
      }
      const it = table.upsert('process', proc.name, {
        path,
        company,
        description: proc.description,
        publisher,
        presence,
        product,
      });
      events(it, proc.events);
      it.pids = [...new Set([...(it.pids ?? []), ...proc.pids])].sort((x, y) => x - y);
      it.evidence.push(
        traceEvidence(
          mine,
          proc.imagePath ? 'process-table' : 'trace-path',
          `${fmt(proc.events)} events, PID ${[...proc.pids].join(', ')}`,
          proc.events,
          proc.firstSeq,
        ),
      );
    }
    for (const [key, img] of mine.images) {
      const otherImg =
        other.images.get(key) ??
        [...other.images.values()].find(
          (x) => baseName(x.path).toLowerCase() === baseName(img.path).toLowerCase(),
        );
      // A process's own image is the process item; the other side loading it too is no difference.
      if (otherImg || /\.exe$/i.test(img.path)) continue;
      const isDriver = /\.sys$/i.test(img.path);
      const publisher = classifyModule(img.path, img.company);
      if (!isDriver && publisher === 'microsoft') continue;
      const it = table.upsert(isDriver ? 'driver' : 'module', baseName(img.path), {
        path: img.path,
        company: img.company,
        description: img.description,
        publisher,
        presence: mine.side === 'problem' ? 'problem-only' : 'baseline-only',
        product: productFolderOf(img.path)?.folder,
      });
      events(it, img.count);
      it.evidence.push(
        traceEvidence(
          mine,
          img.source,
          `loaded by ${[...img.loadedBy].slice(0, 5).join(', ')}`,
          img.count,
          img.firstSeq,
        ),
      );
    }
    for (const [key, prod] of mine.products) {
      if (prod.microsoft || other.products.has(key)) continue;
      const it = table.upsert('program-folder', prod.path, {
        path: prod.path,
        publisher: 'third-party',
        presence: mine.side === 'problem' ? 'problem-only' : 'baseline-only',
        product: prod.path,
      });
      events(it, prod.count);
      it.evidence.push(
        traceEvidence(
          mine,
          'trace-path',
          `${fmt(prod.count)} events on paths under the folder`,
          prod.count,
          prod.firstSeq,
        ),
      );
    }
    for (const [key, drv] of mine.driverFiles) {
      if (
        other.driverFiles.has(key) ||
        other.images.has(drv.path.toLowerCase()) ||
        mine.images.has(drv.path.toLowerCase())
      )
        continue;
      const publisher = classifyImage(drv.name, drv.path);
      if (publisher === 'microsoft') continue;
      const it = table.upsert('driver', drv.name, {
        path: drv.path,
        publisher,
        presence: mine.side === 'problem' ? 'problem-only' : 'baseline-only',
      });
      events(it, drv.count);
      it.evidence.push(
        traceEvidence(
          mine,
          'trace-path',
          `${fmt(drv.count)} events on the driver file`,
          drv.count,
          drv.firstSeq,
        ),
      );
    }
    for (const [key, svc] of mine.services) {
      if (other.services.has(key)) continue;
      // A service key alone says little (services.exe reads many); keep it when its binary is
      // third-party or it is named like a third-party process or driver on the same machine.
      const publisher = svc.imagePath ? classifyImage(baseName(svc.imagePath), svc.imagePath) : 'unknown';
      const related = [...mine.processes.values()].some(
        (x) => stem(x.name) === key && classifyImage(x.name, x.imagePath, x.company) !== 'microsoft',
      );
      if (publisher === 'microsoft' || (publisher === 'unknown' && !related)) continue;
      const it = table.upsert('service', svc.name, {
        path: svc.imagePath,
        publisher: publisher === 'unknown' && related ? 'third-party' : publisher,
        presence: mine.side === 'problem' ? 'problem-only' : 'baseline-only',
        product: svc.imagePath ? productFolderOf(svc.imagePath)?.folder : undefined,
      });
      events(it, svc.count);
      it.evidence.push(
        traceEvidence(
          mine,
          'services-key',
          `${svc.path}${svc.imagePath ? ` (ImagePath ${svc.imagePath})` : ''}`,
          svc.count,
          svc.firstSeq,
        ),
      );
    }
  }
}

/** Drivers that fltmc also lists become the filter-driver item; items join their product folder. */
function consolidate(table: ItemTable, scans: Record<Side, TraceScan>): void {
  for (const [key, item] of [...table.items]) {
    if (item.kind !== 'driver') continue;
    const filter = table.items.get(`filter-driver:${stem(item.name)}`);
    if (!filter) continue;
    filter.evidence.push(...item.evidence);
    filter.path ||= item.path;
    filter.problemEvents += item.problemEvents;
    filter.baselineEvents += item.baselineEvents;
    if (filter.publisher === 'unknown') filter.publisher = item.publisher;
    // fltmc or SetupDiag of one machine says "seen there"; the trace comparison says "only there".
    if (filter.presence === 'problem' || filter.presence === 'baseline') filter.presence = item.presence;
    table.items.delete(key);
  }
  const products = [...scans.problem.products.values(), ...scans.baseline.products.values()].filter(
    (x) => !x.microsoft,
  );
  for (const item of table.items.values()) {
    if (item.product || item.publisher === 'microsoft') continue;
    const owner = products.find((x) => x.stems.has(stem(item.name)));
    if (owner) {
      item.product = owner.path;
      if (item.publisher === 'unknown') item.publisher = 'third-party';
    }
  }
  // Presence 'both' from a merge of sources is no difference: drop it.
  for (const [key, item] of [...table.items]) if (item.presence === 'both') table.items.delete(key);
  for (const item of table.items.values()) {
    const first =
      item.evidence.find((e) => e.side === 'problem' && e.firstTime) ??
      item.evidence.find((e) => e.firstTime);
    item.firstTime = first?.firstTime ?? '';
    if (item.pids && item.pids.length === 0) delete item.pids;
  }
}

function compareItems(a: EnvironmentItem, b: EnvironmentItem): number {
  const pa = PRESENCE_ORDER[a.presence] <= 1 ? 0 : 1;
  const pb = PRESENCE_ORDER[b.presence] <= 1 ? 0 : 1;
  return (
    pa - pb ||
    PUBLISHER_ORDER[a.publisher] - PUBLISHER_ORDER[b.publisher] ||
    KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
    b.problemEvents + b.baselineEvents - (a.problemEvents + a.baselineEvents) ||
    a.name.localeCompare(b.name)
  );
}

function productsOf(items: readonly EnvironmentItem[]): AgentProduct[] {
  const byFolder = new Map<string, AgentProduct>();
  for (const it of items) {
    if (!it.product || it.publisher === 'microsoft') continue;
    const k = it.product.toLowerCase();
    let p = byFolder.get(k);
    if (!p) {
      const vendor = productFolderOf(`${it.product}\\x`)?.vendor ?? '';
      p = { folder: it.product, vendor, presence: it.presence, items: [], processes: [], problemEvents: 0 };
      byFolder.set(k, p);
    }
    p.items.push(it.id);
    if (it.kind === 'process') p.processes.push(it.name);
    if (it.kind === 'program-folder') {
      p.problemEvents = it.problemEvents;
      p.presence = it.presence;
    } else if (PRESENCE_ORDER[it.presence] < PRESENCE_ORDER[p.presence]) p.presence = it.presence;
  }
  return [...byFolder.values()].sort(
    (a, b) => PRESENCE_ORDER[a.presence] - PRESENCE_ORDER[b.presence] || b.problemEvents - a.problemEvents,
  );
}

/** The environment delta between the two machines (see the file comment). */
export function computeEnvironmentDelta(
  baseline: TraceStore,
  problem: TraceStore,
  opts: EnvironmentOptions = {},
): EnvironmentDelta {
  const scans: Record<Side, TraceScan> = {
    baseline: scanTrace(baseline, 'baseline', opts.signal),
    problem: scanTrace(problem, 'problem', opts.signal),
  };
  const table = new ItemTable();
  addTraceItems(table, scans.baseline, scans.problem);
  if (opts.logs) addLogItems(table, opts.logs, scans);
  if (opts.fltmc) addFltmcItems(table, opts.fltmc);
  consolidate(table, scans);
  const items = [...table.items.values()].sort(compareItems);
  return { items, products: productsOf(items) };
}

/** Items that are not Microsoft's and exist on the problem machine only (or only its sources name them). */
export function nonMicrosoftProblemOnly(delta: EnvironmentDelta): EnvironmentItem[] {
  return delta.items.filter(
    (x) => x.publisher !== 'microsoft' && (x.presence === 'problem-only' || x.presence === 'problem'),
  );
}
