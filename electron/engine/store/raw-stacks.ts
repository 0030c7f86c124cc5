/**
 * Stacks kept as raw return addresses while a trace is read, and resolved to module + offset
 * (`FLTMGR.SYS + 0x1cfd`, the way Procmon shows frames without symbols) only when one is read.
 * Reading costs a copy of the addresses of each distinct stack; identical stacks of one process are
 * stored once.
 */
import type { ModuleInfo, ProcessInfo, StackFrame } from '../../../shared/model/trace';
import type { RawStackContext, RawStackTransfer } from './trace-store';

/** Words before the addresses of a record: frame count, process index, context index. */
const RECORD_HEADER = 3;
/**
 * Records live in blocks of this many words (16 MiB), never across two: the pool grows by adding
 * blocks instead of doubling and copying (on millions of stacks that churn of fresh memory cost more
 * than storing the stacks, measured).
 */
export const RAW_STACK_BLOCK_SHIFT = 22;
const BLOCK_WORDS = 1 << RAW_STACK_BLOCK_SHIFT;
const BLOCK_MASK = BLOCK_WORDS - 1;

/**
 * Builds the word blocks of raw stacks. A direct-mapped table of recent stacks (by a hash of a few
 * of their words) finds repeats: a stack evicted by a collision is simply stored again, which costs
 * memory, never correctness.
 */
export class RawStackPool {
  private readonly blocks: Int32Array[] = [];
  private block = new Int32Array(0);
  /** Words used in `block`. */
  private used = 0;
  readonly contexts: RawStackContext[] = [];
  /** Per slot: position of a stored record (-1 none) and the hash it was stored under. */
  private recent = new Int32Array(0);

  /** Sizes the repeat table for about `events` stacks (a small capture should not pay for a big one). */
  reserve(events: number): void {
    let slots = 1024;
    while (slots < events / 4 && slots < 1 << 16) slots *= 2;
    if (slots * 2 > this.recent.length) this.recent = new Int32Array(slots * 2).fill(-1);
  }

  addContext(ctx: RawStackContext): number {
    this.contexts.push({ ...ctx });
    return this.contexts.length - 1;
  }

  /** Room for `words` more words in the current block: the first block doubles up to full size. */
  private room(words: number): void {
    if (this.used + words <= this.block.length) return;
    const n = this.blocks.length;
    if (n === 1 && this.block.length < BLOCK_WORDS && this.used + words <= BLOCK_WORDS) {
      let cap = this.block.length * 2;
      while (cap < this.used + words) cap *= 2;
      const next = new Int32Array(Math.min(cap, BLOCK_WORDS));
      next.set(this.block.subarray(0, this.used));
      this.block = next;
      this.blocks[0] = next;
      return;
    }
    if (words > BLOCK_WORDS) throw new RangeError(`a stack of ${words} words does not fit a block`);
    this.block = new Int32Array(n === 0 ? Math.max(4096, words) : BLOCK_WORDS);
    this.blocks.push(this.block);
    this.used = 0;
  }

  /**
   * Stores the `depth` return addresses (`pointerSize` bytes each, little-endian) at `at` in `dv`
   * for process `owner` under context `ctx`; returns the record's position (an identical recent
   * record's position when there is one).
   */
  add(owner: number, ctx: number, dv: DataView, at: number, depth: number, pointerSize: 4 | 8): number {
    if (this.recent.length === 0) this.reserve(0);
    const last = at + (depth - 1) * pointerSize;
    let h = Math.imul(depth ^ (owner << 8) ^ (ctx << 24), 0x9e3779b1);
    h = Math.imul(h ^ (h >>> 15) ^ dv.getInt32(at, true), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13) ^ dv.getInt32(last, true), 0xc2b2ae35);
    h = Math.imul(h ^ (h >>> 16) ^ dv.getInt32(at + (depth >> 1) * pointerSize, true), 0x27d4eb2f);
    if (depth > 3) h = Math.imul(h ^ (h >>> 15) ^ dv.getInt32(at + pointerSize, true), 0x9e3779b1);
    h ^= h >>> 16;
    const slot = (h & ((this.recent.length >> 1) - 1)) << 1;
    const known = this.recent[slot];
    if (known >= 0 && this.recent[slot + 1] === h) {
      const w = this.blocks[known >>> RAW_STACK_BLOCK_SHIFT];
      let o = known & BLOCK_MASK;
      if (w[o] === depth && w[o + 1] === owner && w[o + 2] === ctx) {
        o += RECORD_HEADER;
        let i = 0;
        if (pointerSize === 8) {
          for (let p = at; i < depth; i++, p += 8, o += 2)
            if (w[o] !== dv.getInt32(p, true) || w[o + 1] !== dv.getInt32(p + 4, true)) break;
        } else {
          for (let p = at; i < depth; i++, p += 4, o += 2)
            if (w[o] !== dv.getInt32(p, true) || w[o + 1] !== 0) break;
        }
        if (i === depth) return known;
      }
    }
    this.room(RECORD_HEADER + 2 * depth);
    const out = this.block;
    const start = this.used;
    out[start] = depth;
    out[start + 1] = owner;
    out[start + 2] = ctx;
    let o = start + RECORD_HEADER;
    if (pointerSize === 8) {
      for (let i = 0, p = at; i < depth; i++, p += 8, o += 2) {
        out[o] = dv.getInt32(p, true);
        out[o + 1] = dv.getInt32(p + 4, true);
      }
    } else {
      for (let i = 0, p = at; i < depth; i++, p += 4, o += 2) {
        out[o] = dv.getInt32(p, true);
        out[o + 1] = 0;
      }
    }
    this.used = o;
    const pos = (this.blocks.length - 1) * BLOCK_WORDS + start;
    this.recent[slot] = pos;
    this.recent[slot + 1] = h;
    return pos;
  }

  /** The blocks (the last one trimmed), or null when no stack was stored. */
  finish(): RawStackTransfer | null {
    if (this.blocks.length === 0) return null;
    const blocks = this.blocks.map((b) => new Uint32Array(b.buffer, b.byteOffset, b.length));
    const last = blocks.length - 1;
    blocks[last] = blocks[last].slice(0, this.used);
    return { blocks, blockShift: RAW_STACK_BLOCK_SHIFT, contexts: this.contexts };
  }
}

