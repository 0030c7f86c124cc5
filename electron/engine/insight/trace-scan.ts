/**
 * One pass over a trace's columns collecting what software it shows: processes (with image path,
 * company, pids), loaded images (Load Image events and PML module lists), product folders under
 * Program Files, services keys (with the ImagePath values read), and .sys files. Works on the
 * typed arrays and interned ids, so a million events cost one loop, not a million objects.
 */
import type { Side } from '../../../shared/model/trace';
import type { TraceStore } from '../store/trace-store';
import { baseName, productFolderOf } from './publisher';

export interface ProcessSeen {
  name: string;
  imagePath: string;
  /** The third-party product folder most of this process's events touch (for captures without image paths). */
  mostlyIn: string;
  company: string;
  description: string;
  pids: Set<number>;
  events: number;
  firstSeq: number;
}

export interface ImageSeen {
  path: string;
  company: string;
  description: string;
  /** Events (Load Image) or processes (module list) that show it. */
  count: number;
  firstSeq: number;
  loadedBy: Set<string>;
  source: 'load-image' | 'module-list';
}

export interface CountSeen {
  name: string;
  path: string;
  count: number;
  firstSeq: number;
}

export interface ProductSeen extends CountSeen {
  vendor: string;
  microsoft: boolean;
  /** Lower-cased file stems seen in the folder (to tie drivers and filters to the product). */
  stems: Set<string>;
  processes: Set<string>;
}

export interface ServiceSeen extends CountSeen {
  imagePath: string;
}

export interface TraceScan {
  side: Side;
  file: string;
  store: TraceStore;
  processes: Map<string, ProcessSeen>;
  images: Map<string, ImageSeen>;
  products: Map<string, ProductSeen>;
  services: Map<string, ServiceSeen>;
  driverFiles: Map<string, CountSeen>;
}

const SERVICE_KEY = /\\(?:CurrentControlSet|ControlSet\d{3})\\Services\\([^\\]+)(\\ImagePath)?$/i;
const SERVICE_ANY = /\\(?:CurrentControlSet|ControlSet\d{3})\\Services\\([^\\]+)/i;
const NOT_DRIVERS = /^(?:pagefile|swapfile|hiberfil)\.sys$/i;
const stemOf = (name: string): string => name.replace(/\.[^.\\]+$/, '').toLowerCase();

/** The executable of a command line (`"C:\Program Files\X\a.exe" -k` or `C:\Windows\x.exe /y`). */
export function exeOf(commandLine: string): string {
  const c = commandLine.trim();
  const quoted = /^"([^"]+)"/.exec(c);
  if (quoted) return quoted[1];
  const m = /^(.+?\.exe)(?=\s|$)/i.exec(c);
  return m && /^[A-Za-z]:\\/.test(m[1]) ? m[1] : '';
}

function bump<T extends { count: number; firstSeq: number }>(acc: T, count: number, seq: number): void {
  acc.count += count;
  if (seq >= 0 && (acc.firstSeq < 0 || seq < acc.firstSeq)) acc.firstSeq = seq;
}

