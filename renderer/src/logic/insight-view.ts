/**
 * Pure helpers that turn the host's insights (shared/model/insight.ts) into what the findings panel
 * and the processes tab show: the signatures of one finding, how near an agent was in time, the
 * commands that collect ACL evidence for a finding and one merged fltmc filter list. Strings only,
 * rendered as text nodes.
 */
import type {
  AgentLink,
  FltmcFilter,
  FltmcReport,
  LocalizedText,
  SignatureMatch,
} from '../../../shared/model/insight';

/** The text in the UI language; English for any language without its own text. */
export function localized(text: LocalizedText, language: string): string {
  return language === 'zh-CN' && text['zh-CN'] ? text['zh-CN'] : text.en;
}

/**
 * Signatures a finding took part in, best first. A rule names its findings in `findingIds`; its
 * evidence may also point at one, so both are read. The host already sorts by score; the sort here
 * keeps that order stable even if a later rule file changes it.
 */
export function signaturesForFinding(
  signatures: readonly SignatureMatch[],
  findingId: string,
): SignatureMatch[] {
  return signatures
    .filter((s) => s.findingIds.includes(findingId) || s.evidence.some((e) => e.findingId === findingId))
    .sort((a, b) => b.score - a.score);
}

/** How far an agent's nearest event lay from the failure, as a magnitude and a direction. */
export function describeNearness(nearestMs: number): {
  amount: string;
  when: 'before' | 'after' | 'same';
} {
  const abs = Math.abs(nearestMs);
  if (!Number.isFinite(abs)) return { amount: '—', when: 'same' };
  // Process Monitor keeps 100 ns ticks; below 0.05 ms the two events are as good as simultaneous.
  if (abs < 0.05) return { amount: '0 ms', when: 'same' };
  const amount =
    abs < 10
      ? `${abs.toFixed(1)} ms`
      : abs < 1000
        ? `${Math.round(abs)} ms`
        : abs < 60_000
          ? `${(abs / 1000).toFixed(abs < 10_000 ? 2 : 1)} s`
          : `${Math.round(abs / 1000)} s`;
  return { amount, when: nearestMs < 0 ? 'before' : 'after' };
}

export interface AclCollectCommand {
  side: 'baseline' | 'problem';
  /** For cmd.exe (`icacls`), or PowerShell for registry keys, which icacls cannot read. */
  shell: 'cmd' | 'powershell';
  command: string;
}

/** A trace path in the form the tools accept: no `\??\` prefix, `\SystemRoot\` as C:\Windows. */
export function windowsPath(p: string): string {
  return p
    .trim()
    .replace(/^\\\\\?\\|^\\\?\?\\/, '')
    .replace(/^\\SystemRoot\\/i, 'C:\\Windows\\')
    .replace(/^%(?:SystemRoot|windir)%\\/i, 'C:\\Windows\\');
}

const REGISTRY_ROOTS: Record<string, string> = {
  HKLM: 'HKLM:',
  HKEY_LOCAL_MACHINE: 'HKLM:',
  HKCU: 'HKCU:',
  HKEY_CURRENT_USER: 'HKCU:',
  HKCR: 'Registry::HKEY_CLASSES_ROOT',
  HKEY_CLASSES_ROOT: 'Registry::HKEY_CLASSES_ROOT',
  HKU: 'Registry::HKEY_USERS',
  HKEY_USERS: 'Registry::HKEY_USERS',
};

/** A safe file-name part from a path's last element (`wpdmtp.dll` → `wpdmtp`). */
function stemOf(p: string): string {
  const trimmed = p.replace(/\\+$/, '');
  const last = trimmed.slice(trimmed.lastIndexOf('\\') + 1);
  const base = last.replace(/\.[^.]+$/, '') || last || 'object';
  return base.replace(/[^\p{L}\p{N}._-]+/gu, '_').slice(0, 60);
}

/** The file name part of a path (`C:\\x\\wpdmtp.dll` → `wpdmtp.dll`), lower-cased. */
function leafOf(p: string): string {
  return p.slice(p.lastIndexOf('\\') + 1).toLowerCase();
}

