/**
 * `fltmc` / `fltmc filters` and `fltmc instances` output: which file system filter drivers are
 * loaded, at which altitude, on which volumes. Two tables (header, dashed rule, rows):
 *
 *   Filter Name                     Num Instances    Altitude    Frame
 *   ------------------------------  -------------  ------------  -----
 *   WdFilter                               10       328010         0
 *   AVLegacy                                        389998.99   <Legacy>
 *
 *   Filter                Volume Name                              Altitude        Instance Name       Frame   SprtFtrs  VlStatus
 *   --------------------  -------------------------------------  ------------  ----------------------  -----   --------  --------
 *   bindflt               C:                                        409800     bindflt Instance          0     0000000f
 *
 * Header words are localized on a Chinese Windows (and numbers are right-aligned), so rows are read
 * by their shape, not by column position: filter names have no spaces, altitudes are decimal
 * numbers, frames a number or `<...>`. The table kind comes from the number of dashed columns.
 * Files come in the OEM code page (cmd `>`) or UTF-16LE (PowerShell `>`); see acl/tool-text.ts.
 */
import { WarningCap } from '../acl/bound-warnings';
import type { FltmcFilter, FltmcInstance, FltmcReport } from '../../../../shared/model/insight';
import { LineCursor, readToolText } from '../acl/tool-text';
import { altitudeGroup, filterPublisher } from './altitude';

const RULE_RE = /^\s*-{3,}(?:\s+-{3,})+\s*$/;
const ALT = String.raw`\d+(?:\.\d+)?`;
const FRAME = String.raw`(?:\d+|<[^>]*>)`;
const FILTER_ROW = new RegExp(String.raw`^(\S+)\s+(?:(\d+)\s+)?(?:(${ALT})\s+)?(${FRAME})\s*$`);
const ALT_TOKEN = new RegExp(String.raw`^${ALT}$`);
const FRAME_TOKEN = new RegExp(String.raw`^${FRAME}$`);
const HEX8_TOKEN = /^[0-9a-fA-F]{8}$/;

interface InstanceRow {
  filter: string;
  volume: string;
  altitude: string;
  instance: string;
  frame: string;
  features: string;
  volumeStatus: string;
}

/** The last `count` blank-separated tokens of a row, with where each starts, walking back from its end. */
function tailTokens(text: string, count: number): { s: string; at: number }[] {
  const out: { s: string; at: number }[] = [];
  let end = text.length;
  while (out.length < count) {
    while (end > 0 && /\s/.test(text[end - 1])) end--;
    if (end === 0) break;
    let start = end;
    while (start > 0 && !/\s/.test(text[start - 1])) start--;
    out.unshift({ s: text.slice(start, end), at: start });
    end = start;
  }
  return out;
}

/**
 * `<filter> [<volume>] <altitude> <instance> <frame> [<features>] [<status>]`, read from the ends
 * of the row: the volume and instance name may hold spaces, and a regular expression with two lazy
 * groups for them backtracked cubically on a long row that does not end in a frame. This picks what
 * that expression picked, in one pass and keeping no per-token list (a megabyte row costs no more
 * than its text): a volume when there is one, the first altitude that leaves room for an instance
 * name and a frame, then the shortest instance name (empty only when nothing else fits).
 */
export function parseInstanceRow(text: string): InstanceRow | null {
  // The frame is followed by at most two 8-digit hex fields (supported features, volume status).
  const tail = tailTokens(text, 4);
  const frameOk = (j: number): boolean =>
    FRAME_TOKEN.test(tail[j].s) && tail.slice(j + 1).every((t) => HEX8_TOKEN.test(t.s));
  const frames = [1, 2, 3].filter((j) => j < tail.length && frameOk(j));
  if (frames.length === 0) return null;
  const token = /\S+/g;
  const first = token.exec(text);
  if (!first) return null;
  const filterEnd = first.index + first[0].length;
  /** The frame the shortest instance name after an altitude token leads to. */
  const frameAfter = (at: number, end: number): number | undefined =>
    frames.find((j) => tail[j].at > at && tail[j - 1].at > at) ??
    frames.find((j) => tail[j - 1].at === at && tail[j].at - end >= 2);
  const lastFrameAt = tail[frames[frames.length - 1]].at;
  let pick: { m: RegExpExecArray; j: number } | null = null;
  let noVolume: { m: RegExpExecArray; j: number } | null = null;
  for (let k = 1, m = token.exec(text); m && m.index < lastFrameAt; k++, m = token.exec(text)) {
    if (!ALT_TOKEN.test(m[0])) continue;
    const j = frameAfter(m.index, m.index + m[0].length);
    if (j === undefined) continue;
    // The expression tried every volume before none at all.
    if (k === 1) {
      noVolume = { m, j };
      continue;
    }
    pick = { m, j };
    break;
  }
  pick ??= noVolume;
  if (!pick) return null;
  const { m, j } = pick;
  return {
    filter: first[0],
    volume: text.slice(filterEnd, m.index).trim(),
    altitude: m[0],
    instance: text.slice(m.index + m[0].length, tail[j].at).trim(),
    frame: tail[j].s,
    features: tail[j + 1]?.s ?? '',
    volumeStatus: tail[j + 2]?.s ?? '',
  };
}

