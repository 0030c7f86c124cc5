/**
 * The open case behind the contract: its metadata and conclusion, the annotations, saving (Save,
 * Save As, autosave), opening a case again (inputs re-hashed, moved ones located, rules and view
 * restored), the recent list and the exports. The workbench service owns what is loaded; this class
 * owns what the engineer adds to it, and reaches the loaded data through `CaseHost`.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type {
  AnnotationTargetRef,
  CaseInputState,
  CaseMetaChange,
  CaseState,
  CaseStatus,
  ExportRequest,
  ExportResult,
  InputRef,
  InputRequest,
  OpenCaseResult,
  RecentCase,
  SaveCaseResult,
} from '../../../shared/contract';
import {
  CASE_FILE_EXTENSION,
  type Annotation,
  type CaseFile,
  type CaseInput,
  type CaseView,
  type Tag,
} from '../../../shared/model/case';
import type { NormalizationRule } from '../../../shared/model/finding';
import type { InsightResult } from '../../../shared/model/insight';
import type { Side } from '../../../shared/model/trace';
import { addAnnotation, createCase, removeAnnotation, updateAnnotation } from '../case/case-edit';
import { serializeCase } from '../case/case-file';
import type { PdfPrinter } from '../report/pdf-printer';
import type { TraceStore } from '../store/trace-store';
import type { InputPolicy } from './case-inputs';
import { readCaseToOpen, type OpenCaseRequest } from './case-reading';
import { CaseStore, type CaseLocation } from './case-store';
import { swapTargetSides, toStoredTarget, viewOf, type TargetContext } from './case-targets';
import { ContractFailure } from './contract-failure';
import { CONTENT_TYPES, DownloadStore } from './download-store';
import type { ComparisonLike, LogStoreLike } from './engine-deps';
import { InputHashes, type LoadedSource } from './input-hashes';
import { isInside, RecentCases } from './recent-cases';
import { produceExport } from './report-export';

/** What the case needs from the workbench that holds the loaded data. */
export interface CaseHost extends InputPolicy {
  traces(): Partial<Record<Side, { store: TraceStore; source: LoadedSource }>>;
  /** In the order the logs list shows them. */
  logs(): { store: LogStoreLike; source: LoadedSource }[];
  comparison(): ComparisonLike | null;
  rules(): NormalizationRule[];
  /** Replaces everything loaded with these (trusted) inputs and rules (null: keep the defaults). */
  loadCaseInputs(inputs: InputRequest[], rules: NormalizationRule[] | null): Promise<void>;
  /** Opens one more (trusted) input, e.g. one the user located. */
  openInput(input: InputRequest): Promise<void>;
  /** Resolves a file the page names (an upload, or a path the policy allows). */
  resolveUntrusted(ref: InputRef, name?: string): { path: string; name: string };
  /** The title or the save state changed (the host pushes its state). */
  changed(): void;
}

export interface CaseControllerOptions {
  host: 'electron' | 'web';
  appVersion: string;
  pathPolicy: 'any' | 'allowlist';
  /** The host's data folder: `cases/` and `recent-cases.json` live here. */
  dataDir?: string;
  printer?: () => PdfPrinter;
  /** Insights of the current comparison, for the report's signature, environment and ACL sections. */
  insights?: () => Promise<InsightResult | null>;
  autosaveDelayMs?: number;
}

export type InputCheckNote = { status: CaseInputState['status']; message: string };

export class CaseController {
  private c: CaseFile;
  private readonly store: CaseStore;
  private readonly recent: RecentCases | null;
  private readonly casesDir: string | null;
  readonly hashes = new InputHashes();
  private readonly downloads = new DownloadStore();
  /** Inputs of the opened case that are not loaded (yet): still part of the case. */
  private recorded: CaseInput[] = [];
  private checks = new Map<string, InputCheckNote>();
  private notices: string[] = [];

  constructor(
    private readonly opts: CaseControllerOptions,
    private readonly host: CaseHost,
  ) {
    this.c = createCase({ appVersion: opts.appVersion });
    this.casesDir = opts.dataDir ? path.join(opts.dataDir, 'cases') : null;
    this.recent = opts.dataDir && this.casesDir ? new RecentCases(opts.dataDir, this.casesDir) : null;
    this.store = new CaseStore({
      casesDir: this.casesDir,
      recent: this.recent,
      autosaveDelayMs: opts.autosaveDelayMs ?? 1000,
      onWritten: () => host.changed(),
    });
  }

  get title(): string {
    return this.c.title;
  }

