/**
 * SDDL (Security Descriptor Definition Language) strings as Get-Acl's `Sddl` property, `icacls /save`
 * and `sc sdshow` write them: `O:<sid>G:<sid>D:<flags>(ace)(ace)...S:<flags>(ace)...`, each ACE
 * `(type;flags;rights;object_guid;inherit_object_guid;trustee[;resource_attribute])`.
 */
import type { AclAce } from '../../../../shared/model/insight';
import { mapGeneric, sddlRights } from './access-mask';
import { resolvePrincipal, resolveSddlTrustee } from './principals';

export interface ParsedSddl {
  owner: string;
  group: string;
  daclFlags: string;
  aces: AclAce[];
  /** Problems, each naming the place in the string. */
  problems: string[];
}

const ACE_TYPES: Record<string, AclAce['type']> = {
  A: 'allow',
  D: 'deny',
  OA: 'allow',
  OD: 'deny',
  XA: 'allow',
  XD: 'deny',
  ZA: 'allow',
  AU: 'audit',
  OU: 'audit',
  XU: 'audit',
  AL: 'audit',
  OL: 'audit',
};

/** The account of an SDDL trustee for people: the well-known name, else the SID as written. */
function trusteeAccount(trustee: string): { sid: string; account: string } {
  const p = resolveSddlTrustee(trustee);
  if (p) return { sid: p.sid, account: p.account };
  const r = resolvePrincipal(trustee);
  return { sid: r.sid, account: r.account };
}

/** Splits `D:PAI(A;;FA;;;SY)(A;;0x1200a9;;;BU)` into flags and ACE bodies, respecting nesting. */
function splitAces(part: string): {
  flags: string;
  bodies: { text: string; at: number }[];
  problem?: string;
} {
  const open = part.indexOf('(');
  const flags = open < 0 ? part : part.slice(0, open);
  const bodies: { text: string; at: number }[] = [];
  let depth = 0;
  let start = -1;
  for (let i = Math.max(open, 0); open >= 0 && i < part.length; i++) {
    const ch = part[i];
    if (ch === '(') {
      if (depth === 0) start = i + 1;
      depth++;
    } else if (ch === ')') {
      depth--;
      if (depth === 0) bodies.push({ text: part.slice(start, i), at: start });
      if (depth < 0) return { flags, bodies, problem: `unbalanced ')' at character ${i + 1}` };
    }
  }
  if (depth !== 0) return { flags, bodies, problem: 'an ACE is not closed with )' };
  return { flags, bodies };
}

/** Decodes one ACE body (`A;OICI;FA;;;SY`). */
export function parseSddlAce(body: string): AclAce | string {
  const f = body.split(';');
  if (f.length < 6) return `expected 6 fields separated by ';', found ${f.length}`;
  const typeCode = f[0].toUpperCase();
  const type = ACE_TYPES[typeCode] ?? 'other';
  const flags = f[1].toUpperCase();
  const rights = sddlRights(f[2]);
  if (!rights) return `unknown rights '${f[2]}'`;
  const trustee = f[5];
  if (trustee.trim() === '') return 'no trustee';
  const who = trusteeAccount(trustee);
  const has = (flag: string): boolean => {
    for (let i = 0; i + 1 < flags.length; i += 2) if (flags.slice(i, i + 2) === flag) return true;
    return false;
  };
  return {
    principal: who.account,
    sid: who.sid,
    account: who.account,
    type: typeCode === 'ML' ? 'other' : type,
    mask: mapGeneric(rights.mask),
    rights: rights.tokens,
    inherited: has('ID'),
    objectInherit: has('OI'),
    containerInherit: has('CI'),
    inheritOnly: has('IO'),
    noPropagate: has('NP'),
    raw: `(${body})`,
  };
}

/** A damaged string of a million "()" would otherwise hold a million problem messages. */
const MAX_PROBLEMS = 100;

/** Parses a whole SDDL string. Bad ACEs are reported and skipped; the rest is kept. */
export function parseSddl(sddl: string): ParsedSddl {
  const out: ParsedSddl = { owner: '', group: '', daclFlags: '', aces: [], problems: [] };
  let moreProblems = 0;
  const s = sddl.trim();
  // Components start with O:, G:, D: or S: outside parentheses.
  const parts: { tag: string; text: string; at: number }[] = [];
  let depth = 0;
  let cur: { tag: string; start: number } | null = null;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (depth === 0 && /[OGDS]/.test(ch) && s[i + 1] === ':') {
      if (cur) parts.push({ tag: cur.tag, text: s.slice(cur.start, i), at: cur.start });
      cur = { tag: ch, start: i + 2 };
      i++;
    }
  }
  if (cur) parts.push({ tag: cur.tag, text: s.slice(cur.start), at: cur.start });
  if (parts.length === 0) {
    out.problems.push('no O:, G:, D: or S: component');
    return out;
  }
  for (const p of parts) {
    if (p.tag === 'O') out.owner = trusteeAccount(p.text).account;
    else if (p.tag === 'G') out.group = trusteeAccount(p.text).account;
    else if (p.tag === 'D') {
      const split = splitAces(p.text);
      out.daclFlags = split.flags;
      if (split.problem) out.problems.push(`DACL: ${split.problem}`);
      for (const b of split.bodies) {
        const ace = parseSddlAce(b.text);
        if (typeof ace !== 'string') out.aces.push(ace);
        else if (out.problems.length < MAX_PROBLEMS)
          out.problems.push(`ACE at character ${p.at + b.at}: ${ace}`);
        else moreProblems++;
      }
    }
    // The SACL (audit entries, integrity label) does not decide access for a write; it is skipped.
  }
  if (moreProblems > 0) out.problems.push(`${moreProblems} more ACEs like these not understood`);
  return out;
}

/** True when a line is (or ends with) an SDDL string. */
export const SDDL_PATTERN =
  /(?:^|[\s:=\t])((?:O:[^\s()]+)?(?:G:[^\s()]+)?D:[A-Z]*(?:\([^()]*\))+(?:S:[A-Z]*(?:\([^()]*\))*)?)\s*$/;
