/**
 * PowerShell `Get-Acl PATH | Format-List` output:
 *
 *   Path   : Microsoft.PowerShell.Core\FileSystem::C:\Windows\System32\wpdmtp.dll
 *   Owner  : NT SERVICE\TrustedInstaller
 *   Group  : NT SERVICE\TrustedInstaller
 *   Access : NT SERVICE\TrustedInstaller Allow  FullControl
 *            BUILTIN\Administrators Allow  ReadAndExecute, Synchronize
 *   Audit  :
 *   Sddl   : O:S-1-5-80-...G:...D:PAI(A;;FA;;;S-1-5-80-...)(A;;0x1200a9;;;BA)...
 *
 * Format-List wraps long values at the console width with the continuation indented to the value
 * column; a wrapped Sddl breaks mid-token, so its pieces are joined without a separator. Access
 * lines do not carry the inheritance flags, so when the Sddl is there its ACEs are used (with the
 * names from the Access lines when both list the same number of entries).
 */
import type { AclAce, AclDocument, AclListing } from '../../../../shared/model/insight';
import { fileSystemRights, mapGeneric } from './access-mask';
import { WarningCap } from './bound-warnings';
import { resolvePrincipal } from './principals';
import { parseSddl } from './sddl';
import { LineCursor } from './tool-text';

const PROPERTY_RE = /^([A-Za-z]{2,})(\s*):\s?(.*)$/;
/**
 * The word between the account and the rights of an Access line. Looked for on its own: the
 * anchored `^(.+?)\s+(Allow|Deny)\s+(.+)$` retried every blank run from every start, quadratic on a
 * long run of blanks (found by fuzzing).
 */
const ACCESS_WORD = /\s(Allow|Deny)\s+(?=\S)/;
/** Get-Acl's error lines ("Get-Acl : Cannot find path ..."), English and Chinese. */
const FAILURE_WORDS = /Cannot find path|does not exist|拒绝访问|找不到路径|Access is denied|unauthorized/i;

interface Block {
  line: number;
  props: Map<string, { first: string; more: string[]; line: number }>;
}

function accessAce(text: string): AclAce | string {
  const line = text.trim();
  const w = ACCESS_WORD.exec(line);
  if (!w) return `expected "<account> Allow|Deny <rights>", found "${line.slice(0, 200)}"`;
  const account = line.slice(0, w.index).trimEnd();
  const rightsText = line.slice(w.index + w[0].length);
  const mask = fileSystemRights(rightsText);
  if (mask === null) return `unknown rights "${rightsText.slice(0, 200)}"`;
  const who = resolvePrincipal(account);
  return {
    principal: account,
    sid: who.sid,
    account: who.account,
    type: w[1] === 'Deny' ? 'deny' : 'allow',
    mask: mapGeneric(mask),
    rights: rightsText.split(',').map((s) => s.trim()),
    inherited: false,
    objectInherit: false,
    containerInherit: false,
    // Generic rights on a file's ACE only make sense as inherit-only entries of a folder.
    inheritOnly: /^-?\d+$/.test(rightsText) && (mask & 0xf0000000) !== 0,
    noPropagate: false,
    raw: line,
  };
}

function stripProvider(p: string): string {
  return p.replace(/^Microsoft\.PowerShell\.Core\\(?:FileSystem|Registry)::/i, '');
}

/** Parses Get-Acl | Format-List output (one or more objects). Never throws. */
export function parseGetAclText(text: string, file: string, encoding = ''): AclDocument {
  const doc: AclDocument = { file, encoding, kind: 'get-acl', listings: [], failures: [], warnings: [] };
  const warnings = new WarningCap(doc.warnings);
  const lines = new LineCursor(text);
  const blocks: Block[] = [];
  let block: Block | null = null;
  let last: { name: string; indent: number } | null = null;
  for (let line = lines.next(); line !== null; line = lines.next()) {
    const i = lines.lineNo - 1;
    const raw = line.trimEnd();
    if (raw.trim() === '') {
      last = null;
      continue;
    }
    const prop = /^\S/.test(raw) ? PROPERTY_RE.exec(raw) : null;
    if (prop) {
      const name = prop[1].toLowerCase();
      if (name === 'path' || name === 'pspath' || !block || block.props.has(name)) {
        block = { line: i + 1, props: new Map() };
        blocks.push(block);
      }
      block.props.set(name, { first: prop[3], more: [], line: i + 1 });
      last = { name, indent: prop[1].length + prop[2].length + 2 };
      continue;
    }
    if (block && last && /^\s/.test(raw)) {
      // Keep the continuation exactly from the value column: wrapped SDDL may start with a space.
      const cont = raw.length > last.indent ? raw.slice(last.indent) : raw.trimStart();
      block.props.get(last.name)?.more.push(cont);
      continue;
    }
    // Tested apart from the prefix: one expression for both was quadratic on "Get-Acl :" + blanks.
    if (FAILURE_WORDS.test(raw))
      doc.failures.push({ path: '', message: raw.replace(/^Get-Acl\s*:/i, '').trim(), line: i + 1 });
    else
      warnings.push({
        file,
        place: `line ${i + 1}`,
        message: `not Get-Acl | Format-List output: "${raw.trim().slice(0, 120)}"`,
      });
  }
  for (const b of blocks) {
    const get = (n: string): { first: string; more: string[]; line: number } | undefined => b.props.get(n);
    const path = get('path') ?? get('pspath');
    const listing: AclListing = {
      path: path ? stripProvider([path.first, ...path.more].join('')) : '',
      source: 'get-acl',
      owner: get('owner')?.first.trim() ?? '',
      group: get('group')?.first.trim() ?? '',
      sddl: '',
      aces: [],
      line: b.line,
    };
    const access = get('access');
    const accessAces: AclAce[] = [];
    if (access) {
      const lineOf = (k: number): string => `line ${access.line + k}`;
      [access.first, ...access.more].forEach((t, k) => {
        if (t.trim() === '') return;
        const ace = accessAce(t);
        if (typeof ace === 'string') warnings.push({ file, place: lineOf(k), message: ace });
        else accessAces.push(ace);
      });
    }
    const sddlProp = get('sddl');
    if (sddlProp) {
      listing.sddl = [sddlProp.first, ...sddlProp.more].join('').trim();
      const parsed = parseSddl(listing.sddl);
      for (const p of parsed.problems)
        warnings.push({ file, place: `line ${sddlProp.line} (Sddl)`, message: p });
      if (parsed.aces.length > 0) {
        // Access lists every DACL entry in order: borrow its (possibly localized) names.
        if (parsed.aces.length === accessAces.length)
          parsed.aces.forEach((a, k) => (a.principal = accessAces[k].principal));
        listing.aces = parsed.aces;
        if (!listing.owner) listing.owner = parsed.owner;
        if (!listing.group) listing.group = parsed.group;
      } else {
        listing.aces = accessAces;
      }
    } else {
      listing.aces = accessAces;
    }
    if (!listing.path && listing.aces.length === 0) continue;
    doc.listings.push(listing);
  }
  warnings.close((message) => ({ file, place: 'file', message }));
  return doc;
}
