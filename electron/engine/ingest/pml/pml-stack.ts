/**
 * Stack frames of an event resolved to module + offset the way Procmon shows them without symbols
 * (`FLTMGR.SYS + 0x1cfd`). User-mode addresses resolve through the event's process module list,
 * kernel addresses (above the header's maximum application address) through the System process's
 * driver list. Stacks repeat heavily (about half the events of real captures share a stack with an
 * earlier one), so each distinct stack is stored once and each frame is resolved and interned once.
 */
import type { TraceStoreBuilder } from '../../store/trace-store';
import type { PmlModule, PmlProcess } from './pml-tables';
import { hex64 } from './pml-format';
import { copyBytes, sameBytes } from './pml-event-context';
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

const FRAME_SLOTS = 8192;
const STACK_SLOT_BYTES = 512;

export class StackResolver {
  /** (address low, address high, process index or -1 for kernel) -> index in `frames`. */
  private readonly frameIndex = new KeyTable(4096);
  private readonly frames: FrameInfo[] = [];
  private readonly systemModules: readonly PmlModule[];
  /**
   * Recently stored stacks, direct-mapped by a hash of a few of their words: raw bytes (compared
   * natively on a hit), owning process and store position. A stack evicted by a collision is simply
   * stored again; the hit rate stays close to that of an exact index at a fraction of the cost.
   */
  private readonly raw: DataView;
  private readonly slotBytes: Int32Array;
  private readonly slotProcess: Int32Array;
  private readonly slotAt: Int32Array;
  private readonly ids: number[] = [];
  /** Recently used frame ids, direct-mapped by (address, owner, depth); 8 ints per slot, one cache line. */
  private readonly recent = new Int32Array(FRAME_SLOTS * 8).fill(-1);

  constructor(
    private readonly builder: TraceStoreBuilder,
    private readonly processes: ReadonlyMap<number, PmlProcess>,
    private readonly maxUserHi: number,
    private readonly maxUserLo: number,
    /** Slots of the recent-stack cache, a power of two (sized to the capture). */
    stackSlots = 16384,
  ) {
    this.raw = new DataView(new ArrayBuffer(stackSlots * STACK_SLOT_BYTES));
    this.slotBytes = new Int32Array(stackSlots).fill(-1);
    this.slotProcess = new Int32Array(stackSlots);
    this.slotAt = new Int32Array(stackSlots);
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
      f = {
        address,
        module: m.name,
        location: `${m.name} + 0x${offset.toString(16)}`,
        path: m.path,
        kernel,
        ids: [],
      };
    }
    this.frameIndex.add(lo, hi, owner, this.frames.length);
    this.frames.push(f);
    return f;
  }

  /** Stores the stack of event `seq`: `depth` pointer-sized return addresses at `at`. */
  store(
    seq: number,
    processIndex: number,
    dv: DataView,
    at: number,
    depth: number,
    pointerSize: 4 | 8,
  ): void {
    const length = depth * pointerSize;
    const last = at + length - pointerSize;
    let h = Math.imul(length ^ processIndex, 0x9e3779b1);
    h = Math.imul(h ^ (h >>> 15) ^ dv.getInt32(at, true), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13) ^ dv.getInt32(last, true), 0xc2b2ae35);
    h = Math.imul(h ^ (h >>> 16) ^ dv.getInt32(at + (depth >> 1) * pointerSize, true), 0x27d4eb2f);
    if (depth > 3) h = Math.imul(h ^ (h >>> 15) ^ dv.getInt32(at + pointerSize, true), 0x9e3779b1);
    const slot = (h ^ (h >>> 16)) & (this.slotAt.length - 1);
    const base = slot * STACK_SLOT_BYTES;
    const cacheable = length <= STACK_SLOT_BYTES;
    if (
      cacheable &&
      this.slotBytes[slot] === length &&
      this.slotProcess[slot] === processIndex &&
      sameBytes(this.raw, base, dv, at, length)
    ) {
      this.builder.shareStack(seq, this.slotAt[slot]);
      return;
    }
    const ids = this.ids;
    const recent = this.recent;
    for (let i = 0; i < depth; i++) {
      const o = at + i * pointerSize;
      const lo = dv.getInt32(o, true);
      const hi = pointerSize === 8 ? dv.getInt32(o + 4, true) : 0;
      let h = Math.imul(lo ^ i, 0x9e3779b1);
      h = Math.imul(h ^ (h >>> 15) ^ hi ^ (processIndex << 8), 0x85ebca6b);
      const r = ((h ^ (h >>> 13)) & (FRAME_SLOTS - 1)) * 8;
      // A kernel frame is the same in every process; recent[r + 3] holds the owner, -1 for kernel.
      if (
        recent[r] === lo &&
        recent[r + 1] === hi &&
        recent[r + 2] === i &&
        (recent[r + 3] === processIndex || recent[r + 3] === -1)
      ) {
        ids[i] = recent[r + 4];
        continue;
      }
      const f = this.frame(processIndex, hi >>> 0, lo >>> 0);
      let id = f.ids[i];
      if (id === undefined) {
        id = this.builder.stackFrameId({
          depth: i,
          address: f.address,
          module: f.module,
          location: f.location,
          path: f.path,
          kernel: f.kernel,
        });
        f.ids[i] = id;
      }
      ids[i] = id;
      recent[r] = lo;
      recent[r + 1] = hi;
      recent[r + 2] = i;
      recent[r + 3] = f.kernel ? -1 : processIndex;
      recent[r + 4] = id;
    }
    const stored = this.builder.setStackIds(seq, ids, depth);
    if (cacheable) {
      copyBytes(dv, at, this.raw, base, length);
      this.slotBytes[slot] = length;
      this.slotProcess[slot] = processIndex;
      this.slotAt[slot] = stored;
    }
  }
}
