/**
 * SetupDiag results in its three output forms (text SetupDiagResults.log, /Format:xml,
 * /Format:json; winlogs.md §4), and Windows Setup's compatibility report (CompatData/ScanResult
 * XML), which is setup diagnostics of the same family. Each finding becomes an entry; the
 * key = value details go in `data`.
 */
import type { LogLevel } from '../../../../shared/model/log';
import type { EntryCollector } from './log-entries';
import { readWholeText } from './read-text';
import { parseServicingHead } from './text-grammar';
import { childText, MAX_XML_DEPTH, parseXmlTree, type XmlNode } from './xml-tree';

const COMPONENT = 'SetupDiag';

function profileLevel(profile: string): LogLevel {
  return /FindSuccessfulUpgrade/i.test(profile) ? 'info' : 'error';
}

/** `Key = Value` or `Key: Value`. */
function keyValue(line: string): [string, string] | null {
  // Find the separator first, near the start (keys are short): one regex over the whole line
  // backtracks quadratically on a long run of blanks with no separator (found by fuzzing).
  const sep = line.slice(0, 256).search(/[=:]/);
  if (sep < 0) return null;
  const m = /^\s*([A-Za-z][\w .?/()-]*?)\s*$/.exec(line.slice(0, sep));
  return m ? [m[1].trim(), line.slice(sep + 1).trim()] : null;
}

/** SetupDiag's own local time: "5/23/2023 12:21:30 AM" -> ISO local. */
function usTime(s: string): string {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):(\d{2}):(\d{2})(?: ?([AP]M))?$/i.exec(s.trim());
  if (!m) return '';
  let h = Number(m[4]);
  if (m[7]) h = (h % 12) + (/p/i.test(m[7]) ? 12 : 0);
  if (m[3] === '0001') return '';
  const p = (v: string | number): string => String(v).padStart(2, '0');
  return `${m[3]}-${p(m[1])}-${p(m[2])}T${p(h)}:${m[5]}:${m[6]}`;
}

function parseText(lines: { text: string; line: number }[], out: EntryCollector): void {
  let cur: { line: number; head: string; raw: string[]; data: Record<string, string> } | null = null;
  const flush = (): void => {
    if (!cur) return;
    const head = cur.head;
    let level: LogLevel = 'info';
    let time = '';
    let message = head;
    const data = cur.data;
    // A profile line is short; the lazy pattern is quadratic on a long run of blanks.
    const profile =
      head.length < 4096 ? /^Matching Profile found:\s*(.*?)\s*-\s*([0-9A-Fa-f-]{36})\s*$/.exec(head) : null;
    if (profile) {
      data.ProfileName = profile[1];
      data.ProfileGuid = profile[2];
      level = profileLevel(profile[1]);
    } else if (/^LogEntry:/.test(head)) {
      const inner = head.replace(/^LogEntry:\s*/, '');
      const h = parseServicingHead(inner);
      time = h?.time ?? '';
      level = 'error';
      data.LogEntry = inner;
    } else if (/^Error\b/.test(head)) {
      level = 'error';
      const ext = /^Error\s*=\s*(0x[0-9A-Fa-f]{8})\s*-\s*(0x[0-9A-Fa-f]{1,5})/.exec(head);
      if (ext) {
        data.ErrorCode = ext[1];
        data.ExtendCode = ext[2];
      }
    } else if (/^SetupDiag was unable to match/i.test(head)) {
      level = 'warning';
    }
    if (cur.raw.length > 1)
      message = `${head}\n${cur.raw
        .slice(1)
        .map((l) => l.trim())
        .join('\n')}`;
    if (data['Completed Successfully?'] === 'False') level = level === 'info' ? 'warning' : level;
    if (!time)
      time = usTime(data['Phase Started'] ?? data['Operation Started'] ?? data.UpgradeStartTime ?? '');
    out.add({
      line: cur.line,
      time,
      level,
      component: COMPONENT,
      message,
      raw: cur.raw.join('\n'),
      data: Object.keys(data).length ? data : undefined,
    });
    cur = null;
  };
  for (const l of lines) {
    if (l.text.trim() === '') continue;
    const indented = /^\s/.test(l.text);
    if (indented && cur) {
      cur.raw.push(l.text);
      const kv = keyValue(l.text);
      if (kv) cur.data[kv[0]] = kv[1];
      continue;
    }
    flush();
    const data: Record<string, string> = {};
    const kv =
      /^[A-Z]/.test(l.text) && !/^(LogEntry|Matching Profile found|Refer to)/.test(l.text)
        ? keyValue(l.text)
        : null;
    if (kv && kv[1] !== '') data[kv[0]] = kv[1];
    cur = { line: l.line, head: l.text.trim(), raw: [l.text], data };
  }
  flush();
}

