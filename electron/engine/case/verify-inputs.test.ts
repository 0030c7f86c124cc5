import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createCase, describeInput } from './case-edit';
import { hashFile } from './hash-file';
import { relocateInput, verifyInputs } from './verify-inputs';

const dir = mkdtempSync(join(tmpdir(), 'tdcase-verify-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('hashFile', () => {
  it('streams SHA-256 equal to a one-shot hash, over several chunks', async () => {
    const p = join(dir, 'big.bin');
    const buf = Buffer.alloc(3 * 1024 * 1024 + 17);
    for (let i = 0; i < buf.length; i++) buf[i] = (i * 31) & 0xff;
    writeFileSync(p, buf);
    const seen: number[] = [];
    expect(await hashFile(p, { onProgress: (b) => seen.push(b) })).toBe(
      createHash('sha256').update(buf).digest('hex'),
    );
    expect(seen.length).toBeGreaterThan(1);
    expect(seen[seen.length - 1]).toBe(buf.length);
  });
});

describe('verifyInputs', () => {
  it('tells ok, changed (same size and other size), missing and relocated inputs apart', async () => {
    const inputs = join(dir, 'inputs');
    mkdirSync(inputs);
    const files = ['clean.csv', 'managed.csv', 'CBS.log', 'dism.log', '中文 路径.log'].map((n) =>
      join(inputs, n),
    );
    files.forEach((f, i) => writeFileSync(f, `content ${i} 内容\n`));
    const c = createCase({
      appVersion: 'test',
      inputs: await Promise.all([
        describeInput(files[0], 'baseline', 'procmon-csv', 'utf-8'),
        describeInput(files[1], 'problem', 'procmon-csv', 'utf-8'),
        describeInput(files[2], 'log', 'cbs-log', 'utf-8'),
        describeInput(files[3], 'log', 'dism-log', 'utf-8'),
        describeInput(files[4], 'log', 'text-log', 'gb18030'),
      ]),
    });
    const mtimeBefore = statSync(files[0]).mtimeMs;
    writeFileSync(files[1], 'content X 内容\n'); // same size, other bytes
    writeFileSync(files[2], 'longer content than before\n');
    rmSync(files[3]);
    const casePath = join(dir, 'moved-case', 'x.tdcase');
    mkdirSync(join(dir, 'moved-case'));
    renameSync(files[4], join(dir, 'moved-case', '中文 路径.log'));
    const checks = await verifyInputs(c, { casePath });
    expect(checks.map((k) => k.status)).toEqual(['ok', 'changed', 'changed', 'missing', 'relocated']);
    expect(checks[1].actualSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(checks[3].message).toContain('locate');
    expect(checks[4].foundAt).toBe(join(dir, 'moved-case', '中文 路径.log'));
    expect(statSync(files[0]).mtimeMs).toBe(mtimeBefore);

    const fixed = await relocateInput(c, c.inputs[4].sha256, join(dir, 'moved-case', '中文 路径.log'));
    expect(fixed.inputs[4].path).toBe(join(dir, 'moved-case', '中文 路径.log'));
    await expect(relocateInput(c, c.inputs[0].sha256, files[1])).rejects.toThrow(/not the file/);
  });
});
