/**
 * Stacks kept as raw return addresses while a trace is read, and resolved to module + offset
 * (`FLTMGR.SYS + 0x1cfd`, the way Procmon shows frames without symbols) only when one is read.
 * Identical stacks of one process are stored once; each distinct return address is stored once too,
 * and a stack is a list of 16-bit (when few enough) or 32-bit frame numbers: a capture has millions
 * of stacks but only thousands of distinct addresses (measured on the samples: 1,000-4,000 addresses
 * under 16,000-120,000 frames of distinct stacks), so this keeps the pool a fraction of the raw size.
 */
import type { ModuleInfo, ProcessInfo, StackFrame } from '../../../shared/model/trace';
import type { RawStackContext, RawStackTransfer } from './trace-store';

/** Words before the frame numbers of a record: frame count (+ WIDE), process index, context index. */
const RECORD_HEADER = 3;
/** Flag in a record's first word: frame numbers are 32-bit (else two 16-bit ones per word). */
const WIDE = 1 << 16;
/**
 * Records live in blocks of this many words (16 MiB), never across two: the pool grows by adding
 * blocks instead of doubling and copying (fresh memory costs more than storing the stacks here).
 */
export const RAW_STACK_BLOCK_SHIFT = 22;
const BLOCK_WORDS = 1 << RAW_STACK_BLOCK_SHIFT;
const BLOCK_MASK = BLOCK_WORDS - 1;

function frameHash(lo: number, hi: number): number {
  let h = Math.imul(lo ^ 0x27d4eb2f, 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 15) ^ hi, 0x85ebca6b);
  return h ^ (h >>> 13);
}

/**
 * Builds the word blocks of raw stacks. A direct-mapped table of recent stacks (by a hash of a few
 * of their addresses) finds repeats: a stack evicted by a collision is simply stored again, which
 * costs memory, never correctness.
 */
export class RawStackPool {
  private readonly blocks: Int32Array[] = [];
  /** Frame table of each block: 0 is this pool's own, others came with appended stacks. */
  private readonly blockFrames: number[] = [];
  private readonly appendedTables: Uint32Array[] = [];
  private block = new Int32Array(0);
  /** Words used in `block`. */
  private used = 0;
  readonly contexts: RawStackContext[] = [];
  /** Per slot: position of a stored record (-1 none) and the hash it was stored under. */
  private recent = new Int32Array(0);
  /** Distinct addresses (low and high halves) by frame number, and their hash index (number + 1). */
  /** Low and high half of each frame's address, side by side (one cache line per frame looked at). */
  private frameAddr = new Int32Array(2048);
  private frameCount = 0;
  private frameSlots = new Int32Array(4096);
  private ids = new Int32Array(256);

  /** Sizes the repeat table for about `events` stacks (a small capture should not pay for a big one). */
  reserve(events: number): void {
    let slots = 1024;
    while (slots < events / 4 && slots < 1 << 14) slots *= 2;
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
    this.blockFrames.push(0);
    this.used = 0;
  }

  /** Throws unless stacks made under `contexts` can be appended (those both have are the same). */
  checkContexts(contexts: readonly RawStackContext[]): void {
    contexts.forEach((c, i) => {
      const own = this.contexts[i];
      if (
        own !== undefined &&
        (own.kernelProcess !== c.kernelProcess ||
          own.maxUserHi !== c.maxUserHi ||
          own.maxUserLo !== c.maxUserLo)
      )
        throw new Error('appended stacks use another stack context');
    });
  }

  /**
   * Takes over the stacks of another pool's transfer (their blocks and frame tables, no copy; their
   * contexts must be this pool's, checked). Returns what to add to their positions.
   */
  append(raw: RawStackTransfer): number {
    this.checkContexts(raw.contexts);
    for (let i = this.contexts.length; i < raw.contexts.length; i++)
      this.contexts.push({ ...raw.contexts[i] });
    const offset = this.blocks.length * BLOCK_WORDS;
    const tableBase = 1 + this.appendedTables.length;
    this.appendedTables.push(...raw.frameTables);
    raw.blocks.forEach((b, i) => {
      this.blocks.push(new Int32Array(b.buffer, b.byteOffset, b.length));
      this.blockFrames.push(tableBase + raw.blockFrames[i]);
    });
    // Later stacks go to a new block of their own.
    this.block = new Int32Array(0);
    this.used = 0;
    return offset;
  }