  /** True once the engineer changed anything (then the case is kept when other files are opened). */
  get touched(): boolean {
    return this.store.path !== null || this.store.dirty;
  }

  /** A new, empty case (the demo, or the user's own files after the demo). */
  async reset(title = ''): Promise<void> {
    await this.store.switchTo(null, null);
    this.c = createCase({ appVersion: this.opts.appVersion, title });
    this.recorded = [];
    this.checks = new Map();
    this.notices = [];
    this.host.changed();
  }

  /** Fills empty machine names and OS versions from what the captures and logs say. */
  prefillMachine(side: Side, name: string, os: string): void {
    const m = this.c.metadata.machines[side];
    if (m.name || m.os || (!name && !os)) return;
    this.c = {
      ...this.c,
      metadata: {
        ...this.c.metadata,
        machines: { ...this.c.metadata.machines, [side]: { name: m.name || name, os: m.os || os } },
      },
    };
  }

  /** A loaded input was closed: it leaves the case (marks on it stay, detached). */
  inputClosed(file: string): void {
    this.recorded = this.recorded.filter((i) => path.resolve(i.path) !== path.resolve(file));
  }

  /** The captures swapped sides: marks and machine details follow them. */
  swapped(): void {
    const m = this.c.metadata.machines;
    this.c = {
      ...this.c,
      annotations: swapTargetSides(this.c.annotations),
      metadata: { ...this.c.metadata, machines: { baseline: m.problem, problem: m.baseline } },
    };
    this.recorded = this.recorded.map((i) =>
      i.side === 'log' ? i : { ...i, side: i.side === 'baseline' ? 'problem' : 'baseline' },
    );
    this.touch();
  }

  /**
   * The rules changed. They are part of the case: a case being worked on is saved again; trying rules
   * on a fresh comparison does not by itself start a case file (the rules go with its first save).
   */
  rulesChanged(): void {
    if (this.touched) this.touch();
  }

  private touch(): void {
    this.store.changed(this.c.title, () => this.snapshot());
    this.host.changed();
  }

  /** The hash of a loaded file; '' when it cannot be read any more (nothing then attaches to it). */
  private async hashOf(file: string): Promise<string> {
    return this.hashes.sha256(file).catch(() => '');
  }

  private async context(): Promise<TargetContext> {
    const traces: TargetContext['traces'] = {};
    const loaded = this.host.traces();
    for (const side of ['baseline', 'problem'] as const) {
      const t = loaded[side];
      if (t) traces[side] = { store: t.store, sha256: await this.hashOf(t.source.path) };
    }
    const logs = [];
    for (const l of this.host.logs()) logs.push({ store: l.store, sha256: await this.hashOf(l.source.path) });
    return { traces, logs, comparison: this.host.comparison() };
  }

  private sources(): LoadedSource[] {
    const t = this.host.traces();
    return [
      ...(['baseline', 'problem'] as const).flatMap((s) => (t[s] ? [t[s].source] : [])),
      ...this.host.logs().map((l) => l.source),
    ];
  }

  /** The case as it would be written now: loaded inputs (hashed), inputs not loaded, current rules. */
  async snapshot(): Promise<CaseFile> {
    const described = (
      await Promise.all(this.sources().map((s) => this.hashes.describe(s).catch(() => null)))
    ).filter((d): d is CaseInput => d !== null);
    const carried = this.recorded.filter(
      (i) =>
        !described.some(
          (d) => path.resolve(d.path) === path.resolve(i.path) || (i.side !== 'log' && d.side === i.side),
        ),
    );
    return {
      ...this.c,
      inputs: [...described, ...carried],
      rules: this.host.rules().map((r) => ({ ...r, touched: undefined })),
      updated: new Date().toISOString(),
      appVersion: this.opts.appVersion,
    };
  }

  /** What the host state carries about the case (cheap: no hashing). */
  status(): CaseStatus {
    return {
      dirty: this.store.dirty,
      savedAt: this.store.savedAt,
      path: this.store.path,
      annotations: this.c.annotations.length,
      error: this.store.autosaveError,
    };
  }

