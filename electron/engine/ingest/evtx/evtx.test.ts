import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventFromXml } from '../logs/eventviewer-xml';
import { parseXmlTree } from '../logs/xml-tree';
import { ingestLog } from '../logs/ingest-log';
import type { EventRecord } from './event-record';
import { readEvtxRecords } from './evtx-file';

const SAMPLES = resolve(process.cwd(), '../shared/samples/winlogs/evtx');
const EVTXEXPORT = '/usr/bin/evtxexport';
const files = existsSync(SAMPLES) ? readdirSync(SAMPLES).filter((f) => f.endsWith('.evtx')) : [];

async function ours(path: string): Promise<{ records: EventRecord[]; warnings: string[] }> {
  const warnings: string[] = [];
  const records: EventRecord[] = [];
  for await (const batch of readEvtxRecords(path, { warn: (p, m) => warnings.push(`${p}: ${m}`) }))
    records.push(...batch);
  return { records, warnings };
}

/** evtxexport -f xml prints one <Event> after another; wrap them to parse as one document. */
function oracle(path: string): EventRecord[] {
  const xml = execFileSync(EVTXEXPORT, ['-f', 'xml', path], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const body = xml.slice(xml.indexOf('<Event '));
  const root = parseXmlTree(`<Events>${body}</Events>`, (p, m) => {
    throw new Error(`evtxexport XML: ${p} ${m}`);
  });
  return (root?.children ?? []).filter((n) => n.name === 'Event').map(eventFromXml);
}

/** Times to microseconds: evtxexport writes nine fraction digits, we write seven. */
const micros = (t: string): string => t.slice(0, 26);
/** FILETIME values: evtxexport pads the 100 ns fraction to nine digits. */
const norm = (v: string): string =>
  v.trim().replace(/^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7})00Z$/, '$1Z');

describe.skipIf(!existsSync(EVTXEXPORT) || files.length === 0)('EVTX parser against evtxexport', () => {
  for (const f of files) {
    it(`reads ${f} record for record like evtxexport`, async () => {
      const path = resolve(SAMPLES, f);
      const mine = (await ours(path)).records;
      const theirs = oracle(path);
      expect(mine.length).toBe(theirs.length);
      expect(mine.length).toBeGreaterThan(0);
      for (let i = 0; i < theirs.length; i++) {
        const a = mine[i];
        const b = theirs[i];
        const where = `${f} record ${b.recordId}`;
        expect(a.recordId, where).toBe(b.recordId);
        expect(a.eventId, where).toBe(b.eventId);
        expect(a.qualifiers, where).toBe(b.qualifiers);
        expect(a.providerName, where).toBe(b.providerName);
        expect(a.providerGuid.toUpperCase(), where).toBe(b.providerGuid.toUpperCase());
        expect(a.level, where).toBe(b.level);
        expect(a.task, where).toBe(b.task);
        expect(a.computer, where).toBe(b.computer);
        expect(a.channel, where).toBe(b.channel);
        expect(a.userId, where).toBe(b.userId);
        expect(micros(a.timeCreated), where).toBe(micros(b.timeCreated));
        expect(a.keywords.toLowerCase(), where).toBe(b.keywords.toLowerCase());
        expect(Object.keys(a.data), where).toEqual(Object.keys(b.data));
        for (const k of Object.keys(b.data)) expect(norm(a.data[k]), `${where} ${k}`).toBe(norm(b.data[k]));
      }
    });
  }
});

