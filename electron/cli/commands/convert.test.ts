import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ingestTrace } from '../../engine/ingest/ingest';
import { CliError, type CliIo } from '../cli-io';
import { runConvert } from './convert';

const SAMPLES = path.resolve(process.cwd(), '../shared/samples/procmon');
const tmp = mkdtempSync(path.join(tmpdir(), 'convert-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function capture(): CliIo & { text: string; errText: string } {
  const io = {
    text: '',
    errText: '',
    out: (s: string) => {
      io.text += s;
    },
    err: (s: string) => {
      io.errText += s;
    },
  };
  return io;
}

describe('tracediff convert', () => {
  for (const sample of [
    'prsp0007-samples_Logfile.CSV',
    'procmon-parser_UTC64Process.CSV',
    'feijing2132-monitorAPIs_Logfile.CSV',
  ]) {
    it(`round-trips ${sample} through a Procmon-compatible CSV`, async () => {
      const src = path.join(SAMPLES, sample);
      const out = path.join(tmp, `${sample}.out.csv`);
      const io = capture();
      expect(await runConvert([src, '--to', 'csv', '--out', out], io)).toBe(0);
      const bytes = readFileSync(out);
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = bytes.toString('utf8');
      expect(text.slice(1, text.indexOf('\r\n'))).toBe(
        '"Time of Day","Process Name","PID","Operation","Path","Result","Detail"',
      );
      expect(text.split('\r\n')[1]).toMatch(/^"\d{1,2}:\d{2}:\d{2}\.\d{7} [AP]M","/);
      const a = await ingestTrace(src);
      const b = await ingestTrace(out);
      expect(b.length).toBe(a.length);
      for (let s = 0; s < a.length; s++) {
        const ra = a.row(s);
        const rb = b.row(s);
        expect([rb.process, rb.pid, rb.operation, rb.path, rb.result, rb.detail]).toEqual([
          ra.process,
          ra.pid,
          ra.operation,
          ra.path,
          ra.result,
          ra.detail,
        ]);
        expect(b.cols.timeSec[s] % 86400).toBe(a.cols.timeSec[s] % 86400);
        expect(b.cols.timeFrac[s]).toBe(a.cols.timeFrac[s]);
      }
    });
  }

  it('writes JSON Lines with the event fields', async () => {
    const src = path.join(SAMPLES, 'procmon-parser_UTC64Process.CSV');
    const out = path.join(tmp, 'events.jsonl');
    expect(await runConvert([src, '--to', 'jsonl', '--out', out], capture())).toBe(0);
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(3400);
    const first = JSON.parse(lines[0]);
    expect(first).toMatchObject({
      seq: 0,
      time: '2020-07-31T07:37:18.2093997',
      process: 'Explorer.EXE',
      operation: 'Thread Create',
    });
    for (const k of ['pid', 'tid', 'path', 'result', 'detail']) expect(first).toHaveProperty(k);
    const tod = path.join(tmp, 'tod.jsonl');
    await runConvert(
      [path.join(SAMPLES, 'feijing2132-monitorAPIs_Logfile.CSV'), '--to', 'jsonl', '--out', tod],
      capture(),
    );
    expect(JSON.parse(readFileSync(tod, 'utf8').split('\n')[0]).time).toBe('15:58:46.6882889');
  });

  it('hands log files to the log converter', async () => {
    const out = path.join(tmp, 'cbs.jsonl');
    const cbs = path.resolve(process.cwd(), '../shared/samples/winlogs/text/CBS_excerpt.log');
    expect(await runConvert([cbs, '--to', 'jsonl', '--out', out], capture())).toBe(0);
    expect(readFileSync(out, 'utf8').trimEnd().split('\n').length).toBeGreaterThan(10);
  });

  it('rejects bad arguments with exit code 2 and unreadable input with 1', async () => {
    const src = path.join(SAMPLES, 'feijing2132-monitorAPIs_Logfile.CSV');
    const code = async (args: string[]): Promise<number> => {
      try {
        return await runConvert(args, capture());
      } catch (e) {
        if (e instanceof CliError) return e.exitCode;
        throw e;
      }
    };
    expect(await code([src, '--out', path.join(tmp, 'x')])).toBe(2);
    expect(await code([src, '--to', 'xml', '--out', path.join(tmp, 'x')])).toBe(2);
    expect(await code([src, '--to', 'csv'])).toBe(2);
    expect(await code(['--to', 'csv', '--out', path.join(tmp, 'x')])).toBe(2);
    expect(await code([src, '--to', 'csv', '--out', src])).toBe(2);
    expect(await code([path.join(tmp, 'missing.csv'), '--to', 'csv', '--out', path.join(tmp, 'x')])).toBe(1);
    expect(await code([path.join(SAMPLES, 'README.md'), '--to', 'csv', '--out', path.join(tmp, 'x')])).toBe(
      1,
    );
  });
});
