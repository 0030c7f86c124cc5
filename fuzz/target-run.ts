/**
 * Reads one input through a target's real entry point (the same call the app, the web host and the
 * CLI make) and returns a short signature of what came out, which the fuzzer uses as cheap feedback:
 * an input with a signature not seen before joins the corpus. Runs in the fuzz child process.
 */
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { loadCase } from '../electron/engine/case/case-file';
import { readAclFile } from '../electron/engine/ingest/acl/read-acl';
import { readFltmcFile } from '../electron/engine/ingest/fltmc/fltmc';
import { ingestTrace, sniffInput } from '../electron/engine/ingest/ingest';
import { ingestLog } from '../electron/engine/ingest/logs/ingest-log';
import { expandZip } from '../electron/engine/ingest/zip/read-zip';
import { produceReport } from '../electron/engine/report/produce-report';
import { fakeExplain, makeLogs, makeResult, makeTraces } from '../electron/engine/report/report-test-fixture';
import type { TraceStore } from '../electron/engine/store/trace-store';

const bucket = (n: number): string => (n === 0 ? '0' : n < 10 ? 'few' : n < 1000 ? 'some' : 'many');

/** A warning is read by people: one of megabytes (a whole element path, a whole line) is not a clear message. */
const MAX_WARNING_CHARS = 4096;

function checkWarnings(warnings: readonly { place: string; message: string }[]): void {
  for (const w of warnings.slice(0, 500)) {
    const n = w.place.length + w.message.length;
    // Deliberately without the file name: the harness judges this an unclear message (a finding).
    if (n > MAX_WARNING_CHARS) throw new Error(`a warning of ${n} characters (${w.place.slice(0, 40)})`);
  }
}

function traceSignature(s: TraceStore): Outcome {
  checkWarnings(s.warnings);
  const rows = Math.min(s.length, 50);
  let chars = 0;
  for (let i = 0; i < rows; i++) chars += s.row(i).path.length;
  return {
    sig: `${s.meta.kind}:${s.meta.encoding}:${bucket(s.length)}:${bucket(s.warnings.length)}:${bucket(chars)}`,
    records: s.length,
  };
}

let reportContext: (ReturnType<typeof makeTraces> & { result: ReturnType<typeof makeResult> }) | null = null;

/** What came out of a read: its feedback signature and how many records (events, entries) it produced. */
export interface Outcome {
  sig: string;
  records: number;
}

export async function runTarget(target: string, path: string, signal: AbortSignal): Promise<Outcome> {
  switch (target) {
    case 'procmon-csv':
    case 'procmon-xml':
    case 'pml':
      return traceSignature(await ingestTrace(path, { signal, allEvents: path.length % 2 === 0 }));
    case 'servicing-text':
    case 'setupdiag':
    case 'evtx':
    case 'eventviewer':
    case 'tool-output': {
      const log = await ingestLog(path, { signal });
      const s = log.summary;
      checkWarnings(s.inputWarnings);
      return {
        sig: `${s.kind}:${s.encoding}:${bucket(s.entries)}:${bucket(s.errors)}:${bucket(s.inputWarnings.length)}`,
        records: s.entries,
      };
    }
    case 'acl': {
      const doc = await readAclFile(path);
      checkWarnings(doc.warnings);
      return {
        sig: `${doc.kind}:${bucket(doc.listings.length)}:${bucket(doc.failures.length)}:${bucket(doc.warnings.length)}`,
        records: doc.listings.reduce((n, l) => n + 1 + l.aces.length, 0),
      };
    }
    case 'fltmc': {
      const r = await readFltmcFile(path);
      checkWarnings(r.warnings);
      return {
        sig: `fltmc:${bucket(r.filters.length)}:${bucket(r.instances.length)}:${bucket(r.warnings.length)}`,
        records: r.filters.length + r.instances.length,
      };
    }
    case 'zip': {
      const z = await expandZip(path, {
        signal,
        tempRoot: tmpdir(),
        limits: { maxTotalBytes: 256 * 1024 ** 2, maxEntries: 500 },
      });
      try {
        checkWarnings(z.warnings);
        const kinds: string[] = [];
        for (const e of z.entries.slice(0, 20)) {
          try {
            kinds.push((await sniffInput(e.path, e.name)).kind);
          } catch (err) {
            // An unreadable entry must say which entry it is.
            if (!(err instanceof Error) || !err.message.includes(e.name)) throw err;
            kinds.push('unreadable');
          }
        }
        return {
          sig: `zip:${bucket(z.entries.length)}:${bucket(z.warnings.length)}:${[...new Set(kinds)].sort().join('+')}`,
          records: z.entries.length,
        };
      } finally {
        await z.dispose();
      }
    }
    case 'case': {
      const r = await loadCase(path);
      return r.ok
        ? { sig: `ok:${bucket(r.case.annotations.length)}:${bucket(r.case.inputs.length)}`, records: 0 }
        : { sig: `err:${r.error.kind}`, records: 0 };
    }
    case 'report': {
      const r = await loadCase(path);
      if (!r.ok) {
        // The message for people must name the file: that is what the error dialog shows.
        if (!r.error.message.includes(path))
          throw new Error(`case error without the file name: ${r.error.message}`);
        return { sig: `err:${r.error.kind}`, records: 0 };
      }
      if (!reportContext) reportContext = { ...makeTraces(), result: makeResult() };
      const { baseline, problem, result } = reportContext;
      const language = r.case.view.language ?? 'en';
      const report = await produceReport({
        case: r.case,
        baseline,
        problem,
        logs: makeLogs(),
        result,
        options: { language, scope: 'top', topN: 10, redact: r.case.title.length % 2 === 0 },
        explainCode: fakeExplain,
        toolVersion: 'fuzz',
        now: new Date(0),
      });
      if (/<script/i.test(report.html)) throw new Error(`${path}: the report HTML holds a <script> element`);
      return {
        sig: `ok:${language}:${bucket(report.model.findings.length)}:${bucket(report.html.length >> 10)}`,
        records: 0,
      };
    }
    // Misbehaving readers, for the harness's own tests: each must be judged a finding.
    case 'selftest-unclear':
      return { sig: (JSON.parse('null') as { x: string }).x, records: 0 };
    case 'selftest-named':
      throw new Error(`${path}: not the expected format at line 1`);
    case 'selftest-stray':
      setTimeout(() => {
        throw new TypeError('late failure');
      }, 0);
      return { sig: 'ok', records: 0 };
    case 'selftest-spin':
      for (;;) if (signal.aborted && Date.now() < 0) break;
      return { sig: 'unreachable', records: 0 };
    case 'selftest-memory': {
      const hold: Uint8Array[] = [];
      for (let i = 0; i < 40; i++) hold.push(new Uint8Array(16 << 20).fill(i + 1));
      return { sig: String(hold.length), records: 0 };
    }
    default: {
      const bytes = await readFile(path);
      throw new Error(`${path}: no runner for target '${target}' (${bytes.length} bytes)`);
    }
  }
}