  async state(): Promise<CaseState> {
    const snap = await this.snapshot();
    const ctx = await this.context();
    const loaded = new Set(this.sources().map((s) => path.resolve(s.path)));
    const inputs: CaseInputState[] = snap.inputs.map((i) => {
      const check = this.checks.get(path.resolve(i.path));
      const isLoaded = loaded.has(path.resolve(i.path));
      const status: CaseInputState['status'] = isLoaded
        ? check && check.status !== 'missing'
          ? check.status
          : 'ok'
        : (check?.status ?? 'missing');
      return {
        side: i.side,
        path: i.path,
        fileName: path.basename(i.path.replace(/\\/g, '/')),
        sha256: i.sha256,
        size: i.size,
        status,
        message: check?.message ?? (isLoaded ? '' : `${i.path} is not loaded.`),
      };
    });
    return {
      case: { ...this.c, inputs: snap.inputs, rules: snap.rules },
      path: this.store.path,
      location: this.store.location,
      dirty: this.store.dirty,
      savedAt: this.store.savedAt,
      annotations: this.c.annotations.map((a) => viewOf(a, ctx)),
      inputs,
      autosaveError: this.store.autosaveError,
      notices: this.notices,
    };
  }

  async updateMeta(change: CaseMetaChange): Promise<CaseState> {
    const m = this.c.metadata;
    const machine = (side: Side) => ({
      name: change.metadata?.machines?.[side]?.name ?? m.machines[side].name,
      os: change.metadata?.machines?.[side]?.os ?? m.machines[side].os,
    });
    this.c = {
      ...this.c,
      title: change.title ?? this.c.title,
      conclusion: change.conclusion ?? this.c.conclusion,
      metadata: {
        ticket: change.metadata?.ticket ?? m.ticket,
        customer: change.metadata?.customer ?? m.customer,
        engineer: change.metadata?.engineer ?? m.engineer,
        machines: { baseline: machine('baseline'), problem: machine('problem') },
      },
      view: change.view ? { ...this.c.view, ...change.view } : this.c.view,
    };
    this.touch();
    return this.state();
  }

  async addAnnotation(
    ref: AnnotationTargetRef,
    tags: Tag[] | undefined,
    note: string | undefined,
  ): Promise<{ annotation: Annotation; case: CaseState }> {
    const target = toStoredTarget(ref, await this.context());
    const r = addAnnotation(this.c, target, { tags, note });
    this.c = r.case;
    this.touch();
    return { annotation: r.annotation, case: await this.state() };
  }

  async updateAnnotation(id: string, tags: Tag[] | undefined, note: string | undefined): Promise<CaseState> {
    if (!this.c.annotations.some((a) => a.id === id))
      throw new ContractFailure('not-found', `No annotation with id '${id}'.`);
    this.c = updateAnnotation(this.c, id, { tags, note });
    this.touch();
    return this.state();
  }

  async removeAnnotation(id: string): Promise<CaseState> {
    if (!this.c.annotations.some((a) => a.id === id))
      throw new ContractFailure('not-found', `No annotation with id '${id}'.`);
    this.c = removeAnnotation(this.c, id);
    this.touch();
    return this.state();
  }

  private fallbackName(): string {
    const t = this.host.traces();
    const names = [t.baseline, t.problem].map((x) => (x ? path.basename(x.source.path) : '')).filter(Boolean);
    return names.join(' vs ') || 'case';
  }

  /** Browser mode may write only inside the host's own cases folder. */
  private checkWritable(file: string): void {
    if (!path.isAbsolute(file))
      throw new ContractFailure('bad-request', `'${file}' is not an absolute path.`);
    if (this.opts.pathPolicy === 'allowlist' && !(this.casesDir && isInside(this.casesDir, file))) {
      throw new ContractFailure('bad-request', 'In browser mode cases are saved in the host’s cases folder.');
    }
  }

  async save(req: { path?: string; view?: CaseView }): Promise<SaveCaseResult> {
    if (req.view) this.c = { ...this.c, view: { ...this.c.view, ...req.view } };
    let target: string;
    let location: CaseLocation;
    if (req.path) {
      this.checkWritable(req.path);
      target = path.resolve(req.path);
      if (!target.toLowerCase().endsWith(CASE_FILE_EXTENSION)) target += CASE_FILE_EXTENSION;
      location = this.casesDir && isInside(this.casesDir, target) ? 'auto' : 'user';
    } else if (this.store.path) {
      target = this.store.path;
      location = this.store.location ?? 'auto';
      // A case in the host's folder follows its title (it was named before it had one).
      const title = this.c.title.trim();
      if (location === 'auto' && title && !this.store.namedAfter(target, title)) {
        target = (await this.store.autoPath(title)) ?? target;
      }
    } else {
      const auto = await this.store.autoPath(this.c.title || this.fallbackName());
      if (!auto) throw new ContractFailure('bad-request', 'saveCase: say where to save the case (path).');
      target = auto;
      location = 'auto';
    }
    try {
      await this.store.saveNow(target, location, () => this.snapshot());
    } catch (e) {
      throw new ContractFailure(
        'unreadable',
        `The case could not be saved to ${target}: ${(e as Error).message}`,
      );
    }
    this.host.changed();
    const state = await this.state();
    if (this.opts.host !== 'web') return { case: state, fileName: path.basename(target) };
    const text = new TextEncoder().encode(serializeCase(await this.snapshot()));
    const fileName = path.basename(target);
    return { case: state, downloadId: this.downloads.add(fileName, CONTENT_TYPES.tdcase, text), fileName };
  }