function nodeData(n: XmlNode): Record<string, string> {
  const data: Record<string, string> = { ...n.attrs };
  for (const c of n.children) {
    if (c.children.length === 0) data[c.name] = c.text.trim();
    else for (const [k, v] of Object.entries(nodeData(c))) data[`${c.name}.${k}`] = v;
  }
  return data;
}

function parseSetupDiagXml(root: XmlNode, out: EntryCollector): void {
  const profile = childText(root, 'ProfileName');
  const guid = childText(root, 'ProfileGuid');
  const version = childText(root, 'Version');
  out.add({
    line: root.line,
    time: '',
    level: profile ? profileLevel(profile) : 'warning',
    component: COMPONENT,
    message: profile
      ? `Matching Profile found: ${profile}${guid ? ` - ${guid}` : ''}`
      : 'SetupDiag found no matching profile',
    raw: `<SetupDiag> Version=${version} ProfileName=${profile} ProfileGuid=${guid}`,
    data: { Version: version, ProfileName: profile, ProfileGuid: guid },
  });
  for (const c of root.children) {
    if (['ProfileName', 'ProfileGuid', 'Version'].includes(c.name)) continue;
    const text = c.text.trim();
    const data = c.children.length > 0 ? nodeData(c) : undefined;
    const level: LogLevel = /^(LogErrorLine|FailureDetails|FailureData)$/.test(c.name) ? 'error' : 'info';
    const h = c.name === 'LogErrorLine' ? parseServicingHead(text) : null;
    const message =
      text ||
      (data
        ? Object.entries(data)
            .map(([k, v]) => `${k} = ${v}`)
            .join('\n')
        : '');
    if (!message) continue;
    out.add({
      line: c.line,
      time: h?.time ?? '',
      level,
      component: COMPONENT,
      message: `${c.name}: ${message}`,
      raw: `<${c.name}>${message}</${c.name}>`,
      data,
    });
  }
}

function parseCompatReport(root: XmlNode, out: EntryCollector): void {
  const walk = (n: XmlNode): void => {
    for (const c of n.children) {
      const info = c.children.find((x) => x.name === 'CompatibilityInfo');
      const blocking = info?.attrs.BlockingType ?? c.attrs.BlockingType;
      const itemish = ['HardwareItem', 'DriverPackage', 'Program', 'Device', 'Application', 'Item'].includes(
        c.name,
      );
      if (itemish) {
        const data = { ...c.attrs, ...(info ? info.attrs : {}) };
        let level: LogLevel = 'info';
        if (blocking && blocking !== 'None') level = /Hard/i.test(blocking) ? 'error' : 'warning';
        if (c.attrs.BlockMigration === 'True') level = 'warning';
        const what = c.attrs.HardwareType ?? c.attrs.Inf ?? c.attrs.Name ?? c.attrs.Id ?? c.name;
        const parts = Object.entries(data).map(([k, v]) => `${k}=${v}`);
        out.add({
          line: c.line,
          time: '',
          level,
          component: 'CompatReport',
          message: `${c.name} ${what}: ${parts.join(', ')}`,
          raw: `<${c.name} ${parts.join(' ')}/>`,
          data,
        });
      }
      walk(c);
    }
  };
  walk(root);
}

