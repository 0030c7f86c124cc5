/**
 * One entry for ACL evidence in any of its three captured forms: icacls output, Get-Acl |
 * Format-List output, or raw SDDL (one per line, optionally `path<TAB>sddl`, or the alternating
 * name/SDDL lines `icacls /save` writes). The form is told from the content, not the file name.
 */
import { WarningCap } from './bound-warnings';
import type { AclDocument, AclListing } from '../../../../shared/model/insight';
import { parseGetAclText } from './get-acl';
import { parseIcaclsText } from './icacls';
import { parseSddl, SDDL_PATTERN } from './sddl';
import { LineCursor, readToolText } from './tool-text';

export function sniffAclText(text: string): AclDocument['kind'] | null {
  const head = text.slice(0, 64 * 1024);
  if (/^(?:Path|PSPath|Owner|Access|Sddl)\s*:/m.test(head)) return 'get-acl';
  if (/:\((?:DENY\)\()?(?:OI\)\(|CI\)\(|IO\)\(|NP\)\(|I\)\()*[A-Z]{1,4}(?:,[A-Z]{1,4})*\)\s*$/m.test(head))
    return 'icacls';
  if (head.split(/\r?\n/).some((l) => SDDL_PATTERN.test(l.trim()))) return 'sddl';
  return null;
}

/** Raw SDDL lines. */
export function parseSddlText(text: string, file: string, encoding = ''): AclDocument {
  const doc: AclDocument = { file, encoding, kind: 'sddl', listings: [], failures: [], warnings: [] };
  const warnings = new WarningCap(doc.warnings);
  const lines = new LineCursor(text);
  let pendingName = '';
  for (let next = lines.next(); next !== null; next = lines.next()) {
    const i = lines.lineNo - 1;
    const line = next.trim();
    if (line === '') continue;
    const m = SDDL_PATTERN.exec(line);
    if (!m) {
      // `icacls /save` writes the object name on the line before its SDDL.
      pendingName = line;
      continue;
    }
    const sddl = m[1];
    const prefix = line
      .slice(0, line.length - sddl.length)
      .replace(/[\s:=\t]+$/, '')
      .trim();
    const parsed = parseSddl(sddl);
    for (const p of parsed.problems) warnings.push({ file, place: `line ${i + 1}`, message: p });
    const listing: AclListing = {
      path: prefix || pendingName || `SDDL line ${i + 1}`,
      source: 'sddl',
      owner: parsed.owner,
      group: parsed.group,
      sddl,
      aces: parsed.aces,
      line: i + 1,
    };
    pendingName = '';
    doc.listings.push(listing);
  }
  warnings.close((message) => ({ file, place: 'file', message }));
  return doc;
}

/** Parses ACL text of any supported form. Throws (naming the file) only when no form is recognised. */
export function parseAclText(text: string, file: string, encoding = ''): AclDocument {
  const kind = sniffAclText(text);
  // Each parser caps its warnings while it reads (WarningCap).
  if (kind === 'get-acl') return parseGetAclText(text, file, encoding);
  if (kind === 'icacls') return parseIcaclsText(text, file, encoding);
  if (kind === 'sddl') return parseSddlText(text, file, encoding);
  const first = text.split(/\r?\n/).find((l) => l.trim() !== '') ?? '';
  throw new Error(
    `${file}: not ACL output (expected icacls output, Get-Acl | Format-List output or an SDDL string); line 1 reads "${first.trim().slice(0, 80)}"`,
  );
}

/** Reads an ACL capture from disk (read-only; UTF-8, UTF-16LE/BE with or without BOM, GB18030). */
export async function readAclFile(path: string): Promise<AclDocument> {
  const { text, encoding, fileName } = await readToolText(path, 'ACL output');
  const doc = parseAclText(text, fileName, encoding);
  if (doc.listings.length === 0 && doc.failures.length === 0)
    doc.warnings.push({ file: fileName, place: 'file', message: 'no ACL found in the file' });
  return doc;
}