export function scanTrace(store: TraceStore, side: Side, signal?: AbortSignal): TraceScan {
  const scan: TraceScan = {
    side,
    file: store.meta.fileName,
    store,
    processes: new Map(),
    images: new Map(),
    products: new Map(),
    services: new Map(),
    driverFiles: new Map(),
  };
  const c = store.cols;
  const n = store.length;
  const nStrings = store.strings.size;
  const pathCount = new Uint32Array(nStrings);
  const pathFirst = new Int32Array(nStrings).fill(-1);
  // Operation ids are few: decide once per id (no look-up map over the whole string table).
  const isLoad = new Map<number, boolean>();
  const procEvents = new Map<number, { count: number; firstSeq: number; pids: Set<number>; index: number }>();
  const loads = new Map<number, { count: number; firstSeq: number; by: Set<number> }>();
  for (let i = 0; i < n; i++) {
    if ((i & 0xfffff) === 0 && signal?.aborted) throw new Error('Cancelled');
    const p = c.path[i];
    if (pathCount[p]++ === 0) pathFirst[p] = i;
    const name = c.process[i];
    let acc = procEvents.get(name);
    if (!acc) {
      acc = { count: 0, firstSeq: i, pids: new Set(), index: c.processIndex[i] };
      procEvents.set(name, acc);
    }
    acc.count++;
    acc.pids.add(c.pid[i]);
    if (acc.index < 0) acc.index = c.processIndex[i];
    const op = c.operation[i];
    let load = isLoad.get(op);
    if (load === undefined) {
      load = store.str(op) === 'Load Image';
      isLoad.set(op, load);
    }
    if (load) {
      let l = loads.get(p);
      if (!l) {
        l = { count: 0, firstSeq: i, by: new Set() };
        loads.set(p, l);
      }
      l.count++;
      l.by.add(name);
    }
  }

  for (const [nameId, acc] of procEvents) {
    const name = store.str(nameId);
    if (!name) continue;
    const info = acc.index >= 0 ? store.processes[acc.index] : undefined;
    scan.processes.set(name.toLowerCase(), {
      name,
      imagePath: info ? info.imagePath || exeOf(info.commandLine) : '',
      mostlyIn: '',
      company: info?.company ?? '',
      description: info?.description ?? '',
      pids: acc.pids,
      events: acc.count,
      firstSeq: acc.firstSeq,
    });
  }
  // The process table (PML, 27-column CSV) fills in image paths, companies, modules.
  for (const info of store.processes) {
    const key = info.name.toLowerCase();
    const seen = scan.processes.get(key);
    if (seen) {
      if (!seen.imagePath) seen.imagePath = info.imagePath || exeOf(info.commandLine);
      if (!seen.company) seen.company = info.company;
      if (!seen.description) seen.description = info.description;
      seen.pids.add(info.pid);
    } else if (info.name) {
      scan.processes.set(key, {
        name: info.name,
        imagePath: info.imagePath || exeOf(info.commandLine),
        mostlyIn: '',
        company: info.company,
        description: info.description,
        pids: new Set([info.pid]),
        events: 0,
        firstSeq: -1,
      });
    }
    for (const m of info.modules) {
      if (!m.path) continue;
      const k = m.path.toLowerCase();
      let img = scan.images.get(k);
      if (!img) {
        img = {
          path: m.path,
          company: m.company,
          description: m.description,
          count: 0,
          firstSeq: -1,
          loadedBy: new Set(),
          source: 'module-list',
        };
        scan.images.set(k, img);
      }
      img.count++;
      img.loadedBy.add(info.name);
      if (!img.company) img.company = m.company;
    }
  }
  for (const [pathId, l] of loads) {
    const path = store.str(pathId);
    if (!path) continue;
    const k = path.toLowerCase();
    let img = scan.images.get(k);
    if (!img) {
      img = {
        path,
        company: '',
        description: '',
        count: 0,
        firstSeq: -1,
        loadedBy: new Set(),
        source: 'load-image',
      };
      scan.images.set(k, img);
    }
    bump(img, l.count, l.firstSeq);
    // Load Image events carry a time and a sequence number: the stronger evidence.
    img.source = 'load-image';
    for (const by of l.by) img.loadedBy.add(store.str(by));
  }

  const imagePathIds = new Set<number>();
  // Which third-party product folder each path lies in (-1: none), to tie processes to products.
  const productOfPath = new Int32Array(nStrings).fill(-1);
  const productList: ProductSeen[] = [];
  for (let id = 1; id < nStrings; id++) {
    const count = pathCount[id];
    if (count === 0) continue;
    const path = store.str(id);
    const product = productFolderOf(path);
    if (product) {
      const k = product.folder.toLowerCase();
      let acc = scan.products.get(k);
      if (!acc) {
        acc = {
          name: product.folder.slice(product.folder.lastIndexOf('\\', product.folder.length - 1) + 1),
          path: product.folder,
          vendor: product.vendor,
          microsoft: product.microsoft,
          count: 0,
          firstSeq: -1,
          stems: new Set(),
          processes: new Set(),
        };
        scan.products.set(k, acc);
      }
      bump(acc, count, pathFirst[id]);
      const base = baseName(path);
      if (/\.(?:exe|dll|sys)$/i.test(base)) acc.stems.add(stemOf(base));
      if (!acc.microsoft) {
        let at = productList.indexOf(acc);
        if (at < 0) at = productList.push(acc) - 1;
        productOfPath[id] = at;
      }
      continue;
    }
    const svc = SERVICE_KEY.exec(path) ?? SERVICE_ANY.exec(path);
    if (svc && /^(?:HKLM|HKEY_LOCAL_MACHINE|\\REGISTRY\\MACHINE)\\/i.test(path)) {
      const k = svc[1].toLowerCase();
      let acc = scan.services.get(k);
      if (!acc) {
        acc = {
          name: svc[1],
          path: path.slice(0, svc.index + svc[0].length - (svc[2]?.length ?? 0)),
          count: 0,
          firstSeq: -1,
          imagePath: '',
        };
        scan.services.set(k, acc);
      }
      bump(acc, count, pathFirst[id]);
      if (svc[2]) imagePathIds.add(id);
      continue;
    }
    const base = baseName(path);
    if (/\.sys$/i.test(base) && !NOT_DRIVERS.test(base) && /\\drivers\\/i.test(path)) {
      const k = stemOf(base);
      let acc = scan.driverFiles.get(k);
      if (!acc) {
        acc = { name: base, path, count: 0, firstSeq: -1 };
        scan.driverFiles.set(k, acc);
      }
      bump(acc, count, pathFirst[id]);
    }
  }
  // Services' ImagePath values name the binary (`\SystemRoot\System32\drivers\x.sys`, `"C:\...\agent.exe"`).
  if (imagePathIds.size > 0) {
    for (let i = 0; i < n; i++) {
      if (!imagePathIds.has(c.path[i])) continue;
      const m = /Data:\s*"?([^"]+?)"?(?:\s+-.*)?$/.exec(store.str(c.detail[i]));
      const svc = SERVICE_KEY.exec(store.str(c.path[i]));
      if (m && svc) {
        const acc = scan.services.get(svc[1].toLowerCase());
        if (acc && !acc.imagePath) acc.imagePath = m[1].trim();
      }
    }
  }
  if (productList.length > 0) markProductProcesses(scan, productOfPath, productList, procEvents);
  for (const p of scan.processes.values()) {
    const product = p.imagePath ? productFolderOf(p.imagePath) : null;
    if (product) scan.products.get(product.folder.toLowerCase())?.processes.add(p.name);
  }
  return scan;
}