/** A module's base as the two 32-bit halves of ModuleInfo.base ("0x7ff8a1b20000"). */
interface ModuleRange {
  baseHi: number;
  baseLo: number;
  size: number;
  name: string;
  path: string;
}

function parseModule(m: ModuleInfo): ModuleRange {
  const digits = m.base.startsWith('0x') || m.base.startsWith('0X') ? m.base.slice(2) : m.base;
  const baseHi = digits.length > 8 ? parseInt(digits.slice(0, -8), 16) : 0;
  const baseLo = parseInt(digits.length > 8 ? digits.slice(-8) : digits, 16);
  const slash = Math.max(m.path.lastIndexOf('\\'), m.path.lastIndexOf('/'));
  return {
    baseHi: baseHi || 0,
    baseLo: baseLo || 0,
    size: m.size,
    name: slash >= 0 ? m.path.slice(slash + 1) : m.path,
    path: m.path,
  };
}

/** Hex of an unsigned 64-bit value given as halves, lowercase, no padding (Procmon's form). */
function hex64(hi: number, lo: number): string {
  if (hi === 0) return '0x' + lo.toString(16);
  return '0x' + hi.toString(16) + lo.toString(16).padStart(8, '0');
}

/** The module whose [base, base + size) holds the address: the last one by base at or below it. */
function findModule(modules: readonly ModuleRange[], hi: number, lo: number): ModuleRange | null {
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

/** Resolves raw stack records against the processes' module lists (built per process on first use). */
export class RawStackResolver {
  private readonly modules = new Map<number, ModuleRange[]>();

  constructor(
    private readonly raw: RawStackTransfer,
    private readonly processes: readonly ProcessInfo[],
  ) {}

  private modulesOf(processIndex: number): ModuleRange[] {
    let list = this.modules.get(processIndex);
    if (list === undefined) {
      const p = processIndex >= 0 ? this.processes[processIndex] : undefined;
      // Stable sort: of two modules at one base the later listed wins, as when the list was read.
      list = (p?.modules ?? [])
        .map(parseModule)
        .sort((x, y) => x.baseHi - y.baseHi || x.baseLo - y.baseLo);
      this.modules.set(processIndex, list);
    }
    return list;
  }

  frames(position: number): StackFrame[] {
    const w = this.raw.blocks[Math.floor(position / 2 ** this.raw.blockShift)];
    if (w === undefined) return [];
    const pos = position % 2 ** this.raw.blockShift;
    const depth = w[pos];
    const owner = w[pos + 1] | 0;
    const ctx = this.raw.contexts[w[pos + 2]] ?? { kernelProcess: -1, maxUserHi: 0xffffffff, maxUserLo: 0xffffffff };
    const out: StackFrame[] = [];
    for (let i = 0; i < depth; i++) {
      const lo = w[pos + RECORD_HEADER + 2 * i];
      const hi = w[pos + RECORD_HEADER + 2 * i + 1];
      const kernel = hi > ctx.maxUserHi || (hi === ctx.maxUserHi && lo > ctx.maxUserLo);
      const m = findModule(this.modulesOf(kernel ? ctx.kernelProcess : owner), hi, lo);
      const address = hex64(hi, lo);
      if (m === null) {
        out.push({ depth: i, address, module: '<unknown>', location: address, path: '', kernel });
      } else {
        const offset = (hi - m.baseHi) * 4294967296 + (lo - m.baseLo);
        out.push({
          depth: i,
          address,
          module: m.name,
          location: `${m.name} + 0x${offset.toString(16)}`,
          path: m.path,
          kernel,
        });
      }
    }
    return out;
  }
}