  /** Number of the frame at address hi:lo, added when new. */
  private frameId(lo: number, hi: number): number {
    let slots = this.frameSlots;
    let mask = slots.length - 1;
    let fa = this.frameAddr;
    let s = frameHash(lo, hi) & mask;
    for (;;) {
      const e = slots[s] - 1;
      if (e < 0) break;
      if (fa[2 * e] === lo && fa[2 * e + 1] === hi) return e;
      s = (s + 1) & mask;
    }
    const id = this.frameCount++;
    if (2 * id === fa.length) {
      const grown = new Int32Array(fa.length * 2);
      grown.set(fa);
      this.frameAddr = fa = grown;
    }
    fa[2 * id] = lo;
    fa[2 * id + 1] = hi;
    if (this.frameCount * 2 > slots.length) {
      slots = new Int32Array(slots.length * 2);
      mask = slots.length - 1;
      for (let e = 0; e < this.frameCount; e++) {
        let t = frameHash(fa[2 * e], fa[2 * e + 1]) & mask;
        while (slots[t] !== 0) t = (t + 1) & mask;
        slots[t] = e + 1;
      }
      this.frameSlots = slots;
    } else slots[s] = id + 1;
    return id;
  }

  /**
   * Stores the `depth` return addresses (`pointerSize` bytes each, little-endian) at `at` in `dv`
   * for process `owner` under context `ctx`; returns the record's position (an identical recent
   * record's position when there is one).
   */
  add(owner: number, ctx: number, dv: DataView, at: number, depth: number, pointerSize: 4 | 8): number {
    if (this.recent.length === 0) this.reserve(0);
    const wide8 = pointerSize === 8;
    const last = at + (depth - 1) * pointerSize;
    let h = Math.imul(depth ^ (owner << 8) ^ (ctx << 24), 0x9e3779b1);
    h = Math.imul(h ^ (h >>> 15) ^ dv.getInt32(at, true), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13) ^ dv.getInt32(last, true), 0xc2b2ae35);
    h = Math.imul(h ^ (h >>> 16) ^ dv.getInt32(at + (depth >> 1) * pointerSize, true), 0x27d4eb2f);
    if (depth > 3) h = Math.imul(h ^ (h >>> 15) ^ dv.getInt32(at + pointerSize, true), 0x9e3779b1);
    h ^= h >>> 16;
    const slot = (h & ((this.recent.length >> 1) - 1)) << 1;
    const known = this.recent[slot];
    if (known >= 0 && this.recent[slot + 1] === h && this.matches(known, owner, ctx, dv, at, depth, wide8))
      return known;
    // New (or evicted) stack: number its frames, then store them 16 or 32 bits wide.
    if (this.ids.length < depth) this.ids = new Int32Array(depth * 2);
    const ids = this.ids;
    let max = 0;
    for (let i = 0, p = at; i < depth; i++, p += pointerSize) {
      const id = this.frameId(dv.getInt32(p, true), wide8 ? dv.getInt32(p + 4, true) : 0);
      ids[i] = id;
      max |= id;
    }
    const wide = max > 0xffff;
    this.room(RECORD_HEADER + (wide ? depth : (depth + 1) >> 1));
    const out = this.block;
    const start = this.used;
    out[start] = depth | (wide ? WIDE : 0);
    out[start + 1] = owner;
    out[start + 2] = ctx;
    let o = start + RECORD_HEADER;
    if (wide) for (let i = 0; i < depth; i++) out[o++] = ids[i];
    else {
      let i = 0;
      for (; i + 1 < depth; i += 2) out[o++] = ids[i] | (ids[i + 1] << 16);
      if (i < depth) out[o++] = ids[i];
    }
    this.used = o;
    const pos = (this.blocks.length - 1) * BLOCK_WORDS + start;
    this.recent[slot] = pos;
    this.recent[slot + 1] = h;
    return pos;
  }

  /** Whether the record at `pos` holds exactly these addresses for this process and context. */
  private matches(
    pos: number,
    owner: number,
    ctx: number,
    dv: DataView,
    at: number,
    depth: number,
    wide8: boolean,
  ): boolean {
    const w = this.blocks[pos >>> RAW_STACK_BLOCK_SHIFT];
    let o = pos & BLOCK_MASK;
    const head = w[o];
    if ((head & 0xffff) !== depth || w[o + 1] !== owner || w[o + 2] !== ctx) return false;
    o += RECORD_HEADER;
    const fa = this.frameAddr;
    if ((head & WIDE) === 0 && wide8) {
      // The common case (64-bit capture, 16-bit frame numbers), two frames per word.
      let p = at;
      let i = 0;
      for (; i + 1 < depth; i += 2, p += 16) {
        const word = w[o++];
        const a = 2 * (word & 0xffff);
        const b = 2 * (word >>> 16);
        if (
          fa[a] !== dv.getInt32(p, true) ||
          fa[a + 1] !== dv.getInt32(p + 4, true) ||
          fa[b] !== dv.getInt32(p + 8, true) ||
          fa[b + 1] !== dv.getInt32(p + 12, true)
        )
          return false;
      }
      if (i < depth) {
        const a = 2 * (w[o] & 0xffff);
        return fa[a] === dv.getInt32(p, true) && fa[a + 1] === dv.getInt32(p + 4, true);
      }
      return true;
    }
    const step = wide8 ? 8 : 4;
    for (let i = 0, p = at; i < depth; i++, p += step) {
      const id = (head & WIDE) !== 0 ? w[o + i] : (w[o + (i >> 1)] >>> (16 * (i & 1))) & 0xffff;
      if (fa[2 * id] !== dv.getInt32(p, true) || fa[2 * id + 1] !== (wide8 ? dv.getInt32(p + 4, true) : 0))
        return false;
    }
    return true;
  }

  /** The blocks (the one being filled trimmed) and frame tables, or null when no stack was stored. */
  finish(): RawStackTransfer | null {
    if (this.blocks.length === 0) return null;
    const blocks = this.blocks.map((b) => new Uint32Array(b.buffer, b.byteOffset, b.length));
    const last = this.blocks.indexOf(this.block);
    if (last >= 0) blocks[last] = blocks[last].slice(0, this.used);
    const frames = new Uint32Array(this.frameAddr.buffer, 0, this.frameCount * 2).slice();
    return {
      blocks,
      blockShift: RAW_STACK_BLOCK_SHIFT,
      frameTables: [frames, ...this.appendedTables],
      blockFrames: [...this.blockFrames],
      contexts: this.contexts,
    };
  }
}