/** "Filter listing failed with error: 0x80070005" (not elevated) and its Chinese forms. */
const FAILURE_RE = /(0x[0-9a-fA-F]{8})/;

function makeFilter(
  name: string,
  instances: string | undefined,
  altitude: string | undefined,
  frame: string,
  line: number,
): FltmcFilter {
  const alt = altitude ?? '';
  return {
    name,
    instances: instances === undefined ? null : Number(instances),
    altitude: alt,
    frame,
    legacy: frame.startsWith('<'),
    group: altitudeGroup(alt)?.name ?? '',
    publisher: filterPublisher(name),
    line,
  };
}

/** Parses fltmc output already decoded to text. Never throws; problems become warnings. */
export function parseFltmcText(text: string, file: string, encoding = ''): FltmcReport {
  const report: FltmcReport = { file, encoding, filters: [], instances: [], warnings: [] };
  const warnings = new WarningCap(report.warnings);
  const lines = new LineCursor(text);
  let table: 'filters' | 'instances' | null = null;
  let prev = '';
  for (let line = lines.next(); line !== null; prev = line, line = lines.next()) {
    const raw = line.trimEnd();
    const lineNo = lines.lineNo;
    if (raw.trim() === '') continue;
    if (RULE_RE.test(raw)) {
      const cols = raw.trim().split(/\s+/).length;
      const header = prev.toLowerCase();
      table = cols >= 5 || /volume|卷|磁碟區/.test(header) ? 'instances' : cols === 4 ? 'filters' : null;
      if (!table)
        warnings.push({
          file,
          place: `line ${lineNo}`,
          message: `a table with ${cols} columns is neither "fltmc filters" (4) nor "fltmc instances" (5 or more)`,
        });
      continue;
    }
    const nextIsRule = RULE_RE.test(lines.peek() ?? '');
    if (nextIsRule) continue; // header row
    if (!table) {
      const code = FAILURE_RE.exec(raw);
      if (code)
        warnings.push({
          file,
          place: `line ${lineNo}`,
          message: `fltmc failed: ${raw.trim()} (run it from an elevated prompt)`,
        });
      else if (!/^[A-Za-z]:\\.*>/.test(raw))
        warnings.push({
          file,
          place: `line ${lineNo}`,
          message: `text outside a fltmc table: "${raw.trim().slice(0, 100)}"`,
        });
      continue;
    }
    const text = raw.trim();
    if (table === 'filters') {
      const m = FILTER_ROW.exec(text);
      if (!m) {
        warnings.push({
          file,
          place: `line ${lineNo}`,
          message: `expected "<filter> <instances> <altitude> <frame>", found "${text.slice(0, 100)}"`,
        });
        continue;
      }
      report.filters.push(makeFilter(m[1], m[2], m[3], m[4], lineNo));
    } else {
      const row = parseInstanceRow(text);
      if (!row) {
        warnings.push({
          file,
          place: `line ${lineNo}`,
          message: `expected "<filter> <volume> <altitude> <instance> <frame> ...", found "${text.slice(0, 100)}"`,
        });
        continue;
      }
      report.instances.push({ ...row, line: lineNo });
    }
  }
  // `fltmc instances` alone still names every filter with an altitude: derive the filter list.
  if (report.filters.length === 0 && report.instances.length > 0) {
    const seen = new Map<string, FltmcInstance[]>();
    // Appended in place: copying the list per instance was quadratic for many rows of one filter.
    for (const inst of report.instances) {
      const list = seen.get(inst.filter);
      if (list) list.push(inst);
      else seen.set(inst.filter, [inst]);
    }
    for (const [name, list] of seen)
      report.filters.push(
        makeFilter(name, String(list.length), list[0].altitude, list[0].frame, list[0].line),
      );
  }
  if (report.filters.length === 0 && report.instances.length === 0 && report.warnings.length === 0)
    report.warnings.push({
      file,
      place: 'file',
      message: 'no fltmc table found (expected the output of "fltmc" or "fltmc instances")',
    });
  warnings.close((message) => ({ file, place: 'file', message }));
  return report;
}

/** Reads fltmc output from disk (read-only; OEM code page, UTF-8 or UTF-16). */
export async function readFltmcFile(path: string): Promise<FltmcReport> {
  const { text, encoding, fileName } = await readToolText(path, 'fltmc output');
  return parseFltmcText(text, fileName, encoding);
}

/** Filters ordered as they sit on the I/O stack (highest altitude first). */
export function byAltitude(filters: readonly FltmcFilter[]): FltmcFilter[] {
  return [...filters].sort((a, b) => (Number(b.altitude) || 0) - (Number(a.altitude) || 0));
}
