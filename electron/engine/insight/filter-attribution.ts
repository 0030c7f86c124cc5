/**
 * Filter-driver attribution: when the failing event of a finding carries a stack (PML, or XML
 * exported with stacks), the non-Microsoft modules on it are named, kernel ones first. A third-party
 * `.sys` called by FltMgr.sys is a file system minifilter that saw — and may have refused — the
 * request: "ACCESS DENIED returned with vEdsmFileMon.sys on the stack". With fltmc output the
 * filter's altitude and load order group are added.
 */
import type {
  FilterAttribution,
  FltmcFilter,
  FltmcReport,
  Publisher,
  StackModuleRef,
} from '../../../shared/model/insight';
import type { Finding } from '../../../shared/model/finding';
import type { ModuleInfo, StackFrame } from '../../../shared/model/trace';
import type { TraceStore } from '../store/trace-store';
import { baseName, classifyImage, isMicrosoftKernelName, volumeRelative } from './publisher';

export interface AttributionOptions {
  fltmc?: FltmcReport;
  /** Findings looked at (default the first 30). */
  maxFindings?: number;
  /** Problem events of a finding tried for a stack (default 3). */
  eventsPerFinding?: number;
}

/** Company and path of every module the capture lists (PML keeps the drivers under System). */
function moduleIndex(store: TraceStore): Map<string, ModuleInfo> {
  const out = new Map<string, ModuleInfo>();
  for (const p of store.processes)
    for (const m of p.modules) if (m.path) out.set(baseName(m.path).toLowerCase(), m);
  return out;
}

function frameModule(f: StackFrame): string {
  return (
    f.module ||
    baseName(f.path) ||
    (f.location.includes('!') ? f.location.slice(0, f.location.indexOf('!')) : '')
  );
}

function frameRef(
  f: StackFrame,
  modules: Map<string, ModuleInfo>,
  filters: Map<string, FltmcFilter>,
): StackModuleRef | null {
  const name = frameModule(f);
  if (!name) return null;
  const info = modules.get(name.toLowerCase());
  const path = f.path || info?.path || '';
  const company = info?.company ?? '';
  let publisher: Publisher;
  if (company) publisher = classifyImage(name, path, company);
  else if (f.kernel) publisher = isMicrosoftKernelName(name) ? 'microsoft' : classifyImage(name, path);
  // User-mode stacks are mostly system DLLs: without a company, one under \Windows\ counts as Windows'.
  else
    publisher =
      path && /^\\Windows\\(?!Temp\\)/i.test(volumeRelative(path)) ? 'microsoft' : classifyImage(name, path);
  const ref: StackModuleRef = {
    module: name,
    path,
    depth: f.depth,
    location: f.location,
    kernel: f.kernel,
    publisher,
    company,
  };
  const filter = filters.get(name.replace(/\.sys$/i, '').toLowerCase());
  if (filter) ref.filter = filter;
  return ref;
}

function sentenceFor(
  result: string,
  refs: StackModuleRef[],
  underFltMgr: boolean,
): FilterAttribution['sentence'] {
  const lead = refs[0];
  const names = [...new Set(refs.map((r) => r.module))];
  const list = names.slice(0, 3).join(', ');
  const more = names.length > 3 ? ` (+${names.length - 3})` : '';
  const f = lead.filter;
  const alt = f ? `; fltmc: altitude ${f.altitude}${f.group ? `, ${f.group}` : ''}` : '';
  const altZh = f ? `；fltmc：高度 ${f.altitude}${f.group ? `，${f.group}` : ''}` : '';
  const how = lead.kernel
    ? underFltMgr
      ? ' (called by FltMgr.sys: a file system minifilter'
      : ' (kernel mode'
    : ' (user mode';
  const howZh = lead.kernel
    ? underFltMgr
      ? '（由 FltMgr.sys 调用：文件系统微筛选器'
      : '（内核模式'
    : '（用户模式';
  return {
    en: `${result} returned with ${list}${more} on the stack${how}${alt})`,
    'zh-CN': `返回 ${result} 时，调用栈上有 ${list}${more}${howZh}${altZh}）`,
  };
}

/** Third-party code on the stacks of the findings' failing events, by finding id. */
export function attributeStacks(
  findings: readonly Finding[],
  problem: TraceStore,
  opts: AttributionOptions = {},
): Record<string, FilterAttribution> {
  const out: Record<string, FilterAttribution> = {};
  if (!problem.hasStacks) return out;
  const modules = moduleIndex(problem);
  const filters = new Map((opts.fltmc?.filters ?? []).map((f) => [f.name.toLowerCase(), f]));
  for (const finding of findings.slice(0, opts.maxFindings ?? 30)) {
    for (const seq of finding.problemEvents.slice(0, opts.eventsPerFinding ?? 3)) {
      if (seq < 0 || seq >= problem.length) continue;
      const frames = problem.stack(seq);
      if (frames.length === 0) continue;
      const refs = frames
        .map((f) => frameRef(f, modules, filters))
        .filter((r): r is StackModuleRef => r !== null);
      const foreign = refs.filter((r) => r.publisher !== 'microsoft');
      if (foreign.length === 0) break;
      // Depth 0 is the innermost frame: a caller sits deeper. FltMgr below a module means it called it.
      const fltMgrDepths = refs.filter((r) => /^fltmgr\.sys$/i.test(r.module)).map((r) => r.depth);
      const firstKernel = foreign.find((r) => r.kernel);
      const underFltMgr = !!firstKernel && fltMgrDepths.some((d) => d > firstKernel.depth);
      const seen = new Set<string>();
      const ordered = [...foreign.filter((r) => r.kernel), ...foreign.filter((r) => !r.kernel)].filter(
        (r) => {
          const k = r.module.toLowerCase();
          if (seen.has(k)) return false;
          seen.add(k);
          return true;
        },
      );
      const result = finding.problemResult || problem.result(seq);
      out[finding.id] = {
        findingId: finding.id,
        rank: finding.rank,
        seq,
        result,
        modules: ordered,
        underFltMgr,
        sentence: sentenceFor(result, ordered, underFltMgr),
      };
      break;
    }
  }
  return out;
}
