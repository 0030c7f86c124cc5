/**
 * The default normalization rules (ARCHITECTURE.md §3 "Normalization"). They turn the parts of a path
 * that differ between two machines running the same workload (volume numbers, user names, SIDs, GUIDs,
 * download hashes, temp names, control-set numbers) into placeholders, so the same logical operation
 * gets the same key on both sides. The list is shown to the engineer and saved with the case; any rule
 * can be disabled or edited, and new rules added.
 *
 * Conventions of the rule engine (normalize.ts): patterns are JavaScript regular expressions applied
 * case-insensitively to the whole path, every match replaced; a replacement starting with `\L`
 * lower-cases the expanded replacement (that is how case folding is written as a rule).
 */
import type { NormalizationRule } from '../../../shared/model/finding';

type RuleSeed = Omit<NormalizationRule, 'builtin' | 'touched'>;

const SEEDS: RuleSeed[] = [
  {
    id: 'case-fold',
    label: 'Ignore letter case (Windows paths and keys are case-insensitive)',
    pattern: '^[^]*$',
    replacement: '\\L$&',
    enabled: true,
  },
  {
    id: 'nt-prefix',
    label: 'Drop the \\??\\ and \\\\?\\ prefixes of NT and long paths',
    pattern: '^(?:\\\\\\?\\?\\\\|\\\\\\\\\\?\\\\)(?=[a-z]:)',
    replacement: '',
    enabled: true,
  },
  {
    // Volume numbers differ between machines; on a client the system volume is C:, so a device path
    // is taken to be on C: (edit the replacement when the trace is about another volume).
    id: 'device-volume',
    label: '\\Device\\HarddiskVolumeN\\ as C:\\',
    pattern: '^\\\\device\\\\harddiskvolume\\d+(?=\\\\|$)',
    replacement: 'c:',
    enabled: true,
  },
  {
    id: 'registry-machine',
    label: '\\REGISTRY\\MACHINE as HKLM',
    pattern: '^\\\\registry\\\\machine(?=\\\\|$)',
    replacement: 'hklm',
    enabled: true,
  },
  {
    id: 'registry-user',
    label: '\\REGISTRY\\USER as HKU',
    pattern: '^\\\\registry\\\\user(?=\\\\|$)',
    replacement: 'hku',
    enabled: true,
  },
  {
    id: 'user-profile',
    label: 'User profile folder names (C:\\Users\\<user>)',
    pattern:
      '^([a-z]:\\\\(?:users|documents and settings)\\\\)(?!public(?:\\\\|$)|default(?:\\\\|$)|default user(?:\\\\|$)|all users(?:\\\\|$))[^\\\\]+',
    replacement: '$1<user>',
    enabled: true,
  },
  {
    id: 'user-sid',
    label: 'User SIDs (HKU\\S-1-5-21-..., \\REGISTRY\\USER\\S-1-5-21-...)',
    pattern: 's-1-5-21(?:-\\d+){3,4}',
    replacement: '<sid>',
    enabled: true,
  },
  {
    id: 'control-set',
    label: 'ControlSet00N as CurrentControlSet',
    pattern: '(\\\\system\\\\)controlset\\d{3}(?=\\\\|$)',
    replacement: '$1currentcontrolset',
    enabled: true,
  },
  {
    id: 'guid',
    label: 'GUIDs',
    pattern: '\\{?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\}?',
    replacement: '<guid>',
    enabled: true,
  },
  {
    id: 'temp-name',
    label: 'Temporary file names (~DF1234.tmp, tmp1A2B.tmp)',
    pattern: '(?<=\\\\)(?:~df[0-9a-f]+|tmp[0-9a-f]+|~wr[ls]\\d+)\\.tmp$',
    replacement: '<tmp>.tmp',
    enabled: true,
  },
  {
    // Download folders and WinSxS\Temp\InFlight staging folders are named by per-machine hashes.
    id: 'long-hex',
    label: 'Long hex runs (SoftwareDistribution\\Download\\<hash>, WinSxS\\Temp\\InFlight\\<hex>)',
    pattern: '(?<![0-9a-z])[0-9a-f]{16,}(?![0-9a-z])',
    replacement: '<hex>',
    enabled: true,
  },
  {
    // Off by default: the version in a WinSxS component folder is often exactly what differs.
    id: 'winsxs-version',
    label: 'WinSxS component version and hash suffixes',
    pattern:
      '(\\\\winsxs\\\\(?:[^\\\\]*\\\\)?[a-z0-9]+_[^\\\\]+?_(?:[0-9a-f]{16}|<hex>))_\\d+(?:\\.\\d+){3}_[a-z-]+_(?:[0-9a-f]{16}|<hex>)',
    replacement: '$1_<ver>',
    enabled: false,
  },
];

