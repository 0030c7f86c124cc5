import { describe, expect, it } from 'vitest';
import { defaultRules, RULE_PREFILTERS } from './default-rules';

// The prefilters skip a rule's regular expression, so each must hold for every string the pattern
// matches; a wrong one would silently change keys.

function randomPaths(count: number): string[] {
  let seed = 12345;
  const rnd = (n: number): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed % n;
  };
  const parts = [
    'C:',
    'c:',
    'D:',
    '\\Device\\HarddiskVolume3',
    '\\REGISTRY\\MACHINE',
    '\\registry\\user',
    'HKU',
    '\\??\\C:',
    '\\\\?\\c:',
    'Users',
    'users',
    'Documents and Settings',
    'Public',
    'alice',
    'S-1-5-21-1004336348-1177238915-682003330-1001',
    'System',
    'ControlSet001',
    'CONTROLSET002',
    '{6B29FC40-CA47-1067-B31D-00DD010662DA}',
    '6b29fc40-ca47-1067-b31d-00dd010662da',
    '6b29fc40-ca47-1067-b31d-00dd0106',
    '~DF1A2B.TMP',
    'tmp12ab.tmp',
    'a-b-c-d-e',
    'c0ffee00112233445566778899aabbcc',
    'c0ffee0011223344',
    'c0ffee001122334',
    'x0123456789abcdefx',
    '\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u00190123456',
    'Windows',
    'WinSxS',
    'amd64_dual_wpdmtp.inf_31bf3856ad364e35_10.0.17134.1550_none_9744e57515d245dc',
    'file.txt',
    '',
  ];
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const k = 1 + rnd(6);
    const segs: string[] = [];
    for (let j = 0; j < k; j++) segs.push(parts[rnd(parts.length)]);
    let s = segs.join(rnd(5) === 0 ? '' : '\\');
    if (rnd(7) === 0) s = s.toUpperCase();
    out.push(s);
  }
  return out;
}

/** The long-hex prefilter as first written: a plain left-to-right count. */
function hexRunNaive(s: string): boolean {
  let run = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i) | 0x20;
    if ((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66)) {
      if (++run >= 16) return true;
    } else run = 0;
  }
  return false;
}

describe('default rule prefilters', () => {
  const samples = randomPaths(20_000);

  it('hold for every string their rule matches', () => {
    for (const rule of defaultRules()) {
      const pre = RULE_PREFILTERS[rule.id];
      if (!pre) continue;
      const re = new RegExp(rule.pattern, 'i');
      let matched = 0;
      for (const s of samples) {
        if (!re.test(s)) continue;
        matched++;
        expect(pre.mayMatch(s), `${rule.id}: ${JSON.stringify(s)}`).toBe(true);
      }
      if (rule.id !== 'winsxs-version') expect(matched, rule.id).toBeGreaterThan(0);
    }
  });

  it('long-hex looks at every 16th character yet finds the same runs as a full scan', () => {
    const hex = RULE_PREFILTERS['long-hex'].mayMatch;
    const extra = [
      '0123456789abcdef',
      'x0123456789abcde',
      '0123456789abcdeF-',
      'g'.repeat(15) + '0'.repeat(16),
    ];
    for (let len = 0; len < 40; len++) extra.push('a'.repeat(len), 'z'.repeat(len % 17) + '0'.repeat(len));
    for (const s of [...samples, ...extra]) expect(hex(s), JSON.stringify(s)).toBe(hexRunNaive(s));
  });
});