/** A module's base as the two 32-bit halves of ModuleInfo.base ("0x7ff8a1b20000"). */
export interface ModuleRange {
  baseHi: number;
  baseLo: number;
  size: number;
  name: string;
  path: string;
}

export function parseModule(m: ModuleInfo): ModuleRange {
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
export function hex64(hi: number, lo: number): string {
  if (hi === 0) return '0x' + lo.toString(16);
  return '0x' + hi.toString(16) + lo.toString(16).padStart(8, '0');
}

/** The module whose [base, base + size) holds the address: the last one by base at or below it. */
export function findModule(modules: readonly ModuleRange[], hi: number, lo: number): ModuleRange | null {
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

/**
 * Turns stack addresses into frames: each process's module list sorted by base (built on first use)
 * and the kernel/user split of the capture. Shared by the in-memory and the in-file stack readers.
 */
export class StackSymbols {
  private readonly modules = new Map<number, ModuleRange[]>();

  constructor(private readonly processes: readonly ProcessInfo[]) {}

  private modulesOf(processIndex: number): ModuleRange[] {
    let list = this.modules.get(processIndex);
    if (list === undefined) {
      const p = processIndex >= 0 ? this.processes[processIndex] : undefined;
      // Stable sort: of two modules at one base the later listed wins, as when the list was read.
      list = (p?.modules ?? []).map(parseModule).sort((x, y) => x.baseHi - y.baseHi || x.baseLo - y.baseLo);
      this.modules.set(processIndex, list);
    }
    return list;
  }

  /** Frame `depth` at address hi:lo of a stack taken in process `owner`. */
  frame(ctx: RawStackContext, owner: number, depth: number, hi: number, lo: number): StackFrame {
    const kernel = hi > ctx.maxUserHi || (hi === ctx.maxUserHi && lo > ctx.maxUserLo);
    const m = findModule(this.modulesOf(kernel ? ctx.kernelProcess : owner), hi, lo);
    const address = hex64(hi, lo);
    if (m === null) return { depth, address, module: '<unknown>', location: address, path: '', kernel };
    const offset = (hi - m.baseHi) * 4294967296 + (lo - m.baseLo);
    return {
      depth,
      address,
      module: m.name,
      location: `${m.name} + 0x${offset.toString(16)}`,
      path: m.path,
      kernel,
    };
  }
}

/** Resolves raw stack records against the processes' module lists (built per process on first use). */
export class RawStackResolver {
  private readonly symbols: StackSymbols;

  constructor(
    private readonly raw: RawStackTransfer,
    processes: readonly ProcessInfo[],
  ) {
    this.symbols = new StackSymbols(processes);
  }

  frames(position: number): StackFrame[] {
    const w = this.raw.blocks[Math.floor(position / 2 ** this.raw.blockShift)];
    if (w === undefined) return [];
    const pos = position % 2 ** this.raw.blockShift;
    const depth = w[pos] & 0xffff;
    const wide = (w[pos] & WIDE) !== 0;
    const owner = w[pos + 1] | 0;
    const ctx = this.raw.contexts[w[pos + 2]] ?? {
      kernelProcess: -1,
      maxUserHi: 0xffffffff,
      maxUserLo: 0xffffffff,
    };
    const frames =
      this.raw.frameTables[this.raw.blockFrames[Math.floor(position / 2 ** this.raw.blockShift)]];
    const out: StackFrame[] = [];
    for (let i = 0; i < depth; i++) {
      const o = pos + RECORD_HEADER;
      const id = wide ? w[o + i] : (w[o + (i >> 1)] >>> (16 * (i & 1))) & 0xffff;
      out.push(this.symbols.frame(ctx, owner, i, frames[2 * id + 1], frames[2 * id]));
    }
    return out;
  }
}
