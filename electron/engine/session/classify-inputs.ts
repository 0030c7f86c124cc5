/**
 * Sorts one batch of opened files by what their content says they are: captures go to a side (see
 * input-roles.ts), logs to the logs, and anything else is refused with a message that names the file
 * and what it looks like. A file given an explicit role of the wrong kind is refused too.
 */
import type { SniffResult } from '../../../shared/contract';
import type { Side } from '../../../shared/model/trace';
import { notATraceMessage } from '../ingest/ingest';
import { describeKind } from '../ingest/sniff';
import type { EngineDeps } from './engine-deps';
import type { ResolvedInput } from './input-access';
import { assignSides, isLogKind, isTraceKind } from './input-roles';

export interface Classified {
  traces: { index: number; side: Side }[];
  logs: number[];
  refused: { index: number; message: string }[];
}

export type SniffOutcome = { sniff: SniffResult; error: null } | { sniff: null; error: string };

export function sniffAll(engine: EngineDeps, inputs: readonly ResolvedInput[]): Promise<SniffOutcome[]> {
  return Promise.all(
    inputs.map((r) =>
      engine.sniff(r.path, r.name).then(
        (sniff): SniffOutcome => ({ sniff, error: null }),
        (e: unknown): SniffOutcome => ({ sniff: null, error: e instanceof Error ? e.message : String(e) }),
      ),
    ),
  );
}

export function classifyInputs(
  inputs: readonly ResolvedInput[],
  sniffs: readonly SniffOutcome[],
  loaded: ReadonlySet<Side>,
): Classified {
  const out: Classified = { traces: [], logs: [], refused: [] };
  const traceIdx: number[] = [];
  inputs.forEach((r, index) => {
    const { sniff, error } = sniffs[index];
    if (!sniff) return out.refused.push({ index, message: error ?? `${r.name}: cannot read the file` });
    if (isTraceKind(sniff.kind)) {
      if (r.role === 'log')
        out.refused.push({ index, message: `${r.name} is a Process Monitor capture, not a log.` });
      else traceIdx.push(index);
    } else if (isLogKind(sniff.kind)) {
      if (r.role === 'baseline' || r.role === 'problem') {
        out.refused.push({
          index,
          message: `${r.name} is ${describeKind(sniff.kind)}, not a Process Monitor capture.`,
        });
      } else out.logs.push(index);
    } else {
      out.refused.push({ index, message: notATraceMessage(r.name, sniff) });
    }
  });
  const sides = assignSides(
    traceIdx.map((i) => ({
      name: inputs[i].name,
      role: inputs[i].role === 'auto' ? 'auto' : (inputs[i].role as Side),
    })),
    loaded,
  );
  traceIdx.forEach((index, k) => {
    const side = sides[k];
    if (side) out.traces.push({ index, side });
    else {
      out.refused.push({
        index,
        message: `${inputs[index].name}: only two captures can be compared (a baseline and a problem).`,
      });
    }
  });
  return out;
}
