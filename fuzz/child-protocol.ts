/** Messages between the fuzz parent (child-pool.ts) and the fuzz child (fuzz-child.ts). */

/**
 * Time bounds are on CPU time; on the clock a read may take this many times its bound before it is
 * ended anyway (a read that waits on something that never comes uses no CPU).
 */
export const WALL_FACTOR = 30;

export interface ChildRequest {
  id: number;
  target: string;
  file: string;
  /**
   * The child aborts the read through its AbortSignal once the read has used this much CPU time
   * (or WALL_FACTOR times as long on the clock, for a read that waits instead of working).
   */
  softTimeoutMs: number;
}

export interface ErrorInfo {
  name: string;
  message: string;
  stack: string;
}

export type ChildReply =
  | { type: 'ready' }
  | {
      type: 'done';
      id: number;
      ok: boolean;
      sig?: string;
      /** Events or entries the read produced (the model's own size is allowed for in the memory bound). */
      records?: number;
      error?: ErrorInfo;
      timedOut?: boolean;
      ms: number;
      /** CPU time (user + system, all threads) the read used. */
      cpuMs?: number;
      /** RSS after a forced GC, before the read. */
      rssBefore: number;
      /** Process peak RSS before and after the read (getrusage ru_maxrss). */
      maxBefore: number;
      maxAfter: number;
      /** RSS just after the read (no collection). */
      rssAfter: number;
      /** The peak was reset before this read (Linux): no earlier read can hide its growth. */
      peakResets?: boolean;
      /** RSS of this child at its first read. */
      rssBaseline?: number;
    }
  | { type: 'stray'; kind: 'uncaught' | 'unhandled-rejection'; id: number; error: ErrorInfo };
