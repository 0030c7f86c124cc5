import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { altitudeGroup } from './altitude';
import { byAltitude, parseFltmcText, parseInstanceRow, readFltmcFile } from './fltmc';

const fixture = (name: string): string => path.resolve(process.cwd(), 'fixtures/fltmc', name);

describe('fltmc filters', () => {
  it('reads the English table with altitudes and load order groups', async () => {
    const r = await readFltmcFile(fixture('problem-fltmc-filters.txt'));
    expect(r.warnings).toEqual([]);
    expect(r.filters).toHaveLength(10);
    const agent = r.filters.find((f) => f.name === 'vEdsmFileMon');
    expect(agent).toMatchObject({
      instances: 4,
      altitude: '368420',
      frame: '0',
      group: 'FSFilter Activity Monitor',
      publisher: 'unknown',
      line: 5,
    });
    expect(r.filters.find((f) => f.name === 'luafv')).toMatchObject({
      group: 'FSFilter Virtualization',
      publisher: 'microsoft',
    });
  });

  it('reads the Chinese-headed table in GB18030 to the same rows', async () => {
    const en = await readFltmcFile(fixture('problem-fltmc-filters.txt'));
    const zh = await readFltmcFile(fixture('problem-fltmc-filters-zh.txt'));
    expect(zh.encoding).toBe('GB18030');
    expect(zh.warnings).toEqual([]);
    expect(zh.filters.map((f) => [f.name, f.instances, f.altitude])).toEqual(
      en.filters.map((f) => [f.name, f.instances, f.altitude]),
    );
  });

  it('reads legacy filters with no instance count and fractional altitudes', () => {
    const r = parseFltmcText(
      [
        'Filter Name                     Num Instances    Altitude    Frame',
        '------------------------------  -------------  ------------  -----',
        'AVLegacy                                        389998.99   <Legacy>',
        'UCPD                                    4       385250.5       0',
        'cbfsconnect2017                                             <Legacy>',
      ].join('\n'),
      'f.txt',
    );
    expect(r.filters.map((f) => [f.name, f.instances, f.altitude, f.legacy, f.group])).toEqual([
      ['AVLegacy', null, '389998.99', true, 'FSFilter Activity Monitor'],
      ['UCPD', 4, '385250.5', false, 'FSFilter Activity Monitor'],
      ['cbfsconnect2017', null, '', true, ''],
    ]);
    expect(byAltitude(r.filters).map((f) => f.name)).toEqual(['AVLegacy', 'UCPD', 'cbfsconnect2017']);
  });

  it('explains a listing that failed for lack of elevation', () => {
    const r = parseFltmcText('\nFilter listing failed with error: 0x80070005\nAccess is denied.\n', 'f.txt');
    expect(r.filters).toEqual([]);
    expect(r.warnings[0]).toMatchObject({ place: 'line 2' });
    expect(r.warnings[0].message).toMatch(/fltmc failed: .*0x80070005.*elevated/);
  });

  it('names the line of a row that does not fit', () => {
    const r = parseFltmcText(
      'Filter Name   Num Instances    Altitude    Frame\n------  -----  -----  -----\nWdFilter 4 328010 0\nthis row is broken\n',
      'f.txt',
    );
    expect(r.filters).toHaveLength(1);
    expect(r.warnings).toEqual([
      { file: 'f.txt', place: 'line 4', message: expect.stringContaining('this row is broken') },
    ]);
  });
});

