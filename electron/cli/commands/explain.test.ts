import { describe, expect, it } from 'vitest';
import { main } from '../tracediff';

function capture(): {
  io: { out(s: string): void; err(s: string): void };
  out: () => string;
  err: () => string;
} {
  let o = '';
  let e = '';
  return { io: { out: (s) => (o += s), err: (s) => (e += s) }, out: () => o, err: () => e };
}

describe('tracediff explain', () => {
  it('explains each code in English and Chinese', async () => {
    const c = capture();
    const code = await main(['explain', '0x8024200D', '0x80070005', '5', '-1073741790', '0xC1900101'], c.io);
    expect(code).toBe(0);
    const text = c.out();
    for (const name of [
      'WU_E_UH_NEEDANOTHERDOWNLOAD',
      'E_ACCESSDENIED',
      'ERROR_ACCESS_DENIED',
      'STATUS_ACCESS_DENIED',
      'MOSETUP_E_SETUP_PLATFORM',
    ]) {
      expect(text).toContain(name);
    }
    expect(text).toContain('zh-CN');
    expect(text).toContain('拒绝访问');
    expect(text).toMatch(/rollback/i);
  });

  it('says when a code is unknown and exits 1 when none is known', async () => {
    const c = capture();
    expect(await main(['explain', '0x12345678'], c.io)).toBe(1);
    expect(c.out()).toMatch(/unknown/);
    const mixed = capture();
    expect(await main(['explain', '0x12345678', '5'], mixed.io)).toBe(0);
  });

  it('exits 2 without codes or with an unknown option', async () => {
    const c = capture();
    expect(await main(['explain'], c.io)).toBe(2);
    expect(await main(['explain', '--bogus', '5'], c.io)).toBe(2);
  });

  it('prints JSON with --json', async () => {
    const c = capture();
    expect(await main(['explain', '--json', 'GLE', '[5]'], c.io)).toBe(0);
    const parsed = JSON.parse(c.out()) as { name: string }[];
    expect(parsed[0].name).toBe('ERROR_ACCESS_DENIED');
  });
});
