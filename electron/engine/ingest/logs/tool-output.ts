/**
 * Output of two commands engineers attach to such cases: `fltmc` / `fltmc instances` (loaded
 * file system filter drivers and their altitudes: which security agent sits on the I/O path) and
 * `icacls FILE` (the ACL that decides ACCESS DENIED).
 */
import type { LogLevel } from '../../../../shared/model/log';
import type { EntryCollector } from './log-entries';
import { readAllLines } from './read-text';

type Ctx = { signal?: AbortSignal; ansiCodePage?: string };

/** fltmc tables have 4 to 8 columns; a rule with many more is damage, not a table. */
const MAX_COLUMNS = 32;

/** Column spans from a dashed rule line: `------  ----  ---`. */
function spans(rule: string): [number, number][] {
  const out: [number, number][] = [];
  const re = /-+/g;
  for (let m = re.exec(rule); m !== null; m = re.exec(rule)) out.push([m.index, m.index + m[0].length]);
  return out;
}

export async function parseFltmc(path: string, out: EntryCollector, ctx: Ctx): Promise<{ encoding: string }> {
  const { lines, encoding } = await readAllLines(path, out, { ...ctx, skipBlank: true });
  let names: string[] = [];
  let cols: [number, number][] = [];
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i].text.trimEnd();
    if (text.trim() === '') continue;
    if (/^-{3,}(\s+-{3,})+$/.test(text)) {
      cols = spans(text);
      if (cols.length > MAX_COLUMNS) {
        // Each row would become an object with a field per column (fuzzing: a rule of 100,000).
        out.warn(
          `line ${lines[i].line}`,
          `a dashed rule of ${cols.length} columns is not a fltmc table (at most ${MAX_COLUMNS}); rows up to the next rule are skipped`,
        );
        cols = [];
        continue;
      }
      const header = lines[i - 1]?.text ?? '';
      names = cols.map(
        ([s], k) =>
          header.slice(s, k + 1 < cols.length ? cols[k + 1][0] : undefined).trim() || `Column${k + 1}`,
      );
      continue;
    }
    if (cols.length === 0 || /^(Filter Name|Filter\s+Volume|筛选器名称|篩選器名稱)/.test(text)) continue;
    const data: Record<string, string> = {};
    cols.forEach(([s], k) => {
      const end = k + 1 < cols.length ? cols[k + 1][0] : undefined;
      data[names[k]] = text.slice(s, end).trim();
    });
    // Right-aligned numbers may start left of their rule; fall back to whitespace splitting.
    const fields = text.trim().split(/\s{2,}|\s+(?=\d)/);
    if (Object.values(data).some((v) => v === '') && fields.length === names.length)
      names.forEach((n, k) => (data[n] = fields[k]));
    const name = Object.values(data)[0] ?? text.trim();
    const altitude = Object.entries(data).find(([k]) => /altitude|高度/i.test(k))?.[1] ?? '';
    const message = `Filter ${name}${altitude ? ` at altitude ${altitude}` : ''}: ${Object.entries(data)
      .slice(1)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`;
    out.add({
      line: lines[i].line,
      time: '',
      level: 'info',
      component: name,
      message,
      raw: lines[i].text,
      data,
    });
  }
  if (out.entries.length === 0)
    out.warn('file', 'no filter rows found (expected the output of "fltmc" or "fltmc instances")');
  return { encoding };
}

const ACCOUNT = String.raw`(?:NT AUTHORITY|BUILTIN|NT SERVICE|APPLICATION PACKAGE AUTHORITY|[^\s\\:]+)\\[^:]+|Everyone|CREATOR OWNER|CREATOR GROUP|S-1-[\d-]+|[^\s\\:]+`;
const ACCOUNT_ONLY = new RegExp(String.raw`^(?:${ACCOUNT})$`);
const PERMS_TAIL = /:((?:\([A-Z,]+\))+)\s*$/;
/** Longer than any account name or SID: only the end of a line can hold the account. */
const MAX_ACCOUNT = 300;

/*
 * One regex per line (`^(.*?) (ACCOUNT):(perms)$`) backtracks quadratically on long lines (found by
 * fuzzing: a 500 KB line took minutes), so the permissions at the end are found first and the
 * account is looked for only in the few hundred characters before them.
 */

/** `PATH ACCOUNT:(perms)`: the first line of a listing. */
function firstLine(text: string): [string, string, string] | null {
  const tail = PERMS_TAIL.exec(text);
  if (!tail) return null;
  const head = text.slice(0, tail.index);
  for (
    let sp = head.indexOf(' ', Math.max(0, head.length - MAX_ACCOUNT));
    sp >= 0;
    sp = head.indexOf(' ', sp + 1)
  ) {
    if (ACCOUNT_ONLY.test(head.slice(sp + 1))) return [head.slice(0, sp), head.slice(sp + 1), tail[1]];
  }
  return null;
}

/** `<blanks>ACCOUNT:(perms)`: a further ACE of the listing. */
function aceLine(text: string): [string, string] | null {
  if (!/^\s/.test(text)) return null;
  const tail = PERMS_TAIL.exec(text);
  if (!tail) return null;
  const who = text.slice(0, tail.index).trimStart();
  return who.length <= MAX_ACCOUNT && ACCOUNT_ONLY.test(who) ? [who, tail[1]] : null;
}

export async function parseIcacls(
  path: string,
  out: EntryCollector,
  ctx: Ctx,
): Promise<{ encoding: string }> {
  const { lines, encoding } = await readAllLines(path, out, { ...ctx, skipBlank: true });
  let cur: { line: number; path: string; aces: [string, string][]; raw: string[] } | null = null;
  const flush = (): void => {
    if (!cur) return;
    const data: Record<string, string> = { path: cur.path };
    for (const [who, perm] of cur.aces) data[who] = data[who] ? `${data[who]} ${perm}` : perm;
    const deny = cur.aces.some(([, p]) => /\((?:DENY|N)\)/.test(p));
    const level: LogLevel = deny ? 'warning' : 'info';
    const message = `${cur.path}: ${cur.aces.map(([w, p]) => `${w}:${p}`).join(', ')}`;
    // The account names after the path (NT SERVICE\\...) must not be read as path segments.
    out.add({
      line: cur.line,
      time: '',
      level,
      component: 'icacls',
      message,
      raw: cur.raw.join('\n'),
      data,
      scanText: cur.path,
    });
    cur = null;
  };
  for (const l of lines) {
    const text = l.text;
    if (text.trim() === '') continue;
    const ace = cur ? aceLine(text) : null;
    if (ace && cur) {
      cur.aces.push([ace[0].trim(), ace[1]]);
      cur.raw.push(text);
      continue;
    }
    flush();
    const first = firstLine(text);
    if (first) {
      cur = { line: l.line, path: first[0].trim(), aces: [[first[1].trim(), first[2]]], raw: [text] };
      continue;
    }
    let level: LogLevel = 'info';
    if (/^(Successfully processed|已成功处理|已成功處理)/.test(text)) {
      // Only the summary line, and only its start: on any long line of digits then other
      // characters the expression is quadratic (80,000 of each: 41 s).
      const summary = /(\d+)\D+(\d+)/.exec(text.slice(0, 300));
      if (summary && Number(summary[2]) > 0) level = 'warning';
    } else if (/:\s*(Access is denied|The system cannot find|拒绝访问|系统找不到)/i.test(text)) {
      level = 'error';
    }
    out.add({ line: l.line, time: '', level, component: 'icacls', message: text.trim(), raw: text });
  }
  flush();
  return { encoding };
}
