/**
 * The workbench behind the contract, independent of the host: Electron's IPC and the browser-mode
 * HTTP host both hand every call to `handle`, and forward what `onEvent` reports. It holds one
 * trace per side, the logs, the running jobs, the normalization rules and the comparison, and
 * re-runs the comparison whenever its inputs change. One class on purpose: every call reads or
 * changes that one state; the pieces without state live beside it (input access, classification,
 * jobs, aligned and log views).
 */
import path from 'node:path';
import {
  CONTRACT_VERSION,
  type ContractMethod,
  type ContractRequest,
  type ContractResponse,
  type HostEvent,
  type InputPlacement,
  type InputRequest,
  type SearchHit,
  type SearchQuery,
  type SearchResult,
  type WorkbenchState,
} from '../../../shared/contract';
import { checkRequest, isContractMethod } from '../../../shared/contract-schema';
import type { InsightResult } from '../../../shared/model/insight';
import type { CodeExplanation, LogSummary } from '../../../shared/model/log';
import type { NormalizationRule } from '../../../shared/model/finding';
import type { ProcessInfo, Side, TraceSummary } from '../../../shared/model/trace';
import type { TraceStore } from '../store/trace-store';
import { AlignedView } from './aligned-view';
import { ContractFailure } from './contract-failure';
import { DEMO_TITLE, demoInputs } from './demo-case';
import type { ComparisonLike, EngineDeps, LogStoreLike, TraceViewLike } from './engine-deps';
import { BundleExpander, placementsOf } from './bundle-inputs';
import { classifyInputs, sniffAll } from './classify-inputs';
import { InputAccess, type ResolvedInput } from './input-access';
import { type Job, JobRegistry } from './job-registry';
import { LogView } from './log-view';
import { countFailures, listTraceProcesses, summarizeTrace } from './trace-facts';
import { CaseController } from './case-controller';
import { caseHostOf, computerNameOf } from './case-host';
import type { PdfPrinter } from '../report/pdf-printer';
import { searchStore } from './event-search';
import { processStats } from './process-stats';

export interface WorkbenchServiceOptions {
  host: 'electron' | 'web';
  appVersion: string;
  engine: EngineDeps;
  fixturesDir: string;
  /**
   * 'any': openInputs takes any absolute path (Electron: the user chose it in a dialog or dropped it).
   * 'allowlist': only paths given on the command line and uploads (browser mode: the page must not be
   * able to make the host read files it was never given).
   */
  pathPolicy: 'any' | 'allowlist';
  /** Turns off Procmon's default display filter for PML (see the CLI's --all-events). */
  allEvents?: boolean;
  /** The host's data folder (cases, recent list); without it cases are saved only to given paths. */
  dataDir?: string;
  /** Prints PDF reports (Electron: printToPDF; browser mode: Chromium through playwright-core). */
  printer?: () => PdfPrinter;
  autosaveDelayMs?: number;
}

interface LoadedTrace {
  id: string;
  /** The file it was read from (for the case: hashed, recorded, reopened). */
  path: string;
  store: TraceStore;
  view: TraceViewLike;
  summary: TraceSummary;
  processes: ProcessInfo[] | null;
}

interface PendingTrace {
  job: Job;
  cancel(): void;
}

type Handlers = { [M in ContractMethod]: (req: ContractRequest<M>) => Promise<ContractResponse<M>> };

export class WorkbenchService {
  private readonly engine: EngineDeps;
  private readonly jobs: JobRegistry;
  private readonly listeners = new Set<(e: HostEvent) => void>();
  private readonly traces: Partial<Record<Side, LoadedTrace>> = {};
  private readonly pendingTraces: Partial<Record<Side, PendingTrace>> = {};
  private readonly pendingLogs = new Set<Job>();
  private readonly access: InputAccess;
  /** Zip bundles opened in this run, expanded into a temporary folder removed on shutdown. */
  private readonly bundles = new BundleExpander();
  private logs: LogStoreLike[] = [];
  private logView: LogView | null = null;
  private comparison: { result: ComparisonLike; view: AlignedView } | null = null;
  private insights: { for: object; result: Promise<InsightResult | null> } | null = null;
  private rules: NormalizationRule[];
  private demo = false;
  private nextId = 1;
  private compareQueued = false;
  /** The comparison being made, if any. */
  private activeCompare: { stop(): void } | null = null;
  private statePushQueued = false;
  private idleWaiters: (() => void)[] = [];
  private readonly handlers: Handlers;
  /** The case: what the engineer adds (annotations, notes, metadata), saving and exports. */
  private readonly cases: CaseController;

