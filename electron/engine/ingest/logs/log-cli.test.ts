import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { convertLog, inspectLog } from './log-cli';

const SAMPLES = resolve(process.cwd(), '../shared/samples/winlogs');
const tmp = mkdtempSync(join(tmpdir(), 'log-cli-'));

function io(): { out(s: string): void; err(s: string): void; text: () => string; errors: () => string } {
  let o = '';
  let e = '';
  return { out: (s) => (o += s), err: (s) => (e += s), text: () => o, errors: () => e };
}

describe('log inspect/convert', () => {
  it('converts an EVTX to JSONL with the event fields', async () => {
    const out = join(tmp, 'setup.jsonl');
    const c = io();
    expect(await convertLog(join(SAMPLES, 'evtx/Setup.evtx'), 'jsonl', out, c)).toBe(0);
    const rows = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows).toHaveLength(8);
    const failed = rows.find((r) => r.eventId === 3) as {
      recordId: number;
      timeCreated: string;
      provider: string;
      computer: string;
      channel: string;
      data: Record<string, string>;
    };
    expect(failed.provider).toBe('Microsoft-Windows-Servicing');
    expect(failed.channel).toBe('Setup');
    expect(failed.computer).toBeTruthy();
    expect(failed.timeCreated).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}Z$/);
    expect(failed.data.ErrorCode).toBe('0x800f0984');
    expect(typeof failed.recordId).toBe('number');
  });

  it('converts a text log to JSONL and CSV, and the old call shape still works', async () => {
    const out = join(tmp, 'dism.jsonl');
    expect(await convertLog(join(SAMPLES, 'text/dism.log'), 'dism-log', { to: 'jsonl', out }, io())).toBe(0);
    const first = JSON.parse(readFileSync(out, 'utf8').split('\n')[0]) as {
      line: number;
      time: string;
      component: string;
    };
    expect(first.line).toBe(1);
    expect(first.component).toBe('DISM');
    const csv = join(tmp, 'dism.csv');
    expect(await convertLog(join(SAMPLES, 'text/dism.log'), 'csv', csv, io())).toBe(0);
    expect(readFileSync(csv, 'utf8')).toMatch(/^\ufeffline,time,level,component/);
  });

  it('inspects a log and reports unreadable input with exit 1', async () => {
    const c = io();
    expect(await inspectLog(join(SAMPLES, 'text/setupact_excerpt.log'), c)).toBe(0);
    expect(c.text()).toMatch(/Kind\s+panther-log/);
    expect(c.text()).toMatch(/Encoding\s+UTF-8 \+ windows-1252/);
    const bad = io();
    expect(await inspectLog(join(tmp, 'missing.log'), bad)).toBe(1);
    expect(bad.errors()).toMatch(/missing\.log: cannot open/);
  });
});
