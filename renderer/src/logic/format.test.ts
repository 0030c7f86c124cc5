import { describe, expect, it } from 'vitest';
import {
  estimateSecondsLeft,
  fileNameOf,
  formatBytes,
  formatCount,
  formatDuration,
  formatLogTime,
  formatRate,
  formatResultChange,
  formatTimeOfDay,
  shortenPath,
} from './format';

describe('formatters', () => {
  it('groups counts by locale', () => {
    expect(formatCount(1203114, 'en')).toBe('1,203,114');
    expect(formatCount(1203114, 'zh-CN')).toBe('1,203,114');
  });

  it('shows bytes in binary units with one decimal below 100', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(250 * 1024 * 1024)).toBe('250 MB');
    expect(formatBytes(-1)).toBe('—');
  });

  it('compacts event rates', () => {
    expect(formatRate(950)).toBe('950/s');
    expect(formatRate(12_400)).toBe('12k/s');
    expect(formatRate(4_250)).toBe('4.3k/s');
    expect(formatRate(1_200_000)).toBe('1.2M/s');
    expect(formatRate(0)).toBe('—');
  });

  it('formats durations and estimates time left from bytes', () => {
    expect(formatDuration(65)).toBe('1:05');
    expect(formatDuration(3725)).toBe('1:02:05');
    expect(formatDuration(NaN)).toBe('');
    expect(estimateSecondsLeft(25, 100, 10_000)).toBeCloseTo(30);
    expect(estimateSecondsLeft(0, 100, 10_000)).toBeNaN();
    expect(estimateSecondsLeft(100, 100, 10_000)).toBeNaN();
  });

  it('shows the time of day of absolute and time-only values', () => {
    expect(formatTimeOfDay('2020-06-18T09:16:03.1234567+08:00')).toBe('09:16:03.1234567');
    expect(formatTimeOfDay('2020-07-31T07:37:18.2093997Z')).toBe('07:37:18.2093997');
    expect(formatTimeOfDay('15:42:22.8459553')).toBe('15:42:22.8459553');
    expect(formatTimeOfDay('')).toBe('');
  });

  it('shortens log times to the millisecond', () => {
    expect(formatLogTime('2020-07-31T02:22:35.7572914Z')).toBe('02:22:35.757');
    expect(formatLogTime('2020-07-31 10:20:09')).toBe('10:20:09');
    expect(formatLogTime('')).toBe('');
  });

  it('describes a result change and shortens paths keeping the file name', () => {
    expect(formatResultChange('SUCCESS', 'ACCESS DENIED')).toBe('SUCCESS → ACCESS DENIED');
    expect(formatResultChange('', 'ACCESS DENIED')).toBe('— → ACCESS DENIED');
    const path =
      'C:\\Windows\\SoftwareDistribution\\Download\\a1b2c3\\inst\\amd64_dual_wpdmtp.inf\\wpdmtp.dll';
    expect(fileNameOf(path)).toBe('wpdmtp.dll');
    expect(fileNameOf('HKLM\\Software\\Key\\')).toBe('Key');
    const short = shortenPath(path, 40);
    expect(short.length).toBeLessThanOrEqual(40);
    expect(short.endsWith('wpdmtp.dll')).toBe(true);
    expect(short).toContain('…');
    expect(shortenPath('C:\\a.txt', 40)).toBe('C:\\a.txt');
  });
});