/** A hex digit either case (as `c | 0x20`, which also lets U+0010..U+0019 pass: a prefilter may). */
function isHexish(c: number): boolean {
  const l = c | 0x20;
  return (l >= 0x30 && l <= 0x39) || (l >= 0x61 && l <= 0x66);
}

/**
 * True when the string has a run of at least 16 hex digits (what the long-hex rule needs). Such a
 * run covers every residue mod 16, so only every 16th character is looked at until one is a digit.
 */
function hasHexRun(s: string): boolean {
  const n = s.length;
  for (let j = 15; j < n; j += 16) {
    if (!isHexish(s.charCodeAt(j))) continue;
    let lo = j;
    while (lo > 0 && isHexish(s.charCodeAt(lo - 1))) lo--;
    let hi = j;
    while (hi + 1 < n && isHexish(s.charCodeAt(hi + 1))) hi++;
    if (hi - lo + 1 >= 16) return true;
    j = hi; // a longer run lies wholly after hi + 1, so it holds hi + 16k for some k >= 1
  }
  return false;
}

/** Dashes where a GUID has them (8-4-4-4-12), with room for its last 12 digits. */
function hasGuidDashes(s: string): boolean {
  const n = s.length;
  for (let i = s.indexOf('-', 8); i >= 0 && i + 28 <= n; i = s.indexOf('-', i + 1)) {
    if (s.charCodeAt(i + 5) === 0x2d && s.charCodeAt(i + 10) === 0x2d && s.charCodeAt(i + 15) === 0x2d)
      return true;
  }
  return false;
}

/** `X:\u...` or `X:\d...` (Users, Documents and Settings), long enough for a user folder. */
function mayBeUserProfile(s: string): boolean {
  const c = s.charCodeAt(3) | 0x20;
  return s.length > 9 && s.charCodeAt(1) === 0x3a && s.charCodeAt(2) === 0x5c && (c === 0x75 || c === 0x64);
}

/** Ends with ".tmp" in any letter case (compared by char codes: this runs once per distinct path). */
function endsWithTmp(s: string): boolean {
  const n = s.length;
  return (
    n > 4 &&
    s.charCodeAt(n - 4) === 0x2e &&
    (s.charCodeAt(n - 3) | 0x20) === 0x74 &&
    (s.charCodeAt(n - 2) | 0x20) === 0x6d &&
    (s.charCodeAt(n - 1) | 0x20) === 0x70
  );
}

/**
 * Cheap necessary conditions for the default patterns, checked before the regular expression runs
 * (a comparison normalizes hundreds of thousands of distinct paths). Used only while a rule still
 * has its default pattern; an edited rule always runs its expression.
 */
export const RULE_PREFILTERS: Record<string, { pattern: string; mayMatch: (s: string) => boolean }> =
  Object.fromEntries(
    [
      ['nt-prefix', (s: string) => s.charCodeAt(0) === 0x5c],
      ['device-volume', (s: string) => s.charCodeAt(0) === 0x5c],
      ['registry-machine', (s: string) => s.charCodeAt(0) === 0x5c],
      ['registry-user', (s: string) => s.charCodeAt(0) === 0x5c],
      ['user-profile', mayBeUserProfile],
      ['user-sid', (s: string) => s.includes('-1-5-21-')],
      ['control-set', (s: string) => s.includes('ontrol') || s.includes('ONTROL')],
      ['guid', hasGuidDashes],
      ['temp-name', endsWithTmp],
      ['long-hex', hasHexRun],
      [
        'winsxs-version',
        (s: string) => s.includes('xS') || s.includes('xs') || s.includes('XS') || s.includes('Xs'),
      ],
    ].map(([id, mayMatch]) => [
      id as string,
      { pattern: SEEDS.find((r) => r.id === id)!.pattern, mayMatch: mayMatch as (s: string) => boolean },
    ]),
  );

/** A fresh copy of the default rules (callers may edit the copy). */
export function defaultRules(): NormalizationRule[] {
  return SEEDS.map((s) => ({ ...s, builtin: true }));
}