/**
 * The paths worth collecting the ACL of for a finding: its own path, then other copies of the same
 * file (same name) an agent touched near the failure; a servicing failure usually concerns the
 * staged file and the installed copies (System32, DriverStore) alike.
 */
export function aclPathsFor(findingPath: string, agents: readonly AgentLink[] = []): string[] {
  const leaf = leafOf(windowsPath(findingPath));
  const out = [findingPath];
  if (!leaf) return out;
  for (const a of agents)
    for (const touch of a.touched) if (leafOf(windowsPath(touch.path)) === leaf) out.push(touch.path);
  return out;
}

/**
 * The commands to run on each machine to collect the ACLs of the given paths. One output file per
 * machine and tool (later commands append with `>>`), named `baseline-…` / `problem-…` because the
 * workbench sorts dropped files to a side by those words. Registry keys get PowerShell Get-Acl:
 * icacls cannot read them. Nothing for what is not a file path or registry key.
 */
export function aclCollectCommands(rawPaths: readonly string[]): AclCollectCommand[] {
  const files: string[] = [];
  const keys: string[] = [];
  const seen = new Set<string>();
  for (const raw of rawPaths) {
    const p = windowsPath(raw);
    if (!p || seen.has(p.toLowerCase())) continue;
    const hive = /^(HKLM|HKCU|HKCR|HKU|HKEY_[A-Z_]+)\\(.*)$/i.exec(p);
    if (hive) {
      const root = REGISTRY_ROOTS[hive[1].toUpperCase()];
      if (!root) continue;
      keys.push(`${root}\\${hive[2]}`);
    } else if (/^[A-Za-z]:\\|^\\\\[^\\]+\\/.test(p)) files.push(p);
    else continue;
    seen.add(p.toLowerCase());
  }
  const out: AclCollectCommand[] = [];
  for (const side of ['baseline', 'problem'] as const) {
    if (files.length > 0) {
      const file = `"%USERPROFILE%\\Desktop\\${side}-acl-${stemOf(files[0])}.txt"`;
      files.forEach((p, i) =>
        out.push({ side, shell: 'cmd', command: `icacls "${p}" ${i === 0 ? '>' : '>>'} ${file}` }),
      );
    }
    if (keys.length > 0) {
      const file = `"$env:USERPROFILE\\Desktop\\${side}-acl-${stemOf(keys[0])}-getacl.txt"`;
      keys.forEach((k, i) =>
        out.push({
          side,
          shell: 'powershell',
          command: `Get-Acl -Path '${k.replace(/'/g, "''")}' | Format-List | Out-File -Encoding utf8${i === 0 ? '' : ' -Append'} ${file}`,
        }),
      );
    }
  }
  return out;
}

export interface MergedFilter {
  name: string;
  altitude: string;
  group: string;
  publisher: FltmcFilter['publisher'];
  /** Altitude on each machine; null where that machine's fltmc output does not list it. */
  baseline: string | null;
  problem: string | null;
}

/**
 * The filters of both machines in one list, those only the problem machine loads first, then by
 * altitude from the top of the stack down (higher altitudes see a request first).
 */
export function mergeFltmc(baseline?: FltmcReport, problem?: FltmcReport): MergedFilter[] {
  const byName = new Map<string, MergedFilter>();
  const add = (report: FltmcReport | undefined, side: 'baseline' | 'problem') => {
    for (const f of report?.filters ?? []) {
      const key = f.name.toLowerCase();
      const row = byName.get(key) ?? {
        name: f.name,
        altitude: f.altitude,
        group: f.group,
        publisher: f.publisher,
        baseline: null,
        problem: null,
      };
      row[side] = f.altitude;
      if (side === 'problem') {
        row.altitude = f.altitude;
        row.group = f.group || row.group;
      }
      byName.set(key, row);
    }
  };
  add(baseline, 'baseline');
  add(problem, 'problem');
  const onlyProblem = (r: MergedFilter) => (r.problem !== null && r.baseline === null && !!baseline ? 0 : 1);
  return [...byName.values()].sort(
    (a, b) =>
      onlyProblem(a) - onlyProblem(b) ||
      (Number.parseFloat(b.altitude) || 0) - (Number.parseFloat(a.altitude) || 0) ||
      a.name.localeCompare(b.name),
  );
}