  constructor(private readonly opts: WorkbenchServiceOptions) {
    this.engine = opts.engine;
    this.access = new InputAccess(opts.pathPolicy);
    this.rules = opts.engine.defaultRules();
    this.jobs = new JobRegistry((job) => this.emit({ type: 'progress', job }));
    this.cases = new CaseController(
      {
        host: opts.host,
        appVersion: opts.appVersion,
        pathPolicy: opts.pathPolicy,
        dataDir: opts.dataDir,
        printer: opts.printer,
        insights: () => this.currentInsights(),
        autosaveDelayMs: opts.autosaveDelayMs,
      },
      caseHostOf({
        traces: () => this.traces,
        logs: () => this.logs,
        comparison: () => this.comparison?.result ?? null,
        rules: () => (this.comparison ? this.comparison.result.rules : this.rules),
        access: this.access,
        fixturesDir: opts.fixturesDir,
        replaceAll: (inputs, rules) => this.replaceAll(inputs, rules),
        openTrusted: (input) => this.openInputs([input], true).then(() => undefined),
        changed: () => this.pushState(),
      }),
    );
    this.handlers = {
      getState: async () => this.state(),
      openDemo: async () => this.openDemo(),
      compareAgain: async () => {
        if (!this.comparison && !this.activeCompare) this.scheduleCompare();
        return this.state();
      },
      openInputs: async (req) => this.openInputs(req.inputs, false),
      cancelJob: async (req) => this.cancelJob(req.jobId),
      closeInput: async (req) => this.closeInput(req.id),
      swapSides: async () => this.swapSides(),
      queryEvents: async (req) => this.trace(req.side).view.page(req),
      findEventIndex: async (req) => {
        const t = this.trace(req.side);
        this.checkSeq(t, req.seq);
        return { index: t.view.findIndex(req.seq, { sort: req.sort, filters: req.filters }) };
      },
      getEvent: async (req) => {
        const t = this.trace(req.side);
        this.checkSeq(t, req.seq);
        const pi = t.store.cols.processIndex[req.seq];
        return {
          row: t.store.row(req.seq),
          process: pi >= 0 ? (t.store.processes[pi] ?? null) : null,
          stack: t.store.stack(req.seq),
          key: this.comparison ? this.comparison.result.keyOf(req.side, req.seq) : '',
        };
      },
      listFailures: async (req) => this.engine.listFailures(this.trace(req.side).store, req.limit),
      getFindings: async () => ({ findings: this.comparison ? this.comparison.result.findings : [] }),
      queryAligned: async (req) =>
        this.comparison ? this.comparison.view.query(req) : { rows: [], total: 0 },
      queryLogs: async (req) => this.currentLogView().query(req),
      explainCodes: async (req) => ({ explanations: req.codes.map((c) => this.explain(c)) }),
      getRules: async () => ({ rules: this.comparison ? this.comparison.result.rules : this.rules }),
      setRules: async (req) => {
        const problems = this.engine.validateRules(req.rules);
        if (problems.length > 0) throw new ContractFailure('bad-request', `setRules: ${problems.join('; ')}`);
        this.rules = req.rules.map((r) => ({ ...r, touched: undefined }));
        this.cases.rulesChanged();
        this.scheduleCompare();
        return this.state();
      },
      listProcesses: async (req) => {
        const t = this.trace(req.side);
        t.processes ??= listTraceProcesses(t.store);
        return { processes: t.processes };
      },
      findAlignedIndex: async (req) => {
        if (!this.comparison) return { index: -1 };
        this.checkSeq(this.trace(req.side), req.seq);
        return {
          index: this.comparison.view.indexOf(req.side, req.seq, req.expandAll ?? false, req.filters),
        };
      },
      getOverview: async (req) =>
        this.comparison
          ? this.comparison.view.overview(req.buckets, req.expandAll ?? false, req.filters)
          : { total: 0, buckets: [] },
      findAlignedIndices: async (req) => {
        const c = this.comparison;
        if (!c) return { indices: req.events.map(() => -1) };
        for (const e of req.events) this.checkSeq(this.trace(e.side), e.seq);
        const expandAll = req.expandAll ?? false;
        return { indices: req.events.map((e) => c.view.indexOf(e.side, e.seq, expandAll, req.filters)) };
      },
      findNextAligned: async (req) => {
        if (!this.comparison) return { index: -1, row: null };
        const index = this.comparison.view.findNext(req);
        if (index < 0) return { index, row: null };
        const page = this.comparison.view.query({
          offset: index,
          limit: 1,
          expandAll: req.expandAll,
          filters: req.filters,
        });
        return { index, row: page.rows[0] ?? null };
      },
      findLogIndex: async (req) => ({ index: this.currentLogView().indexOf(req) }),
      searchEvents: async (req) => this.search(req),
      getProcessStats: async (req) => processStats(this.trace(req.side).store),
      getInsights: async () => ({ insights: await this.currentInsights() }),
      getCase: async () => this.cases.state(),
      updateCaseMeta: async (req) => this.cases.updateMeta(req),
      addAnnotation: async (req) => this.cases.addAnnotation(req.target, req.tags, req.note),
      updateAnnotation: async (req) => this.cases.updateAnnotation(req.id, req.tags, req.note),
      removeAnnotation: async (req) => this.cases.removeAnnotation(req.id),
      saveCase: async (req) => this.cases.save(req),
      openCase: async (req) => this.cases.open(req),
      listRecentCases: async () => ({ cases: await this.cases.listRecent() }),
      locateInput: async (req) => this.cases.locate(req.sha256, req.ref),
      exportReport: async (req) => this.cases.export(req),
    };
  }

