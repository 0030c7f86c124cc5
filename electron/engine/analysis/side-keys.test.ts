import { describe, expect, it } from 'vitest';
import { compareTraces } from './compare';
import { defaultRules } from './default-rules';
import { buildKeys, rulesSignature } from './normalize';
import { attachAheadKeys, keyTraceAhead } from './side-keys';
import { makeTrace, type TestEvent } from './test-trace';

/** Two machines doing much the same work under other user names, GUIDs and volume numbers. */
function pair(): { b: TestEvent[]; p: TestEvent[] } {
  const b: TestEvent[] = [];
  const p: TestEvent[] = [];
  for (let i = 0; i < 400; i++) {
    const proc = i % 3 === 0 ? 'TiWorker.exe' : i % 3 === 1 ? 'svchost.exe' : 'MsMpEng.exe';
    const op = i % 4 === 0 ? 'CreateFile' : i % 4 === 1 ? 'ReadFile' : 'RegQueryValue';
    const detail = op === 'CreateFile' ? 'Desired Access: Generic Read, Disposition: Open' : '';
    b.push({ process: proc, pid: 10, op, path: `C:\\Users\\alice\\AppData\\F${i % 37}.dat`, detail });
    p.push({
      process: proc.toUpperCase(),
      pid: 20,
      op,
      path: `\\Device\\HarddiskVolume3\\Users\\bob\\AppData\\f${i % 37}.DAT`,
      detail,
      result: i === 200 ? 'ACCESS DENIED' : 'SUCCESS',
    });
    if (i % 50 === 0)
      p.push({
        process: 'agent.exe',
        pid: 30,
        op: 'CreateFile',
        path: `C:\\Temp\\{${i}0000000-0000-0000-0000-000000000000}.tmp`,
      });
  }
  return { b, p };
}

describe('keys computed ahead', () => {
  it('map onto the shared key space exactly as keys computed in the comparison', () => {
    const { b, p } = pair();
    const plain = buildKeys(makeTrace('b.CSV', b), makeTrace('p.CSV', p), defaultRules());
    const bs = makeTrace('b.CSV', b);
    const ps = makeTrace('p.CSV', p);
    attachAheadKeys(bs, keyTraceAhead(bs, defaultRules()));
    attachAheadKeys(ps, keyTraceAhead(ps, defaultRules()));
    const r1 = compareTraces(makeTrace('b.CSV', b), makeTrace('p.CSV', p), []);
    const r2 = compareTraces(bs, ps, []);
    expect(r2.rules.map((r) => r.touched)).toEqual(r1.rules.map((r) => r.touched));
    expect(r2.summary).toEqual({ ...r1.summary, elapsedMs: r2.summary.elapsedMs });
    expect(r2.findings).toEqual(r1.findings);
    for (const side of ['baseline', 'problem'] as const) {
      const n = side === 'baseline' ? b.length : p.length;
      for (let seq = 0; seq < n; seq++) expect(r2.keyOf(side, seq)).toBe(r1.keyOf(side, seq));
    }
    expect(r1.keyOf('problem', 0)).toBe(plain.space.text(plain.problem.key[0]));
    expect(r2.alignedPage(0, 1000, true)).toEqual(r1.alignedPage(0, 1000, true));
    // The baseline's key space is taken over by copy: the same stores compare the same again.
    const r3 = compareTraces(bs, ps, []);
    expect(r3.findings).toEqual(r1.findings);
    expect(r3.keyOf('problem', p.length - 1)).toBe(r1.keyOf('problem', p.length - 1));
  });

  it('are used only when the comparison runs with the rules they were made with', () => {
    const { b, p } = pair();
    const rules = defaultRules();
    const noProfiles = rules.map((r) => (r.id === 'user-profile' ? { ...r, enabled: false } : r));
    const expected = compareTraces(makeTrace('b.CSV', b), makeTrace('p.CSV', p), []);
    expect(expected.summary.changed).toBeGreaterThan(0);

    // Made with other rules: ignored, the comparison keys the traces itself.
    const bs = makeTrace('b.CSV', b);
    const ps = makeTrace('p.CSV', p);
    attachAheadKeys(bs, keyTraceAhead(bs, noProfiles));
    attachAheadKeys(ps, keyTraceAhead(ps, noProfiles));
    expect(compareTraces(bs, ps, []).summary.changed).toBe(expected.summary.changed);

    // The same keys labelled as made with the default rules are taken as they are: without the
    // user-profile rule alice's and bob's files never match.
    const forged = (s: ReturnType<typeof makeTrace>) => ({
      ...keyTraceAhead(s, noProfiles),
      signature: rulesSignature(rules),
    });
    const bf = makeTrace('b.CSV', b);
    const pf = makeTrace('p.CSV', p);
    attachAheadKeys(bf, forged(bf));
    attachAheadKeys(pf, forged(pf));
    const used = compareTraces(bf, pf, []);
    expect(used.summary.changed).toBe(0);
    expect(used.summary.baselineOnly).toBeGreaterThan(expected.summary.baselineOnly);
  });
});
