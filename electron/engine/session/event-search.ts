/**
 * Text search over a trace for Ctrl+F: an event matches when its Process, Operation, Path, Result or
 * Detail contains the text, case ignored. The store interns strings, so each distinct string is tested
 * once and each event costs five table lookups; a million events take tens of milliseconds.
 */
import type { TraceStore } from '../store/trace-store';

const SEARCHED = ['process', 'operation', 'path', 'result', 'detail'] as const;

/** Seqs of matching events among `candidates` (ascending in, ascending out). */
export function searchStore(store: TraceStore, text: string, candidates: Uint32Array): Uint32Array {
  const needle = text.trim().toLowerCase();
  if (needle === '') return new Uint32Array(0);
  const values = store.strings.values;
  // 0: not tested yet, 1: no match, 2: match.
  const memo = new Uint8Array(values.length);
  const matches = (id: number): boolean => {
    let m = memo[id];
    if (m === 0) {
      m = values[id].toLowerCase().includes(needle) ? 2 : 1;
      memo[id] = m;
    }
    return m === 2;
  };
  const cols = SEARCHED.map((c) => store.cols[c]);
  const out = new Uint32Array(candidates.length);
  let n = 0;
  for (let i = 0; i < candidates.length; i++) {
    const seq = candidates[i];
    for (let c = 0; c < cols.length; c++) {
      if (matches(cols[c][seq])) {
        out[n++] = seq;
        break;
      }
    }
  }
  return out.slice(0, n);
}
