/**
 * Zip bundles among opened files (a support bundle: captures and logs collected on the customer's
 * machine). Each bundle is expanded (ingest/zip/read-zip.ts, which guards against hostile archives)
 * into a folder of this run, and its entries take its place in the batch, so they are sorted to
 * sides and logs like files dropped one by one. Entries that are neither a capture nor a log (a
 * screenshot, a nested zip) are left out quietly and listed as skipped rather than failing a job
 * each: a bundle often carries much the workbench does not read.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InputPlacement, InputRole } from '../../../shared/contract';
import { notATraceMessage } from '../ingest/ingest';
import { expandZip, type ExpandedZip } from '../ingest/zip/read-zip';
import type { Classified, SniffOutcome } from './classify-inputs';
import type { ResolvedInput } from './input-access';
import type { Job } from './job-registry';
import { isLogKind, isTraceKind } from './input-roles';

/** An input of the batch; `bundle` names the zip it came out of. */
export interface BatchInput extends ResolvedInput {
  bundle?: string;
}

export interface BatchItem {
  input: BatchInput;
  sniff: SniffOutcome;
  job: Job;
}

export interface ExpandedBatch {
  items: BatchItem[];
  /** The bundles' own jobs (expanding), finished by now. */
  bundleJobs: Job[];
  /** Bundle entries left out, and bundles that could not be read. */
  skipped: InputPlacement[];
}

export interface BundleDeps {
  sniff(inputs: readonly ResolvedInput[]): Promise<SniffOutcome[]>;
  startJob(label: string, file: string): Job;
  /** Lets the case find an entry again within this run (it is treated like an upload). */
  registerEntry(path: string, name: string): void;
}

const baseName = (entry: string): string => entry.slice(entry.lastIndexOf('/') + 1);

/**
 * The role an entry inherits from its bundle's drop zone. A bundle dropped on one side is that
 * machine's bundle: its single capture goes there. With several captures inside, names decide
 * (auto); logs always go to the logs (a log given a side's role would be refused).
 */
function entryRole(bundleRole: InputRole, kind: SniffOutcome, captures: number): InputRole {
  if (bundleRole === 'log') return 'log';
  if (!kind.sniff || !isTraceKind(kind.sniff.kind)) return 'auto';
  return captures === 1 ? bundleRole : 'auto';
}

/** Expands bundles into folders under one per-run root; `dispose` removes them all. */
export class BundleExpander {
  private root: Promise<string> | null = null;
  private readonly expanded: ExpandedZip[] = [];
  private readonly aborts = new Set<AbortController>();

  constructor(private readonly parent: string = tmpdir()) {}

  /**
   * Replaces each zip in the batch by its readable entries. `given[i]` was sniffed as `sniffs[i]`
   * and has `jobs[i]`; a bundle's job becomes the "expanding" job and its entries get jobs of their own.
   */
  async expandBatch(
    given: readonly ResolvedInput[],
    sniffs: readonly SniffOutcome[],
    jobs: readonly Job[],
    deps: BundleDeps,
  ): Promise<ExpandedBatch> {
    const out: ExpandedBatch = { items: [], bundleJobs: [], skipped: [] };
    for (let i = 0; i < given.length; i++) {
      const input = given[i];
      const sniff = sniffs[i];
      if (sniff.sniff?.kind !== 'zip') {
        out.items.push({ input, sniff, job: jobs[i] });
        continue;
      }
      const job = jobs[i];
      job.setLabel(`Expanding ${input.name}`);
      out.bundleJobs.push(job);
      const abort = new AbortController();
      job.cancelWork = () => {
        abort.abort();
        job.finish('cancelled');
      };
      this.aborts.add(abort);
      let zip: ExpandedZip;
      try {
        zip = await expandZip(input.path, {
          tempRoot: await this.rootDir(),
          displayName: input.name,
          signal: abort.signal,
        });
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        job.finish(abort.signal.aborted ? 'cancelled' : 'failed', message);
        out.skipped.push({ name: input.name, placed: 'skipped', reason: message });
        continue;
      } finally {
        this.aborts.delete(abort);
      }
      this.expanded.push(zip);
      for (const w of zip.warnings)
        out.skipped.push({ name: w.place, bundle: input.name, placed: 'skipped', reason: w.message });
      const entries: BatchInput[] = zip.entries.map((e) => ({
        path: e.path,
        name: baseName(e.name),
        role: 'auto',
        bundle: input.name,
      }));
      const entrySniffs = await deps.sniff(entries);
      const captures = entrySniffs.filter((s) => s.sniff && isTraceKind(s.sniff.kind)).length;
      entries.forEach((entry, k) => {
        const s = entrySniffs[k];
        const readable = s.sniff && (isTraceKind(s.sniff.kind) || isLogKind(s.sniff.kind));
        if (!readable) {
          const reason = s.sniff
            ? s.sniff.kind === 'zip'
              ? `${entry.name}: a zip inside the bundle is not expanded; open it on its own`
              : notATraceMessage(entry.name, s.sniff)
            : (s.error ?? `${entry.name}: cannot read the file`);
          out.skipped.push({ name: zip.entries[k].name, bundle: input.name, placed: 'skipped', reason });
          return;
        }
        entry.role = entryRole(input.role, s, captures);
        deps.registerEntry(entry.path, entry.name);
        out.items.push({
          input: entry,
          sniff: s,
          job: deps.startJob(`Reading ${entry.name}`, `${input.name} › ${zip.entries[k].name}`),
        });
      });
      job.finish('done');
    }
    return out;
  }

  /** Stops expansions under way and removes every expanded folder (the host is exiting). */
  async dispose(): Promise<void> {
    for (const a of this.aborts) a.abort();
    const root = this.root;
    this.root = null;
    this.expanded.length = 0;
    if (root) await rm(await root, { recursive: true, force: true }).catch(() => undefined);
  }

  private rootDir(): Promise<string> {
    // A root of our own: read-zip refuses to expand into the bundle's own folder, and a bundle
    // dropped from the temp folder itself would otherwise be refused.
    this.root ??= mkdtemp(join(this.parent, 'tracediff-bundles-'));
    return this.root;
  }
}

/** Where each file of the batch went: sides and logs as classified, then what was skipped. */
export function placementsOf(
  items: readonly BatchItem[],
  sorted: Classified,
  skipped: readonly InputPlacement[],
): InputPlacement[] {
  const out: InputPlacement[] = [];
  const of = (i: number): Pick<InputPlacement, 'name' | 'bundle'> => {
    const input = items[i].input;
    return input.bundle ? { name: input.name, bundle: input.bundle } : { name: input.name };
  };
  for (const t of sorted.traces) out.push({ ...of(t.index), placed: t.side });
  for (const i of sorted.logs) out.push({ ...of(i), placed: 'log' });
  for (const r of sorted.refused) out.push({ ...of(r.index), placed: 'skipped', reason: r.message });
  return [...out, ...skipped];
}
