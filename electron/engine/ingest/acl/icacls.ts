/**
 * `icacls FILE` output as engineers capture it (`icacls C:\Windows\System32\wpdmtp.dll > acl.txt`):
 *
 *   C:\Windows\System32\wpdmtp.dll NT SERVICE\TrustedInstaller:(F)
 *                                  BUILTIN\Administrators:(RX)
 *                                  ...
 *
 *   Successfully processed 1 files; Failed processing 0 files
 *
 * The first ACE shares the line with the path; the next ones are indented to the column where the
 * first began, which is how a path with spaces is told from an account name with spaces. Account
 * names may be localized (Chinese Windows prints "所有受限制的应用程序包"); the summary line is in
 * the system language. Rights: `icacls /?` (simple rights, specific rights, inheritance flags).
 */
import type { AclAce, AclDocument, AclListing } from '../../../../shared/model/insight';
import { icaclsRight, mapGeneric, SYNCHRONIZE } from './access-mask';
import { WarningCap } from './bound-warnings';
import { resolvePrincipal } from './principals';
import { LineCursor } from './tool-text';

const ACE_RE = /^(.+?):((?:\([A-Za-z,]+\))+)\s*$/;
const INHERIT_FLAGS = new Set(['OI', 'CI', 'IO', 'NP', 'I']);

/** Decodes `principal:(OI)(CI)(RX)` or `principal:(DENY)(W,D)`; a message when it is not an ACE. */
export function parseIcaclsAce(text: string): AclAce | string {
  const m = ACE_RE.exec(text.trim());
  if (!m) return `expected "account:(rights)", found "${text.trim()}"`;
  const principal = m[1].trim();
  const groups = m[2].slice(1, -1).split(')(');
  let type: AclAce['type'] = 'allow';
  let mask = 0;
  const rights: string[] = [];
  const flags = new Set<string>();
  for (const g of groups) {
    const up = g.toUpperCase();
    if (up === 'DENY') {
      type = 'deny';
      continue;
    }
    if (INHERIT_FLAGS.has(up)) {
      flags.add(up);
      continue;
    }
    for (const token of up.split(',')) {
      const bit = icaclsRight(token);
      if (bit === null) return `unknown right '${token}' in "${text.trim()}"`;
      mask |= bit;
      rights.push(token);
    }
  }
  // icacls writes deny entries without SYNCHRONIZE: a denied Synchronize would also break reads.
  if (type === 'deny') mask &= ~SYNCHRONIZE;
  const who = resolvePrincipal(principal);
  if (/^Mandatory Label\\/i.test(principal)) type = 'other';
  return {
    principal,
    sid: who.sid,
    account: who.account,
    type,
    mask: mapGeneric(mask),
    rights,
    inherited: flags.has('I'),
    objectInherit: flags.has('OI'),
    containerInherit: flags.has('CI'),
    inheritOnly: flags.has('IO'),
    noPropagate: flags.has('NP'),
    raw: text.trim(),
  };
}

/** "Successfully processed 1 files; Failed processing 0 files" in English and Chinese. */
const SUMMARY_RE = /^(?:Successfully processed|已成功处理|已成功處理|已順利處理)\s/;
/** "<path>: Access is denied." and the like, in English and Chinese. */
const FAILURE_RE =
  /^(.+?):\s*(Access is denied\.?|The system cannot find the (?:file|path) specified\.?|The process cannot access the file.*|拒绝访问。?|拒絕存取。?|系统找不到指定的(?:文件|路径)。?|系統找不到指定的(?:檔案|路徑)。?|另一个程序正在使用此文件，进程无法访问。?)\s*$/;

const looksLikePath = (s: string): boolean =>
  /^(?:[A-Za-z]:|\\\\|\\|\.{1,2}\\|[^\s\\]+\\)/.test(s) || !/\s/.test(s);

const MAX_ACE_TEXT = 1024;

/** Where the path ends on a listing's first line. */
function splitFirstLine(line: string, nextIndent: number): { path: string; ace: string } | null {
  // The continuation indent is the column the first ACE starts at.
  if (
    nextIndent > 0 &&
    nextIndent < line.length &&
    line[nextIndent - 1] === ' ' &&
    line[nextIndent] !== ' '
  ) {
    const path = line.slice(0, nextIndent).trimEnd();
    const ace = line.slice(nextIndent);
    if (path && typeof parseIcaclsAce(ace) !== 'string') return { path, ace };
  }
  // One ACE only: try each space; prefer a well-known account, else the last split that parses.
  let fallback: { path: string; ace: string } | null = null;
  // An ACE is a few hundred characters at most: trying every space of a long line was quadratic.
  const from = Math.max(0, line.length - MAX_ACE_TEXT);
  for (let i = line.indexOf(' ', from); i > 0; i = line.indexOf(' ', i + 1)) {
    const ace = line.slice(i + 1).trimStart();
    const parsed = parseIcaclsAce(ace);
    if (typeof parsed === 'string') continue;
    const path = line.slice(0, i).trimEnd();
    if (!path || !looksLikePath(path)) continue;
    if (parsed.sid) return { path, ace };
    fallback = { path, ace };
  }
  return fallback;
}

/** Parses icacls output already decoded to text. Never throws; problems become warnings. */
export function parseIcaclsText(text: string, file: string, encoding = ''): AclDocument {
  const doc: AclDocument = { file, encoding, kind: 'icacls', listings: [], failures: [], warnings: [] };
  const warnings = new WarningCap(doc.warnings);
  const lines = new LineCursor(text);
  let cur: AclListing | null = null;
  for (let line = lines.next(); line !== null; line = lines.next()) {
    const raw = line.trimEnd();
    const lineNo = lines.lineNo;
    if (raw.trim() === '') {
      cur = null;
      continue;
    }
    if (/^\s/.test(raw)) {
      if (!cur) {
        warnings.push({
          file,
          place: `line ${lineNo}`,
          message: `an indented ACE line with no path line before it: "${raw.trim().slice(0, 120)}"`,
        });
        continue;
      }
      const ace = parseIcaclsAce(raw);
      if (typeof ace === 'string')
        warnings.push({ file, place: `line ${lineNo}`, message: ace.slice(0, 300) });
      else cur.aces.push(ace);
      continue;
    }
    cur = null;
    if (SUMMARY_RE.test(raw)) {
      const nums = raw.match(/\d+/g) ?? [];
      if (nums.length >= 2 && Number(nums[1]) > 0)
        warnings.push({
          file,
          place: `line ${lineNo}`,
          message: `icacls reports ${nums[1]} file(s) it could not read`,
        });
      continue;
    }
    const failure = FAILURE_RE.exec(raw);
    if (failure && !ACE_RE.test(raw)) {
      doc.failures.push({ path: failure[1].trim(), message: failure[2].trim(), line: lineNo });
      continue;
    }
    const next = lines.peek() ?? '';
    const nextIndent = /^\s+\S/.test(next) ? next.length - next.trimStart().length : 0;
    const split = splitFirstLine(raw, nextIndent);
    if (!split) {
      warnings.push({
        file,
        place: `line ${lineNo}`,
        message: `not icacls output: expected "<path> <account>:(<rights>)", found "${raw.trim().slice(0, 120)}"`,
      });
      continue;
    }
    const ace = parseIcaclsAce(split.ace) as AclAce;
    cur = { path: split.path, source: 'icacls', owner: '', group: '', sddl: '', aces: [ace], line: lineNo };
    doc.listings.push(cur);
  }
  warnings.close((message) => ({ file, place: 'file', message }));
  return doc;
}
