/**
 * Runs the fleet comparison in parallel: a pool of child processes, each the CLI bundle itself
 * started as `tracediff batch --worker`, reads the baseline once and then takes machines one at a
 * time over the IPC channel. Processes rather than worker threads because a comparison holds two
 * whole traces and allocates heavily: a separate heap per job keeps one machine's garbage from
 * stalling the others, and a crash (out of memory on a huge capture) costs one machine, not the run.
 * Without a bundle to start (tests running from source) or with one job, it runs inline.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { ingestTrace } from '../ingest/ingest';
import type { TraceStore } from '../store/trace-store';
import { analyseMachine, type MachineInput, type MachineResult } from './fleet-triage';
import type { LoadedRule } from './signature-engine';
import { loadRuleFiles } from './signature-files';

export interface WorkerInit {
  type: 'init';
  baseline: string;
  allEvents: boolean;
  ruleDirs: string[];
}

type ParentMessage = WorkerInit | { type: 'job'; input: MachineInput } | { type: 'stop' };
type ChildMessage =
  { type: 'ready' } | { type: 'fatal'; message: string } | { type: 'result'; result: MachineResult };

export interface FleetRunOptions {
  baselinePath: string;
  /** The baseline already read by the caller (used inline; workers read their own copy). */
  baseline: TraceStore;
  rules: readonly LoadedRule[];
  ruleDirs: string[];
  allEvents: boolean;
  jobs: number;
  /** Script to fork as a worker (the CLI bundle); null runs inline. */
  workerScript: string | null;
  onStart?(machine: string, running: number): void;
  onResult?(result: MachineResult, done: number, total: number): void;
}

function failed(input: MachineInput, message: string): MachineResult {
  return {
    machine: input.machine,
    capture: input.capture,
    status: 'error',
    error: message,
    kind: '',
    events: 0,
    logs: 0,
    findings: 0,
    topFinding: null,
    signature: null,
    otherSignatures: [],
    agents: [],
    warnings: [],
    elapsedMs: 0,
  };
}

async function runInline(machines: readonly MachineInput[], opts: FleetRunOptions): Promise<MachineResult[]> {
  const out: MachineResult[] = [];
  for (const m of machines) {
    opts.onStart?.(m.machine, 1);
    const r = await analyseMachine(opts.baseline, m, { rules: opts.rules, allEvents: opts.allEvents });
    out.push(r);
    opts.onResult?.(r, out.length, machines.length);
  }
  return out;
}

/** Analyses every machine; results in the order of `machines`. */
export async function runFleet(
  machines: readonly MachineInput[],
  opts: FleetRunOptions,
): Promise<MachineResult[]> {
  const workers = Math.min(Math.max(1, opts.jobs), machines.length);
  if (!opts.workerScript || workers <= 1) return runInline(machines, opts);
  const script = opts.workerScript;
  const results = new Map<number, MachineResult>();
  let next = 0;
  let done = 0;
  let running = 0;
  let live = 0;
  return new Promise<MachineResult[]>((resolve) => {
    const finish = (): void => {
      if (done === machines.length)
        resolve(machines.map((m, i) => results.get(i) ?? failed(m, 'not analysed')));
    };
    const record = (i: number, r: MachineResult): void => {
      if (results.has(i)) return;
      results.set(i, r);
      done++;
      opts.onResult?.(r, done, machines.length);
    };
    const start = (): void => {
      const child: ChildProcess = fork(script, ['batch', '--worker'], {
        stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      });
      live++;
      let current = -1;
      const give = (): void => {
        if (next >= machines.length) {
          current = -1;
          child.send({ type: 'stop' } satisfies ParentMessage);
          return;
        }
        current = next++;
        running++;
        opts.onStart?.(machines[current].machine, running);
        child.send({ type: 'job', input: machines[current] } satisfies ParentMessage);
      };
      child.on('message', (msg: ChildMessage) => {
        if (msg.type === 'ready') give();
        else if (msg.type === 'result' && current >= 0) {
          running--;
          record(current, msg.result);
          give();
          finish();
        } else if (msg.type === 'fatal') {
          // The baseline or the rules could not be read in the worker: the parent read them, so this
          // is unexpected; fail the remaining machines rather than hang.
          while (next < machines.length) {
            const i = next++;
            record(i, failed(machines[i], `worker could not start: ${msg.message}`));
          }
          child.kill();
          finish();
        }
      });
      child.on('exit', (code, signal) => {
        live--;
        if (current >= 0) {
          running--;
          record(
            current,
            failed(
              machines[current],
              `the worker stopped unexpectedly (${signal ?? `exit code ${code}`}) while analysing this machine`,
            ),
          );
          current = -1;
          // Keep the pool at strength for the machines still waiting.
          if (next < machines.length) start();
        }
        // Every worker gone with machines still waiting (they died while starting): fail those.
        if (live === 0)
          while (next < machines.length) {
            const i = next++;
            record(
              i,
              failed(
                machines[i],
                `no worker left (the last one ended with ${signal ?? `exit code ${code}`})`,
              ),
            );
          }
        finish();
      });
      child.send({
        type: 'init',
        baseline: opts.baselinePath,
        allEvents: opts.allEvents,
        ruleDirs: opts.ruleDirs,
      } satisfies ParentMessage);
    };
    for (let i = 0; i < workers; i++) start();
  });
}

/** The worker side: serves jobs over the IPC channel until told to stop. */
export function serveFleetWorker(): Promise<number> {
  return new Promise<number>((resolve) => {
    if (!process.send) {
      process.stderr.write('tracediff batch --worker: only started by tracediff batch itself\n');
      resolve(2);
      return;
    }
    const send = (m: ChildMessage): void => {
      process.send?.(m);
    };
    let baseline: TraceStore | null = null;
    let rules: readonly LoadedRule[] = [];
    let allEvents = false;
    process.on('message', (msg: ParentMessage) => {
      if (msg.type === 'init') {
        allEvents = msg.allEvents;
        Promise.all([ingestTrace(msg.baseline, { allEvents }), loadRuleFiles(msg.ruleDirs)]).then(
          ([b, set]) => {
            baseline = b;
            rules = set.rules;
            send({ type: 'ready' });
          },
          (e: unknown) => send({ type: 'fatal', message: e instanceof Error ? e.message : String(e) }),
        );
      } else if (msg.type === 'job' && baseline) {
        void analyseMachine(baseline, msg.input, { rules, allEvents }).then((result) =>
          send({ type: 'result', result }),
        );
      } else if (msg.type === 'stop') {
        process.disconnect();
        resolve(0);
      }
    });
  });
}