/**
 * Captures exported with the default columns have no image paths: a process whose events mostly
 * touch one third-party product folder (its own policy, logs, registry-free files) is taken to
 * belong to that product.
 */
function markProductProcesses(
  scan: TraceScan,
  productOfPath: Int32Array,
  products: readonly ProductSeen[],
  procEvents: ReadonlyMap<number, { count: number }>,
): void {
  const c = scan.store.cols;
  const per = new Map<number, number>();
  const n = products.length;
  for (let i = 0; i < scan.store.length; i++) {
    const at = productOfPath[c.path[i]];
    if (at < 0) continue;
    const key = c.process[i] * n + at;
    per.set(key, (per.get(key) ?? 0) + 1);
  }
  const best = new Map<number, { at: number; count: number }>();
  for (const [key, count] of per) {
    const proc = Math.floor(key / n);
    const cur = best.get(proc);
    if (!cur || count > cur.count) best.set(proc, { at: key % n, count });
  }
  for (const [proc, b] of best) {
    const total = procEvents.get(proc)?.count ?? 0;
    if (total === 0 || b.count * 2 < total) continue;
    const seen = scan.processes.get(scan.store.str(proc).toLowerCase());
    if (seen && !seen.imagePath) seen.mostlyIn = products[b.at].path;
  }
}