describe('EVTX specifics', () => {
  it('names the 15 values of a legacy Application Error 1000 and renders its message', async () => {
    const store = await ingestLog(resolve(SAMPLES, 'Application_event1000_chunk9.evtx'));
    const crashes = store.entries.filter((e) => e.eventId === 1000 && e.component === 'Application Error');
    expect(crashes.length).toBeGreaterThanOrEqual(2);
    const d = crashes[0].data ?? {};
    expect(d.AppName).toMatch(/\.exe$/);
    expect(d.ModuleName).toBe('KERNELBASE.dll');
    expect(d.ExceptionCode).toBe('e0434352');
    expect(crashes[0].codes).toContain('0xE0434352');
    expect(crashes[0].level).toBe('error');
    expect(crashes[0].message).toMatch(/faulted in module KERNELBASE\.dll/);
    expect(crashes[0].messageZh).toMatch(/在模块 KERNELBASE\.dll [\d.]+ 中出错/);
    expect(crashes[0].raw).toContain('<Data>KERNELBASE.dll</Data>');
  });

  it('reads the Servicing failure with its UserData and error code', async () => {
    const store = await ingestLog(resolve(SAMPLES, 'Setup.evtx'));
    const failed = store.entries.find((e) => e.eventId === 3);
    expect(failed?.data?.PackageIdentifier).toBe('KB5020683');
    expect(failed?.codes).toContain('0x800F0984');
    expect(failed?.level).toBe('error');
    expect(failed?.message).toMatch(/KB5020683 failed to be changed to the Installed state/);
    expect(store.summary.kind).toBe('evtx');
    expect(store.summary.inputWarnings).toEqual([]);
  });

  it('warns about zero checksums but reads the file', async () => {
    const { records, warnings } = await ours(resolve(SAMPLES, 'Application_no_crc32.evtx'));
    expect(records.length).toBe(17);
    expect(warnings.some((w) => /checksum is not set/.test(w))).toBe(true);
  });

  it('gives Windows Update Client events their named data and messages', async () => {
    const store = await ingestLog(resolve(SAMPLES, 'System_WindowsUpdateClient_chunk45.evtx'));
    const e = store.entries.find(
      (x) => x.component === 'Microsoft-Windows-WindowsUpdateClient' && x.eventId === 19,
    );
    expect(e?.data?.updateTitle).toBeTruthy();
    expect(e?.message).toMatch(/^Installation Successful/);
    expect(e?.messageZh).toMatch(/^安装成功/);
  });
});

describe('EVTX binary XML on hostile input', () => {
  /** A chunk of `levels` templates, each instantiating the next `fanOut` times; the last holds "A". */
  function nestedTemplates(levels: number, fanOut: number): { chunk: Uint8Array; record: number } {
    const b = new Uint8Array(65536);
    const dv = new DataView(b.buffer);
    const instance = (p: number, def: number): number => {
      b[p] = 0x0c; // template instance
      dv.setUint32(p + 2, 1, true);
      dv.setUint32(p + 6, def, true);
      dv.setUint32(p + 10, 0, true); // no substitution values
      return p + 14;
    };
    const size = 24 + fanOut * 14 + 1;
    const at = (level: number): number => 1024 + level * size;
    for (let level = 0; level < levels; level++) {
      const off = at(level);
      let p = off + 24;
      if (level === levels - 1) {
        b[p] = 0x08; // character reference "A"
        dv.setUint16(p + 1, 0x41, true);
        p += 3;
      } else for (let k = 0; k < fanOut; k++) p = instance(p, at(level + 1));
      b[p++] = 0x00;
      dv.setUint32(off + 20, p - (off + 24), true);
    }
    const record = at(levels) + 64;
    b[instance(record, at(0))] = 0x00;
    return { chunk: b, record };
  }

  it('refuses a record whose templates multiply past the node budget, quickly', async () => {
    const { ChunkContext, MAX_RECORD_NODES } = await import('./binxml');
    const small = nestedTemplates(3, 10);
    expect(new ChunkContext(small.chunk).resolveFragment(small.record, small.record + 64, true)).toEqual([]);
    // 10^5 strings (plus the templates around them) is just past the budget: the expansion is real.
    const edge = nestedTemplates(6, 10);
    expect(() => new ChunkContext(edge.chunk).resolveFragment(edge.record, edge.record + 64, true)).toThrow(
      /expands/,
    );
    const under = nestedTemplates(5, 10);
    expect(() =>
      new ChunkContext(under.chunk).resolveFragment(under.record, under.record + 64, true),
    ).not.toThrow();
    // Ten levels of ten: 10^10 nodes if expanded.
    const big = nestedTemplates(10, 10);
    expect(() => new ChunkContext(big.chunk).resolveFragment(big.record, big.record + 64, true)).toThrow(
      `the record expands to over ${MAX_RECORD_NODES.toLocaleString('en-US')} nodes`,
    );
  });
});