describe('fltmc instances', () => {
  it('reads volumes (also empty ones) and instance names with spaces, UTF-16LE and GB18030', async () => {
    const en = await readFltmcFile(fixture('problem-fltmc-instances.txt'));
    const zh = await readFltmcFile(fixture('problem-fltmc-instances-zh.txt'));
    expect(en.encoding).toBe('UTF-16LE with BOM');
    for (const r of [en, zh]) {
      expect(r.warnings).toEqual([]);
      expect(r.instances).toHaveLength(14);
      expect(r.instances[1]).toMatchObject({
        filter: 'vEdsmFileMon',
        volume: 'C:',
        altitude: '368420',
        instance: 'vEdsmFileMon Instance',
        frame: '0',
        features: '0000000f',
      });
      expect(r.instances[10]).toMatchObject({
        filter: 'FileInfo',
        volume: '',
        altitude: '40500',
        instance: 'FileInfo',
      });
      // Derived filter list when only the instances table was captured.
      expect(r.filters.find((f) => f.name === 'vEdsmFileMon')).toMatchObject({
        instances: 4,
        group: 'FSFilter Activity Monitor',
      });
    }
  });
});

describe('fltmc instance rows and damaged output', () => {
  // The expression rows were read with before: quadratic-to-cubic on long rows, kept as the oracle.
  const OLD_ROW =
    /^(\S+)\s+(?:(.*?)\s+)?(\d+(?:\.\d+)?)\s+(.*?)\s+((?:\d+|<[^>]*>))(?:\s+([0-9a-fA-F]{8}))?(?:\s+([0-9a-fA-F]{8}))?\s*$/;

  it('reads every row as the old expression did', () => {
    const words = [
      'bindflt',
      'C:',
      '409800',
      '0',
      '0000000f',
      'Instance',
      '<Legacy>',
      '1.5',
      '\\Device\\Mup',
    ];
    let state = 7;
    const pick = (n: number): number => {
      state = (state * 48271) % 2147483647;
      return state % n;
    };
    let matched = 0;
    for (let k = 0; k < 20000; k++) {
      const row = Array.from({ length: 1 + pick(8) }, () => words[pick(words.length)])
        .map((w, i) => (i === 0 ? w : [' ', '  ', '\t'][pick(3)] + w))
        .join('');
      const m = OLD_ROW.exec(row);
      const r = parseInstanceRow(row);
      if (m) matched++;
      expect(
        r && [r.filter, r.volume, r.altitude, r.instance, r.frame, r.features, r.volumeStatus],
        row,
      ).toEqual(m && [m[1], (m[2] ?? '').trim(), m[3], m[4].trim(), m[5], m[6] ?? '', m[7] ?? '']);
    }
    expect(matched).toBeGreaterThan(1000);
  });

  it('keeps a thousand warnings and counts the rest in one line', () => {
    const junk = Array.from({ length: 5000 }, (_, i) => `junk line ${i}`).join('\n');
    const r = parseFltmcText(junk, 'f.txt');
    expect(r.warnings).toHaveLength(1001);
    expect(r.warnings[0]).toMatchObject({ place: 'line 1' });
    expect(r.warnings[1000]).toEqual({
      file: 'f.txt',
      place: 'file',
      message: '4000 more warnings like these not listed',
    });
  });

  it('derives the filter list from many instances of one filter', () => {
    const rows = Array.from({ length: 20000 }, (_, i) => `bindflt  C:  409800  bindflt Instance ${i}  0`);
    const head =
      'Filter  Volume Name  Altitude  Instance Name  Frame\n------  ------  ------  ------  -----\n';
    const r = parseFltmcText(head + rows.join('\n'), 'f.txt');
    expect(r.instances).toHaveLength(20000);
    expect(r.filters).toEqual([expect.objectContaining({ name: 'bindflt', instances: 20000 })]);
  });
});

describe('altitude groups', () => {
  it('classifies by Microsoft allocation ranges', () => {
    expect(altitudeGroup('328010')?.name).toBe('FSFilter Anti-Virus');
    expect(altitudeGroup('85000')?.name).toBe('FSFilter Security Enhancer');
    expect(altitudeGroup('425000')?.name).toBe('Filter');
    expect(altitudeGroup('350000')).toBeNull();
    expect(altitudeGroup('n/a')).toBeNull();
  });
});
