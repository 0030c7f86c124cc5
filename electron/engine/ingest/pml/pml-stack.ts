/**
 * Stack frames of an event resolved to module + offset the way Procmon shows them without symbols
 * (`FLTMGR.SYS + 0x1cfd`). User-mode addresses resolve through the event's process module list,
 * kernel addresses (above the header's maximum application address) through the System process's
 * driver list. Stacks repeat heavily (about half the events of real captures share a stack with an
 * earlier one), so each distinct stack is stored once and each frame is resolved and interned once.
 */
import type { TraceStoreBuilder } from '../../store/trace-store';
import type { PmlModule, PmlProcess } from './pml-file';
import { hex64 } from './pml-format';
import { KeyTable } from './pml-key-table';

interface FrameInfo {
  address: string;
  module: string;
  location: string;
  path: string;
  kernel: boolean;
  /** Interned frame ids by depth (the stored descriptor includes the depth). */
  ids: number[];
}

function findModule(modules: readonly PmlModule[], hi: number, lo: number): PmlModule | null {
  let a = 0;
  let b = modules.length - 1;
  let found = -1;
  while (a <= b) {
    const mid = (a + b) >> 1;
    const m = modules[mid];
    if (m.baseHi < hi || (m.baseHi === hi && m.baseLo <= lo)) {
      found = mid;
      a = mid + 1;
    } else b = mid - 1;
  }
  if (found < 0) return null;
  const m = modules[found];
  const offset = (hi - m.baseHi) * 4294967296 + (lo - m.baseLo);
  return offset < m.size ? m : null;
}

export class StackResolver {
  /** (address low, address high, process index or -1 for kernel) -> index in `frames`. */
  private readonly frameIndex = new KeyTable(4096);
  private readonly frames: FrameInfo[] = [];
  private readonly systemModules: readonly PmlModule[];
  /** Distinct stacks by two independent 32-bit hashes and a check word -> store position. */
  private readonly stacks = new KeyTable(4096);
  private readonly ids: number[] = [];
  private bytes: Uint8Array = new Uint8Array(0);

  constructor(
    private readonly builder: TraceStoreBuilder,
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

  private frame(processIndex: number, hi: number, lo: number): FrameInfo {
    const kernel = hi > this.maxUserHi || (hi === this.maxUserHi && lo > this.maxUserLo);
    const owner = kernel ? -1 : processIndex;
    const known = this.frameIndex.get(lo, hi, owner);
    if (known >= 0) return this.frames[known];
    const modules = kernel ? this.systemModules : (this.processes.get(processIndex)?.modules ?? []);
    const m = findModule(modules, hi, lo);
    const address = hex64(hi, lo);
    let f: FrameInfo;
    if (m === null) f = { address, module: '<unknown>', location: address, path: '', kernel, ids: [] };
    else {
      const offset = (hi - m.baseHi) * 4294967296 + (lo - m.baseLo);
      f = { address, module: m.name, location: `${m.name} + 0x${offset.toString(16)}`, path: m.path, kernel, ids: [] };
    }
    this.frameIndex.add(lo, hi, owner, this.frames.length);
    this.frames.push(f);
    return f;
  }

  /** Stores the stack of event `seq`: `depth` pointer-sized return addresses at `at`. */
  store(seq: number, processIndex: number, dv: DataView, at: number, depth: number, pointerSize: 4 | 8): void {
    if (this.bytes.buffer !== dv.buffer) this.bytes = new Uint8Array(dv.buffer, dv.byteOffset, dv.byteLength);
    // Hash the low 32 bits of each address (the high halves carry little entropy); the check word
    // adds both halves of the first and last frame. 96 bits of key make a false match negligible.
    const b = this.bytes;
    let h1 = (0x811c9dc5 ^ processIndex) | 0;
    let h2 = (depth * 0x9e3779b1) | 0;
    for (let o = at, end = at + depth * pointerSize; o < end; o += pointerSize) {
      const w = b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24);
      h1 = Math.imul(h1 ^ w, 0x01000193);
      h2 = Math.imul(h2 + w, 0x5bd1e995);
      h2 ^= h2 >>> 15;
    }
    const lastAt = at + (depth - 1) * pointerSize;
    let check = depth ^ processIndex ^ dv.getInt32(at, true) ^ Math.imul(dv.getInt32(lastAt, true), 31);
    if (pointerSize === 8) check ^= dv.getInt32(at + 4, true) ^ Math.imul(dv.getInt32(lastAt + 4, true), 17);
    const known = this.stacks.get(h1, h2, check);
    if (known >= 0) {
      this.builder.shareStack(seq, known);
      return;
    }
    const ids = this.ids;
    for (let i = 0; i < depth; i++) {
      const o = at + i * pointerSize;
      const lo = dv.getUint32(o, true);
      const hi = pointerSize === 8 ? dv.getUint32(o + 4, true) : 0;
      const f = this.frame(processIndex, hi, lo);
      let id = f.ids[i];
      if (id === undefined) {
        id = this.builder.stackFrameId({ depth: i, address: f.address, module: f.module, location: f.location, path: f.path, kernel: f.kernel });
        f.ids[i] = id;
      }
      ids[i] = id;
    }
    this.stacks.add(h1, h2, check, this.builder.setStackIds(seq, ids, depth));
  }
}