  /** Runs one contract call. The request is validated first; failures are `ContractFailure`s. */
  async handle<M extends ContractMethod>(method: M, req: unknown): Promise<ContractResponse<M>> {
    if (typeof method !== 'string' || !isContractMethod(method)) {
      throw new ContractFailure('bad-request', `unknown method '${String(method)}'`);
    }
    const checked = checkRequest(method, req);
    if (!checked.ok) throw new ContractFailure('bad-request', checked.message);
    const handler = this.handlers[method] as (r: ContractRequest<M>) => Promise<ContractResponse<M>>;
    return handler(checked.value);
  }

  onEvent(listener: (e: HostEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A path the host itself was given (command line); browser mode opens only these and uploads. */
  allowPath(p: string): void {
    this.access.allowPath(p);
  }

  /** Registers a file the browser-mode host received; returns the id the page refers to it by. */
  registerUpload(filePath: string, name: string): string {
    return this.access.registerUpload(filePath, name);
  }

  /** Opens files the host was started with (trusted: they come from the command line). */
  openFromCommandLine(inputs: { path: string; role: InputRequest['role'] }[]): Promise<string[]> {
    for (const i of inputs) this.allowPath(i.path);
    return this.openInputs(
      inputs.map((i) => ({ ref: { path: path.resolve(i.path) }, role: i.role, name: path.basename(i.path) })),
      true,
    ).then((r) => r.jobIds);
  }

  state(): WorkbenchState {
    const traces: WorkbenchState['traces'] = {};
    for (const side of ['baseline', 'problem'] as const) {
      const t = this.traces[side];
      if (t) traces[side] = t.summary;
    }
    return {
      contractVersion: CONTRACT_VERSION,
      appVersion: this.opts.appVersion,
      host: this.opts.host,
      traces,
      logs: this.logs.map((l) => l.summary),
      compare: this.comparison ? this.comparison.result.summary : null,
      jobs: this.jobs.snapshot(),
      demo: this.demo,
      caseTitle: this.cases.title || (this.demo ? DEMO_TITLE : ''),
      caseStatus: this.cases.status(),
    };
  }

  /** Resolves when no file is being read and no comparison is pending. */
  async whenIdle(): Promise<void> {
    while (this.busy()) await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  /** Stops every running job (the host is shutting down); `shutdown` also waits for the case's writes. */
  dispose(): void {
    this.activeCompare?.stop();
    for (const side of ['baseline', 'problem'] as const) this.pendingTraces[side]?.cancel();
    for (const job of this.pendingLogs) job.cancelWork?.();
    this.listeners.clear();
  }

  async shutdown(): Promise<void> {
    this.dispose();
    await this.cases.dispose();
    await this.bundles.dispose();
  }

  /** Writes any pending case change now (tests, and hosts before they exit). */
  flushCase(): Promise<void> {
    return this.cases.flush();
  }

  /** A file made for download in browser mode (an export, the case file); null when unknown or expired. */
  download(id: string): { fileName: string; contentType: string; data: Uint8Array } | null {
    return this.cases.download(id);
  }

  /** Replaces everything loaded with a reopened case's inputs and rules. */
  private async replaceAll(inputs: InputRequest[], rules: NormalizationRule[] | null): Promise<void> {
    for (const side of ['baseline', 'problem'] as const) this.pendingTraces[side]?.cancel();
    for (const job of this.pendingLogs) job.cancelWork?.();
    delete this.traces.baseline;
    delete this.traces.problem;
    this.logs = [];
    this.logView = null;
    this.comparison = null;
    this.demo = false;
    if (rules && this.engine.validateRules(rules).length === 0) this.rules = rules.map((r) => ({ ...r }));
    else this.rules = this.engine.defaultRules();
    if (inputs.length > 0) await this.openInputs(inputs, true);
    this.scheduleCompare();
    this.pushState();
  }

  private busy(): boolean {
    return (
      this.pendingTraces.baseline !== undefined ||
      this.pendingTraces.problem !== undefined ||
      this.pendingLogs.size > 0 ||
      this.compareQueued ||
      this.activeCompare !== null
    );
  }

  private async openDemo(): Promise<WorkbenchState> {
    const demo = demoInputs(this.opts.fixturesDir);
    if ('error' in demo) throw new ContractFailure('not-found', demo.error);
    for (const side of ['baseline', 'problem'] as const) this.pendingTraces[side]?.cancel();
    this.logs = [];
    this.logView = null;
    this.comparison = null;
    this.demo = true;
    await this.cases.reset(DEMO_TITLE);
    await this.openInputs(demo.inputs, true, true);
    return this.state();
  }

  private async openInputs(
    inputs: InputRequest[],
    trusted: boolean,
    demo = false,
  ): Promise<{ jobIds: string[]; placements: InputPlacement[] }> {
    const given = inputs.map((i) => this.access.resolve(i, trusted));
    this.jobs.clearFinished(false);
    const givenJobs = given.map((r) => this.jobs.start(`Reading ${r.name}`, r.name));
    // Zip bundles give way to their entries (bundle-inputs.ts); other files pass through.
    const batch = await this.bundles.expandBatch(given, await sniffAll(this.engine, given), givenJobs, {
      sniff: (list) => sniffAll(this.engine, list),
      startJob: (label, file) => this.jobs.start(label, file),
      registerEntry: (p, name) => void this.access.registerUpload(p, name),
    });
    const resolved = batch.items.map((b) => b.input);
    const sniffs = batch.items.map((b) => b.sniff);
    const jobs = batch.items.map((b) => b.job);
    const loaded = new Set((['baseline', 'problem'] as const).filter((s) => this.traces[s]));
    const sorted = classifyInputs(resolved, sniffs, loaded);
    for (const r of sorted.refused) jobs[r.index].finish('failed', r.message);
    for (const i of sorted.logs) this.startLogLoad(resolved[i], jobs[i]);
    for (const t of sorted.traces) this.startTraceLoad(t.side, resolved[t.index], jobs[t.index], demo);
    this.pushState();
    this.notifyIdle();
    return {
      jobIds: [...batch.bundleJobs, ...jobs].map((j) => j.id),
      placements: placementsOf(batch.items, sorted, batch.skipped),
    };
  }

  /** `demo`: part of the demo case (a capture of the user's own replaces the demo's title). */
  private startTraceLoad(side: Side, input: ResolvedInput, job: Job, demo: boolean): void {
    this.pendingTraces[side]?.cancel();
    job.setLabel(`Reading ${input.name} (${side})`);
    const load = this.engine.loadTrace(input.path, {
      displayName: input.name,
      allEvents: this.opts.allEvents ?? false,
      onProgress: (p) => job.update(p),
      keyRules: this.rules,
    });
    const pending: PendingTrace = {
      job,
      cancel: () => {
        load.cancel();
        job.finish('cancelled');
      },
    };
    job.cancelWork = pending.cancel;
    this.pendingTraces[side] = pending;
    const settle = (): boolean => {
      if (this.pendingTraces[side] !== pending) return false;
      delete this.pendingTraces[side];
      return true;
    };
    load.promise.then(
      (store) => {
        if (!settle() || !job.running) return;
        const id = `trace-${this.nextId++}`;
        const summary = summarizeTrace(store, id, side, input.name, input.name, countFailures(store), 0);
        const processes = store.processes.length > 0 ? store.processes : null;
        summary.processes = processes ? processes.length : listTraceProcesses(store).length;
        this.traces[side] = {
          id,
          path: input.path,
          store,
          view: this.engine.createView(store),
          summary,
          processes,
        };
        this.comparison = null;
        // The user's own capture after the demo starts a case of its own, unless the demo was annotated.
        if (!demo && this.demo && !this.cases.touched) void this.cases.reset();
        if (!demo) this.demo = false;
        this.cases.prefillMachine(side, store.meta.computerName, store.meta.osVersion);
        this.cases.hashes.warm(input.path);
        job.update({ events: store.length });
        job.finish('done');
        this.afterLoad();
      },
      (e: unknown) => {
        settle();
        if (job.running) job.finish('failed', e instanceof Error ? e.message : String(e));
        this.afterLoad();
      },
    );
  }

  private startLogLoad(input: ResolvedInput, job: Job): void {
    const abort = new AbortController();
    const id = `log-${this.nextId++}`;
    job.cancelWork = () => {
      abort.abort();
      job.finish('cancelled');
    };
    this.pendingLogs.add(job);
    this.engine
      .loadLog(input.path, {
        id,
        displayName: input.name,
        signal: abort.signal,
        onProgress: (p) => job.update(p),
      })
      .then(
        (store) => {
          this.pendingLogs.delete(job);
          if (!job.running) return this.afterLoad();
          store.summary.id = id;
          // The same log arriving again (a bundle dropped onto a case that already holds its logs)
          // is kept once: a second copy would double every correlation and timeline entry.
          if (this.logs.some((l) => sameLog(l.summary, store.summary))) {
            job.update({ events: store.entries.length });
            job.finish('done');
            return this.afterLoad();
          }
          this.logs = [...this.logs, store];
          this.cases.hashes.warm(store.summary.file);
          const computer = computerNameOf(store);
          if (computer)
            this.cases.prefillMachine(
              store.summary.side === 'baseline' ? 'baseline' : 'problem',
              computer,
              '',
            );
          this.logView = null;
          job.update({ events: store.entries.length });
          job.finish('done');
          this.afterLoad();
        },
        (e: unknown) => {
          this.pendingLogs.delete(job);
          if (job.running) job.finish('failed', e instanceof Error ? e.message : String(e));
          this.afterLoad();
        },
      );
  }

  private afterLoad(): void {
    this.scheduleCompare();
    this.pushState();
    this.notifyIdle();
  }

  private async cancelJob(jobId: string): Promise<{ cancelled: boolean }> {
    const job = this.jobs.get(jobId);
    if (!job) throw new ContractFailure('not-found', `No job with id '${jobId}'.`);
    if (!job.running || !job.cancelWork) return { cancelled: false };
    job.cancelWork();
    this.pushState();
    return { cancelled: true };
  }

  private async closeInput(id: string): Promise<WorkbenchState> {
    for (const side of ['baseline', 'problem'] as const) {
      if (this.traces[side]?.id === id) {
        this.cases.inputClosed(this.traces[side].path);
        delete this.traces[side];
        this.comparison = null;
        this.demo = false;
        this.scheduleCompare();
        return this.state();
      }
    }
    const before = this.logs.length;
    for (const l of this.logs) if (l.summary.id === id) this.cases.inputClosed(l.summary.file);
    this.logs = this.logs.filter((l) => l.summary.id !== id);
    if (this.logs.length === before) throw new ContractFailure('not-found', `No open input with id '${id}'.`);
    this.logView = null;
    this.scheduleCompare();
    return this.state();
  }

  private async swapSides(): Promise<WorkbenchState> {
    if (this.pendingTraces.baseline || this.pendingTraces.problem) {
      throw new ContractFailure('bad-request', 'Wait until both captures are read before swapping them.');
    }
    const { baseline, problem } = this.traces;
    delete this.traces.baseline;
    delete this.traces.problem;
    if (problem) this.traces.baseline = { ...problem, summary: { ...problem.summary, side: 'baseline' } };
    if (baseline) this.traces.problem = { ...baseline, summary: { ...baseline.summary, side: 'problem' } };
    this.cases.swapped();
    this.comparison = null;
    this.scheduleCompare();
    return this.state();
  }

  private scheduleCompare(): void {
    if (this.compareQueued) return;
    this.compareQueued = true;
    setImmediate(() => {
      this.compareQueued = false;
      this.runCompare();
    });
  }

  /**
   * Compares when both sides are loaded and nothing is still being read (one run per batch). The
   * comparison pauses every few tens of milliseconds, so the host keeps answering; a newer run
   * (inputs or rules changed) stops an older one, and cancelling its job stops it and leaves no
   * comparison until the inputs or rules change again.
   */
  private runCompare(): void {
    if (this.pendingTraces.baseline || this.pendingTraces.problem || this.pendingLogs.size > 0) return;
    this.activeCompare?.stop();
    const b = this.traces.baseline;
    const p = this.traces.problem;
    if (!b || !p) {
      this.comparison = null;
      this.pushState();
      this.notifyIdle();
      return;
    }
    // The comparison shown is always of the current inputs and rules: none while one is made.
    this.comparison = null;
    const job = this.jobs.start('Comparing', `${b.summary.fileName} ↔ ${p.summary.fileName}`);
    const abort = new AbortController();
    const run = {
      stop: () => {
        abort.abort();
        job.finish('cancelled', 'comparison cancelled');
      },
    };
    this.activeCompare = run;
    job.cancelWork = run.stop;
    job.countsWork();
    const events = b.store.length + p.store.length;
    const finish = (): void => {
      if (this.activeCompare === run) this.activeCompare = null;
      this.pushState();
      this.notifyIdle();
    };
    this.engine
      .compare(
        b.store,
        p.store,
        this.logs,
        this.rules,
        { baseline: b.id, problem: p.id },
        {
          signal: abort.signal,
          onProgress: (pr) =>
            job.update({ bytesRead: Math.round((events * pr.done) / pr.phases), bytesTotal: events }),
        },
      )
      .then(
        (result) => {
          if (abort.signal.aborted) return finish();
          if (this.traces.baseline === b && this.traces.problem === p) {
            this.comparison = {
              result,
              view: new AlignedView(result, b.store, p.store, { baseline: b.view, problem: p.view }),
            };
          }
          job.update({ events: result.summary.alignedRows, bytesRead: events, bytesTotal: events });
          job.finish('done');
          finish();
        },
        (e: unknown) => {
          if (this.activeCompare === run) this.comparison = null;
          if (!abort.signal.aborted)
            job.finish('failed', `The comparison failed: ${e instanceof Error ? e.message : String(e)}`);
          finish();
        },
      );
  }

  /** Insights of the current comparison, computed on first request and kept with it. */
  private currentInsights(): Promise<InsightResult | null> {
    const cmp = this.comparison;
    const b = this.traces.baseline;
    const p = this.traces.problem;
    if (!cmp || !b || !p || !this.engine.insights) return Promise.resolve(null);
    if (this.insights?.for !== cmp) {
      const pending = this.engine
        .insights({ baseline: b.store, problem: p.store, logs: this.logs, findings: cmp.result.findings })
        .catch((e: unknown) => {
          // Not kept: the next request tries again.
          if (this.insights?.for === cmp) this.insights = null;
          throw new ContractFailure(
            'internal',
            `The environment and signature analysis failed: ${e instanceof Error ? e.message : String(e)}`,
          );
        });
      this.insights = { for: cmp, result: pending };
    }
    return this.insights.result;
  }

  /** The logs list, rebuilt when the logs or the problem capture (whose clock orders them) change. */
  private currentLogView(): LogView {
    const problem = this.traces.problem?.store ?? null;
    if (!this.logView || !this.logView.isFor(this.logs, problem))
      this.logView = new LogView(this.logs, problem);
    return this.logView;
  }

  private search(req: SearchQuery): SearchResult {
    const limit = req.limit ?? 1000;
    const sides = (req.side ? [req.side] : (['baseline', 'problem'] as const)).filter((s) => this.traces[s]);
    const found: Record<Side, Uint32Array> = { baseline: new Uint32Array(0), problem: new Uint32Array(0) };
    for (const side of sides) {
      const t = this.trace(side);
      found[side] = searchStore(t.store, req.text, t.view.filtered(req.filters));
    }
    const counts = { baseline: found.baseline.length, problem: found.problem.length };
    if (req.aligned && this.comparison) {
      const rows = this.comparison.view.rowsOf(found, req.expandAll ?? false, req.filters);
      const hits: SearchHit[] = [];
      for (let i = 0; i < rows.length && hits.length < limit; i++) {
        const ref = this.comparison.view.refAt(rows[i], req.expandAll ?? false, req.filters);
        if (!ref) continue;
        // The side that matched (a folded run's row names its first events, which may not be the match).
        const side: Side =
          ref.problem >= 0 && (ref.baseline < 0 || includesSorted(found.problem, ref.problem))
            ? 'problem'
            : 'baseline';
        hits.push({ side, seq: side === 'problem' ? ref.problem : ref.baseline, index: rows[i] });
      }
      return { counts, total: rows.length, hits, truncated: rows.length > hits.length };
    }
    const hits: SearchHit[] = [];
    for (const side of sides) {
      const seqs = found[side];
      for (let i = 0; i < seqs.length && hits.length < limit; i++)
        hits.push({ side, seq: seqs[i], index: i });
    }
    const total = counts.baseline + counts.problem;
    return { counts, total, hits, truncated: total > hits.length };
  }

  private trace(side: Side): LoadedTrace {
    const t = this.traces[side];
    if (!t) throw new ContractFailure('not-found', `No ${side} capture is loaded.`);
    return t;
  }

  private checkSeq(t: LoadedTrace, seq: number): void {
    if (seq >= t.store.length) {
      throw new ContractFailure(
        'not-found',
        `Event ${seq} is past the end of ${t.summary.fileName} (${t.store.length} events).`,
      );
    }
  }

  private explain(code: string): CodeExplanation {
    return (
      this.engine.explainCode(code) ?? {
        input: code,
        value: code,
        name: '',
        family: 'unknown',
        en: 'Not a code the workbench knows.',
        zh: '工作台不认识此代码。',
        related: [],
      }
    );
  }

  private emit(e: HostEvent): void {
    for (const l of this.listeners) {
      try {
        l(e);
      } catch {
        // A failing listener (a closed connection) must not stop the others or the service.
      }
    }
  }

  private pushState(): void {
    if (this.statePushQueued) return;
    this.statePushQueued = true;
    queueMicrotask(() => {
      this.statePushQueued = false;
      this.emit({ type: 'state', state: this.state() });
    });
  }

  private notifyIdle(): void {
    if (this.busy()) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }
}

function includesSorted(sorted: Uint32Array, value: number): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] === value) return true;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/** Same file content as far as the reader saw it: name, size, kind, entries and time span. */
function sameLog(a: LogSummary, b: LogSummary): boolean {
  return (
    a.fileName === b.fileName &&
    a.size === b.size &&
    a.kind === b.kind &&
    a.entries === b.entries &&
    a.firstTime === b.firstTime &&
    a.lastTime === b.lastTime
  );
}
