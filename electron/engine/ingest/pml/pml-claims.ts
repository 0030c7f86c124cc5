/**
 * How two threads share the events of one PML file without a fixed split: this thread claims
 * blocks from the front of the unclaimed events, the range worker from the back, until they meet.
 * A fixed half each left one thread idle whenever the other started late (the worker boots for
 * ~0.1 s) or got less of a busy CPU; claiming in shrinking blocks (a quarter of what is left, down
 * to MIN_BLOCK events) ends both within a block of each other.
 *
 * The unclaimed range [front, back) lives in one 64-bit word of shared memory (front in the high
 * half, back in the low half) and changes by compare-and-swap: no lock a descheduled thread could hold.
 */
import type { InputWarning } from '../../../../shared/model/trace';
import type { WarningKind } from './pml-event-reader';

/** Smallest block claimed (a few milliseconds of decoding). */
export const MIN_BLOCK = 8192;
const TWO_32 = 4294967296;

export class EventClaims {
  private readonly cell: BigUint64Array;

  /** Claims over events [0, count) in a new shared word, or over an existing one (the worker's side). */
  constructor(shared: SharedArrayBuffer | number) {
    if (typeof shared === 'number') {
      if (shared >= TWO_32) throw new RangeError(`${shared} events do not fit the claim word`);
      this.cell = new BigUint64Array(new SharedArrayBuffer(8));
      this.cell[0] = BigInt(shared);
    } else this.cell = new BigUint64Array(shared);
  }

  get buffer(): SharedArrayBuffer {
    return this.cell.buffer as SharedArrayBuffer;
  }

  /** The unclaimed range now. */
  get unclaimed(): { front: number; back: number } {
    const v = Atomics.load(this.cell, 0);
    return { front: Number(v >> 32n), back: Number(v & 0xffffffffn) };
  }

  /** Takes the next block from the front; null when nothing is left. */
  claimFront(minBlock = MIN_BLOCK): { start: number; end: number } | null {
    for (;;) {
      const v = Atomics.load(this.cell, 0);
      const front = Number(v >> 32n);
      const back = Number(v & 0xffffffffn);
      if (front >= back) return null;
      const end = Math.min(back, front + blockSize(back - front, minBlock));
      if (Atomics.compareExchange(this.cell, 0, v, pack(end, back)) === v) return { start: front, end };
    }
  }

  /** Takes the next block from the back; null when nothing is left. */
  claimBack(minBlock = MIN_BLOCK): { start: number; end: number } | null {
    for (;;) {
      const v = Atomics.load(this.cell, 0);
      const front = Number(v >> 32n);
      const back = Number(v & 0xffffffffn);
      if (front >= back) return null;
      const start = Math.max(front, back - blockSize(back - front, minBlock));
      if (Atomics.compareExchange(this.cell, 0, v, pack(front, start)) === v) return { start, end: back };
    }
  }

  /** Leaves nothing more to claim; returns where the front stood (the first event not claimed by it). */
  close(): number {
    for (;;) {
      const v = Atomics.load(this.cell, 0);
      const front = Number(v >> 32n);
      if (Atomics.compareExchange(this.cell, 0, v, pack(front, front)) === v) return front;
    }
  }
}

function pack(front: number, back: number): bigint {
  return (BigInt(front) << 32n) | BigInt(back);
}

function blockSize(left: number, minBlock: number): number {
  return Math.max(minBlock, Math.ceil(left / 4));
}

/** Where one claimed block's events and warnings start in a builder that decoded several. */
export interface DecodedBlock {
  /** First event index of the block in the file (blocks are put back in this order). */
  first: number;
  /** Events and warnings the builder held when the block started. */
  events: number;
  warnings: number;
}

/** A run of a builder's events, [start, end). */
export interface EventSpan {
  start: number;
  end: number;
}

/**
 * For a range decoded back to front (see claimBack): its blocks' events as spans in file order (the
 * merge appends them in that order, so the columns are copied once), and the warnings with their
 * kinds put in file order. Warnings past the builder's cap cannot be placed and stay counted only.
 */
export function inFileOrder(
  length: number,
  warnings: readonly InputWarning[],
  kinds: readonly WarningKind[],
  blocks: readonly DecodedBlock[],
): { spans: EventSpan[]; warnings: InputWarning[]; warningKinds: WarningKind[] } {
  const parts = blocks.map((b, i) => {
    const next = blocks[i + 1];
    return {
      first: b.first,
      span: { start: b.events, end: next ? next.events : length },
      warnings: Math.min(b.warnings, warnings.length),
      warningsEnd: Math.min(next ? next.warnings : warnings.length, warnings.length),
    };
  });
  parts.sort((a, b) => a.first - b.first);
  return {
    spans: parts.map((p) => p.span).filter((s) => s.end > s.start),
    warnings: parts.flatMap((p) => warnings.slice(p.warnings, p.warningsEnd)),
    warningKinds: parts.flatMap((p) => kinds.slice(p.warnings, p.warningsEnd)),
  };
}
