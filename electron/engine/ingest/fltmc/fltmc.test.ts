import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { altitudeGroup } from './altitude';
import { byAltitude, parseFltmcText, readFltmcFile } from './fltmc';

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

describe('altitude groups', () => {
  it('classifies by Microsoft allocation ranges', () => {
    expect(altitudeGroup('328010')?.name).toBe('FSFilter Anti-Virus');
    expect(altitudeGroup('85000')?.name).toBe('FSFilter Security Enhancer');
    expect(altitudeGroup('425000')?.name).toBe('Filter');
    expect(altitudeGroup('350000')).toBeNull();
    expect(altitudeGroup('n/a')).toBeNull();
  });
});