/** JSON.stringify recurses: a value nested thousands deep overflows the stack (found by fuzzing). */
function jsonText(v: unknown): string {
  try {
    return JSON.stringify(v);
  } catch {
    return '(nested too deeply to show)';
  }
}

function parseJson(text: string, out: EntryCollector): void {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    out.warn('file', `SetupDiag JSON could not be parsed: ${e instanceof Error ? e.message : String(e)}`);
    return;
  }
  if (typeof doc !== 'object' || doc === null) return;
  const obj = doc as Record<string, unknown>;
  // Depth-limited: SetupDiag's JSON is flat; a hostile file nested thousands deep must not
  // overflow the stack (found by fuzzing).
  const flat = (v: unknown, prefix: string, into: Record<string, string>, depth = 0): void => {
    if (v === null || v === undefined) return;
    if (typeof v !== 'object') into[prefix] = String(v);
    else if (depth >= MAX_XML_DEPTH) into[prefix] = '…';
    else if (Array.isArray(v)) v.forEach((x, i) => flat(x, `${prefix}[${i}]`, into, depth + 1));
    else
      for (const [k, x] of Object.entries(v as Record<string, unknown>))
        flat(x, prefix ? `${prefix}.${k}` : k, into, depth + 1);
  };
  const profile = typeof obj.ProfileName === 'string' ? obj.ProfileName : '';
  const head: Record<string, string> = {};
  for (const k of ['Version', 'ProfileName', 'ProfileGuid'])
    if (obj[k] !== undefined) head[k] = String(obj[k]);
  out.add({
    line: 1,
    time: '',
    level: profile ? profileLevel(profile) : 'warning',
    component: COMPONENT,
    message: profile
      ? `Matching Profile found: ${profile}${head.ProfileGuid ? ` - ${head.ProfileGuid}` : ''}`
      : 'SetupDiag found no matching profile',
    raw: JSON.stringify(head),
    data: head,
  });
  for (const [k, v] of Object.entries(obj)) {
    if (['Version', 'ProfileName', 'ProfileGuid'].includes(k)) continue;
    const data: Record<string, string> = {};
    flat(v, '', data);
    const message =
      typeof v === 'string'
        ? v
        : Object.entries(data)
            .map(([dk, dv]) => `${dk} = ${dv}`)
            .join('\n');
    if (!message) continue;
    const level: LogLevel = /^(LogErrorLine|FailureDetails|FailureData)$/.test(k) ? 'error' : 'info';
    const h = k === 'LogErrorLine' && typeof v === 'string' ? parseServicingHead(v) : null;
    out.add({
      line: 1,
      time: h?.time ?? '',
      level,
      component: COMPONENT,
      message: `${k}: ${message}`,
      raw: `"${k}": ${jsonText(v)}`,
      data: typeof v === 'object' ? data : undefined,
    });
  }
}

export async function parseSetupDiag(
  path: string,
  out: EntryCollector,
  ctx: { signal?: AbortSignal; ansiCodePage?: string },
): Promise<{ encoding: string }> {
  const whole = await readWholeText(path, out, ctx);
  const text = whole.text;
  const start = text.trimStart();
  if (start.startsWith('<')) {
    const root = parseXmlTree(
      start.replace(/^<\?xml[^>]*encoding=["']utf-16["'][^>]*\?>/i, '<?xml version="1.0"?>'),
      (p, m) => out.warn(p, m),
    );
    if (!root) out.warn('file', 'no XML element found');
    else if (root.name === 'CompatReport') parseCompatReport(root, out);
    else parseSetupDiagXml(root, out);
  } else if (start.startsWith('{')) {
    parseJson(start, out);
  } else {
    // An object only for the lines that hold something (see readAllLines' skipBlank).
    const lines: { text: string; line: number }[] = [];
    text.split('\n').forEach((t, i) => {
      if (t !== '') lines.push({ text: t, line: i + 1 });
    });
    parseText(lines, out);
  }
  return { encoding: whole.encoding };
}
