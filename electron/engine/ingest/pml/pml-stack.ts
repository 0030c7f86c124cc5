/**
 * Stack frames of an event resolved to module + offset the way Procmon shows them without symbols
 * (`FLTMGR.SYS + 0x1cfd`). User-mode addresses resolve through the event's process module list,
 * kernel addresses (above the header's maximum application address) through the System process's
 * driver list. Frames are cached per address: stacks repeat heavily.
 */
import type { StackFrame } from '../../../../shared/model/trace';
import type { PmlModule, PmlProcess } from './pml-file';
import { hex64 } from './pml-format';

interface FrameInfo {
  address: string;
  module: string;
  location: string;
  path: string;
  kernel: boolean;
}

/** Key of an address in the caches: low 32 bits + low 21 bits of the high half (exact below 2^53). */
function key(hi: number, lo: number): number {
  return (hi & 0x1fffff) * 4294967296 + lo;
}

function findModule(modules: readonly PmlModule[], hi: number, lo: number): PmlModule | null {
  let lo0 = 0;
  let hi0 = modules.length - 1;
  let found = -1;
  while (lo0 <= hi0) {
    const mid = (lo0 + hi0) >> 1;
    const m = modules[mid];
    if (m.baseHi < hi || (m.baseHi === hi && m.baseLo <= lo)) {
      found = mid;
      lo0 = mid + 1;
    } else hi0 = mid - 1;
  }
  if (found < 0) return null;
  const m = modules[found];
  const offset = (hi - m.baseHi) * 4294967296 + (lo - m.baseLo);
  return offset < m.size ? m : null;
}

export class StackResolver {
  private readonly kernelCache = new Map<number, FrameInfo>();
  private readonly userCaches = new Map<number, Map<number, FrameInfo>>();
  private readonly systemModules: readonly PmlModule[];

  constructor(
    private readonly processes: ReadonlyMap<number, PmlProcess>,
    private readonly maxUserHi: number,
    private readonly maxUserLo: number,
  ) {
    let system: readonly PmlModule[] = [];
    for (const p of processes.values()) {
      if (p.name === 'System' && (p.pid === 4 || p.user.toLowerCase() === 'nt authority\\system')) {
        system = p.modules;
        break;
      }
    }
    this.systemModules = system;
  }

  private info(processIndex: number, hi: number, lo: number): FrameInfo {
    const kernel = hi > this.maxUserHi || (hi === this.maxUserHi && lo > this.maxUserLo);
    let cache: Map<number, FrameInfo> | undefined;
    if (kernel) cache = this.kernelCache;
    else {
      cache = this.userCaches.get(processIndex);
      if (cache === undefined) {
        cache = new Map();
        this.userCaches.set(processIndex, cache);
      }
    }
    const k = key(hi, lo);
    let f = cache.get(k);
    if (f === undefined) {
      const modules = kernel ? this.systemModules : (this.processes.get(processIndex)?.modules ?? []);
      const m = findModule(modules, hi, lo);
      const address = hex64(hi, lo);
      if (m === null) f = { address, module: '<unknown>', location: address, path: '', kernel };
      else {
        const offset = (hi - m.baseHi) * 4294967296 + (lo - m.baseLo);
        f = { address, module: m.name, location: `${m.name} + 0x${offset.toString(16)}`, path: m.path, kernel };
      }
      cache.set(k, f);
    }
    return f;
  }

  /** Frames of `depth` return addresses stored at `at` (pointer-sized, little-endian). */
  frames(processIndex: number, dv: DataView, at: number, depth: number, pointerSize: 4 | 8): StackFrame[] {
    const out: StackFrame[] = new Array<StackFrame>(depth);
    for (let i = 0; i < depth; i++) {
      const o = at + i * pointerSize;
      const lo = dv.getUint32(o, true);
      const hi = pointerSize === 8 ? dv.getUint32(o + 4, true) : 0;
      const f = this.info(processIndex, hi, lo);
      out[i] = { depth: i, address: f.address, module: f.module, location: f.location, path: f.path, kernel: f.kernel };
    }
    return out;
  }
}
