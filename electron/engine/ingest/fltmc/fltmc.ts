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
import { boundWarnings } from '../acl/bound-warnings';
import type { FltmcFilter, FltmcInstance, FltmcReport } from '../../../../shared/model/insight';
import { readToolText } from '../acl/tool-text';
import { altitudeGroup, filterPublisher } from './altitude';

const RULE_RE = /^\s*-{3,}(?:\s+-{3,})+\s*$/;
const ALT = String.raw`\d+(?:\.\d+)?`;
const FRAME = String.raw`(?:\d+|<[^>]*>)`;
const FILTER_ROW = new RegExp(String.raw`^(\S+)\s+(?:(\d+)\s+)?(?:(${ALT})\s+)?(${FRAME})\s*$`);
const INSTANCE_ROW = new RegExp(
  String.raw`^(\S+)\s+(?:(.*?)\s+)?(${ALT})\s+(.*?)\s+(${FRAME})(?:\s+([0-9a-fA-F]{8}))?(?:\s+([0-9a-fA-F]{8}))?\s*$`,
);
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
  const lines = text.split(/\r\n|\n|\r/);
  let table: 'filters' | 'instances' | null = null;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i].trimEnd();
    const lineNo = i + 1;
    if (raw.trim() === '') continue;
    if (RULE_RE.test(raw)) {
      const cols = raw.trim().split(/\s+/).length;
      const header = (lines[i - 1] ?? '').toLowerCase();
      table = cols >= 5 || /volume|卷|磁碟區/.test(header) ? 'instances' : cols === 4 ? 'filters' : null;
      if (!table)
        report.warnings.push({
          file,
          place: `line ${lineNo}`,
          message: `a table with ${cols} columns is neither "fltmc filters" (4) nor "fltmc instances" (5 or more)`,
        });
      continue;
    }
    const nextIsRule = RULE_RE.test(lines[i + 1] ?? '');
    if (nextIsRule) continue; // header row
    if (!table) {
      const code = FAILURE_RE.exec(raw);
      if (code)
        report.warnings.push({
          file,
          place: `line ${lineNo}`,
          message: `fltmc failed: ${raw.trim()} (run it from an elevated prompt)`,
        });
      else if (!/^[A-Za-z]:\\.*>/.test(raw))
        report.warnings.push({
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
        report.warnings.push({
          file,
          place: `line ${lineNo}`,
          message: `expected "<filter> <instances> <altitude> <frame>", found "${text.slice(0, 100)}"`,
        });
        continue;
      }
      report.filters.push(makeFilter(m[1], m[2], m[3], m[4], lineNo));
    } else {
      const m = INSTANCE_ROW.exec(text);
      if (!m) {
        report.warnings.push({
          file,
          place: `line ${lineNo}`,
          message: `expected "<filter> <volume> <altitude> <instance> <frame> ...", found "${text.slice(0, 100)}"`,
        });
        continue;
      }
      report.instances.push({
        filter: m[1],
        volume: (m[2] ?? '').trim(),
        altitude: m[3],
        instance: m[4].trim(),
        frame: m[5],
        features: m[6] ?? '',
        volumeStatus: m[7] ?? '',
        line: lineNo,
      });
    }
  }
  // `fltmc instances` alone still names every filter with an altitude: derive the filter list.
  if (report.filters.length === 0 && report.instances.length > 0) {
    const seen = new Map<string, FltmcInstance[]>();
    for (const inst of report.instances) seen.set(inst.filter, [...(seen.get(inst.filter) ?? []), inst]);
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
  return report;
}

/** Reads fltmc output from disk (read-only; OEM code page, UTF-8 or UTF-16). */
export async function readFltmcFile(path: string): Promise<FltmcReport> {
  const { text, encoding, fileName } = await readToolText(path, 'fltmc output');
  const report = parseFltmcText(text, fileName, encoding);
  return { ...report, warnings: boundWarnings(report.warnings) };
}

/** Filters ordered as they sit on the I/O stack (highest altitude first). */
export function byAltitude(filters: readonly FltmcFilter[]): FltmcFilter[] {
  return [...filters].sort((a, b) => (Number(b.altitude) || 0) - (Number(a.altitude) || 0));
}
