/**
 * Compares the ACL of the same file on the two machines, per principal, in plain words:
 * "SYSTEM: Read & execute on the baseline machine; Read & execute, denied Write, Delete on the
 * problem machine". Only entries that apply to the object itself count (inherit-only entries
 * describe children); effective rights are allow minus deny, which is what an open is checked
 * against when deny entries come first (the canonical order every Windows tool writes).
 */
import type {
  AclDiff,
  AclListing,
  AclPrincipalDiff,
  AclRights,
  LocalizedText,
} from '../../../../shared/model/insight';
import { describeMask, describeWriteBits, SYNCHRONIZE } from './access-mask';
import {
  isServicingAccount,
  principalKey,
  resolvePrincipal,
  SID_SYSTEM,
  SID_TRUSTED_INSTALLER,
} from './principals';

export interface SideLabels {
  baseline: LocalizedText;
  problem: LocalizedText;
}

export const DEFAULT_LABELS: SideLabels = {
  baseline: { en: 'the baseline machine', 'zh-CN': '基准机器' },
  problem: { en: 'the problem machine', 'zh-CN': '问题机器' },
};

interface Acc {
  account: string;
  sid: string;
  short: string;
  allow: number;
  deny: number;
}

function rightsBy(listing: AclListing): Map<string, Acc> {
  const out = new Map<string, Acc>();
  for (const ace of listing.aces) {
    if (ace.inheritOnly || (ace.type !== 'allow' && ace.type !== 'deny')) continue;
    const key = principalKey(ace);
    let acc = out.get(key);
    if (!acc) {
      acc = {
        account: ace.account,
        sid: ace.sid,
        short: resolvePrincipal(ace.sid || ace.account).short,
        allow: 0,
        deny: 0,
      };
      out.set(key, acc);
    }
    if (ace.type === 'allow') acc.allow |= ace.mask;
    else acc.deny |= ace.mask;
  }
  return out;
}

function rightsText(allow: number, deny: number): LocalizedText {
  const a = describeMask(allow);
  if (deny === 0) return a;
  const d = describeMask(deny);
  return {
    en: allow === 0 ? `denied ${d.en}` : `${a.en}; denied ${d.en}`,
    'zh-CN': allow === 0 ? `拒绝${d['zh-CN']}` : `${a['zh-CN']}；拒绝${d['zh-CN']}`,
  };
}

function sideRights(acc: Acc | undefined): AclRights | null {
  if (!acc) return null;
  return {
    allow: acc.allow,
    deny: acc.deny,
    effective: (acc.allow & ~acc.deny) >>> 0,
    text: rightsText(acc.allow, acc.deny),
  };
}

const NO_ENTRY: LocalizedText = { en: 'no entry', 'zh-CN': '没有条目' };

const order = (p: AclPrincipalDiff): number =>
  p.sid === SID_SYSTEM ? 0 : p.sid === SID_TRUSTED_INSTALLER ? 1 : p.lost !== 0 ? 2 : 3;

/** Per-principal differences between the same object's ACL on the two machines. */
export function diffAcl(
  baseline: AclListing,
  problem: AclListing,
  labels: SideLabels = DEFAULT_LABELS,
): AclDiff {
  const b = rightsBy(baseline);
  const p = rightsBy(problem);
  const keys = [...new Set([...b.keys(), ...p.keys()])];
  const principals: AclPrincipalDiff[] = [];
  for (const k of keys) {
    const br = sideRights(b.get(k));
    const pr = sideRights(p.get(k));
    if (br && pr && br.allow === pr.allow && br.deny === pr.deny) continue;
    const who = (b.get(k) ?? p.get(k)) as Acc;
    const bEff = br?.effective ?? 0;
    const pEff = pr?.effective ?? 0;
    // Synchronize alone is not a right worth a sentence (icacls strips it from deny entries).
    const lost = (bEff & ~pEff & ~SYNCHRONIZE) >>> 0;
    const gained = (pEff & ~bEff & ~SYNCHRONIZE) >>> 0;
    const bt = br?.text ?? NO_ENTRY;
    const pt = pr?.text ?? NO_ENTRY;
    const lostWrite = describeWriteBits(lost);
    principals.push({
      account: who.account,
      sid: who.sid,
      baseline: br,
      problem: pr,
      lost,
      gained,
      lostText: lost === 0 ? { en: '', 'zh-CN': '' } : describeMask(lost),
      servicingAccount: isServicingAccount(who.sid),
      sentence: {
        en: `${who.short}: ${bt.en} on ${labels.baseline.en}; ${pt.en} on ${labels.problem.en}${lostWrite.en ? ` (lost ${lostWrite.en})` : ''}`,
        'zh-CN': `${who.short}：${labels.baseline['zh-CN']}上为${bt['zh-CN']}；${labels.problem['zh-CN']}上为${pt['zh-CN']}${lostWrite['zh-CN'] ? `（失去${lostWrite['zh-CN']}）` : ''}`,
      },
    });
  }
  principals.sort((x, y) => order(x) - order(y));
  const owner =
    baseline.owner && problem.owner && baseline.owner.toLowerCase() !== problem.owner.toLowerCase()
      ? { baseline: baseline.owner, problem: problem.owner }
      : null;
  const same = principals.length === 0 && !owner;
  const name = problem.path || baseline.path;
  const summary: LocalizedText = same
    ? { en: `${name}: the ACLs are the same on both machines`, 'zh-CN': `${name}：两台机器上的 ACL 相同` }
    : {
        en: `${name}: ${principals.length} principal(s) differ${owner ? `, owner ${owner.baseline} -> ${owner.problem}` : ''}. ${principals.map((x) => x.sentence.en).join('. ')}`,
        'zh-CN': `${name}：${principals.length} 个主体的权限不同${owner ? `，所有者 ${owner.baseline} -> ${owner.problem}` : ''}。${principals.map((x) => x.sentence['zh-CN']).join('。')}`,
      };
  return {
    path: name,
    baselinePath: baseline.path,
    problemPath: problem.path,
    principals,
    owner,
    same,
    summary,
  };
}

const norm = (p: string): string =>
  p
    .replace(/^\\\\\?\\|^\\\?\?\\/, '')
    .replace(/\//g, '\\')
    .toLowerCase();
const fileName = (p: string): string => norm(p).slice(norm(p).lastIndexOf('\\') + 1);

/**
 * Pairs listings of the same object on the two machines: same path first, else the same file name
 * when that name is unique on both sides (captures name `C:\Windows\System32\...` on one machine and
 * `c:\windows\system32\...` on the other, or different drive letters).
 */
export function pairListings(
  baseline: readonly AclListing[],
  problem: readonly AclListing[],
): [AclListing, AclListing][] {
  const pairs: [AclListing, AclListing][] = [];
  const used = new Set<AclListing>();
  const byPath = new Map(baseline.map((l) => [norm(l.path), l]));
  const rest: AclListing[] = [];
  for (const p of problem) {
    const b = byPath.get(norm(p.path));
    if (b && !used.has(b)) {
      pairs.push([b, p]);
      used.add(b);
    } else rest.push(p);
  }
  const count = (list: readonly AclListing[], n: string): number =>
    list.filter((l) => fileName(l.path) === n).length;
  for (const p of rest) {
    const n = fileName(p.path);
    if (count(problem, n) !== 1 || count(baseline, n) !== 1) continue;
    const b = baseline.find((l) => fileName(l.path) === n);
    if (b && !used.has(b)) {
      pairs.push([b, p]);
      used.add(b);
    }
  }
  return pairs;
}