  async open(req: OpenCaseRequest): Promise<OpenCaseResult> {
    const r = await readCaseToOpen(req, {
      casesDir: this.casesDir,
      pathPolicy: this.opts.pathPolicy,
      host: this.host,
      hashes: this.hashes,
    });
    if (!r.ok) return r.result;
    await this.store.switchTo(r.target, r.location);
    this.c = { ...r.case, inputs: r.inputs };
    this.recorded = r.inputs;
    this.checks = r.checks;
    this.notices = r.notices;
    await this.host.loadCaseInputs(r.toLoad, r.case.rules.length > 0 ? r.case.rules : null);
    // A case that now lives in another file, or whose inputs moved, is written again at once.
    if (r.rewrite) this.touch();
    void this.recent?.remember({
      path: r.target,
      title: r.case.title,
      updated: r.case.updated,
      annotations: r.case.annotations.length,
    });
    this.host.changed();
    return { ok: true, case: await this.state() };
  }

  async locate(sha256: string, ref: InputRef): Promise<CaseState> {
    const want = sha256.toLowerCase();
    const input = this.recorded.find((i) => i.sha256 === want);
    if (!input) throw new ContractFailure('not-found', `The case has no input with SHA-256 ${sha256}.`);
    const r = this.host.resolveUntrusted(ref);
    let actual: string;
    try {
      actual = await this.hashes.sha256(r.path);
    } catch (e) {
      throw new ContractFailure('unreadable', `${r.name}: cannot read the file (${(e as Error).message}).`);
    }
    if (actual !== input.sha256) {
      throw new ContractFailure(
        'bad-request',
        `${r.name} is not the file this case was built from (its content differs from ${path.basename(input.path)}).`,
      );
    }
    this.recorded = this.recorded.map((i) => (i === input ? { ...i, path: r.path } : i));
    this.checks.set(path.resolve(r.path), {
      status: 'relocated',
      message: `${path.basename(input.path)} was located at ${r.path}.`,
    });
    await this.host.openInput({ ref: { path: r.path }, role: input.side, name: r.name });
    this.touch();
    return this.state();
  }

  listRecent(): Promise<RecentCase[]> {
    return this.recent ? this.recent.list(this.opts.pathPolicy === 'allowlist') : Promise.resolve([]);
  }

  async export(req: ExportRequest): Promise<ExportResult> {
    if (req.path !== undefined && this.opts.pathPolicy === 'allowlist') {
      throw new ContractFailure(
        'bad-request',
        'In browser mode exports are downloaded, not written to a path.',
      );
    }
    const t = this.host.traces();
    const comparison = this.host.comparison();
    if (!t.baseline || !t.problem || !comparison) {
      throw new ContractFailure('bad-request', 'Open and compare two captures before exporting a report.');
    }
    const out = await produceExport(
      {
        case: await this.snapshot(),
        baseline: t.baseline.store,
        problem: t.problem.store,
        logs: this.host.logs().map((l) => l.store),
        result: comparison,
        // A failed analysis leaves those sections out rather than failing the export.
        insights:
          req.format === 'pdf' || req.format === 'html'
            ? await this.opts.insights?.().catch(() => null)
            : null,
      },
      req,
      { fallbackName: this.fallbackName(), toolVersion: this.opts.appVersion, printer: this.opts.printer },
    ).catch((e: unknown) => {
      throw new ContractFailure(
        'unreadable',
        `The ${req.format.toUpperCase()} export failed: ${(e as Error).message}`,
      );
    });
    if (req.path) {
      await writeFile(req.path, out.data);
      return { fileName: path.basename(req.path), size: out.data.length, path: req.path };
    }
    return {
      fileName: out.fileName,
      size: out.data.length,
      downloadId: this.downloads.add(out.fileName, out.contentType, out.data),
    };
  }

  download(id: string) {
    return this.downloads.get(id);
  }

  flush(): Promise<void> {
    return this.store.flush();
  }

  dispose(): Promise<void> {
    return this.store.dispose();
  }
}
