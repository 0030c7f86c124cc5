import { describe, expect, it } from 'vitest';
import type { ProcessStat } from '../../../../shared/contract';
import { mergeProcessStats } from './chart-data';

const stat = (name: string, events: number, failure = 0): ProcessStat => ({
  name,
  events,
  success: events - failure,
  benign: 0,
  context: 0,
  failure,
  other: 0,
});

describe('mergeProcessStats', () => {
  it('pairs processes by name across the captures and orders failing, then one-sided, then busy ones', () => {
    const rows = mergeProcessStats(
      [stat('svchost.exe', 900), stat('TiWorker.exe', 100), stat('OneDrive.exe', 5)],
      [stat('SVCHOST.EXE', 800), stat('TiWorker.exe', 90, 4), stat('vEdsmService.exe', 50)],
    );
    expect(rows.map((r) => r.name)).toEqual([
      'TiWorker.exe',
      'vEdsmService.exe',
      'OneDrive.exe',
      'svchost.exe',
    ]);
    expect(rows[3].baseline?.events).toBe(900);
    expect(rows[3].problem?.events).toBe(800);
    expect(rows[1].baseline).toBeUndefined();
  });
});
