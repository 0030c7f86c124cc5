import { describe, expect, it } from 'vitest';
import {
  DateParser,
  formatProcmonTimeOfDay,
  parseLocaleNumber,
  ProcmonClock,
  TimeOfDayParser,
} from './time-parse';

describe('TimeOfDayParser', () => {
  const p = new TimeOfDayParser();
  const parse = (s: string): [number, number, number] | null =>
    p.parse(s) ? [p.seconds, p.frac, p.parts] : null;

  it('reads the locale forms seen in real exports', () => {
    expect(parse('6:55:07.0236729 AM')).toEqual([6 * 3600 + 55 * 60 + 7, 236729, 3]);
    expect(parse('3:58:46.6882889 PM')).toEqual([15 * 3600 + 58 * 60 + 46, 6882889, 3]);
    expect(parse('12:00:00.0000001 AM')).toEqual([0, 1, 3]);
    expect(parse('12:30:00.5 PM')).toEqual([12 * 3600 + 1800, 5000000, 3]);
    expect(parse('18:40:23.1038915')).toEqual([18 * 3600 + 40 * 60 + 23, 1038915, 3]);
    expect(parse('15:42:22,8459553')).toEqual([15 * 3600 + 42 * 60 + 22, 8459553, 3]);
    expect(parse('午後 3:04:05.0000000')).toEqual([15 * 3600 + 245, 0, 3]);
    expect(parse('上午 10:20:30.1234567')).toEqual([10 * 3600 + 20 * 60 + 30, 1234567, 3]);
    expect(parse('47:57.9')).toEqual([47 * 60 + 57, 9000000, 2]);
    expect(parse('7:05:09')).toEqual([7 * 3600 + 309, 0, 3]);
  });

  it('reads only the fraction when the second repeats, and still validates it', () => {
    expect(parse('10:00:00.1234567 PM')).toEqual([22 * 3600, 1234567, 3]);
    expect(parse('10:00:00.7654321 PM')).toEqual([22 * 3600, 7654321, 3]);
    expect(parse('10:00:00.76x4321 PM')).toBeNull();
    expect(parse('10:00:01.0000001 PM')).toEqual([22 * 3600 + 1, 1, 3]);
  });

  it('rejects what is not a time', () => {
    for (const s of [
      '',
      'noon',
      '25:00:00.0',
      '10:61:00.0',
      '13:00:00.0 PM',
      '1:2:3:4',
      '10:00:00.',
      '10:00:00.1 XY',
    ]) {
      expect(parse(s)).toBeNull();
    }
  });
});

describe('DateParser', () => {
  it('decides the order per file from the evidence', () => {
    const us = new DateParser(() => true);
    expect(us.parseDays('7/31/2020 6:55:07 AM')).toBe(Date.UTC(2020, 6, 31) / 864e5);
    const es = new DateParser(() => false);
    expect(es.parseDays('10/12/2020 17:48:57')).toBe(Date.UTC(2020, 11, 10) / 864e5);
    expect(new DateParser(() => false).parseDays('2019/04/10 18:33:22')).toBe(Date.UTC(2019, 3, 10) / 864e5);
    expect(new DateParser(() => false).parseDays('21-11-2016 16:10:56')).toBe(Date.UTC(2016, 10, 21) / 864e5);
    expect(new DateParser(() => true).parseDays('25.10.2016 09:32:12')).toBe(Date.UTC(2016, 9, 25) / 864e5);
    expect(Number.isNaN(new DateParser(() => true).parseDays('yesterday'))).toBe(true);
  });
});

describe('parseLocaleNumber', () => {
  it('reads decimals and thousands in every locale form', () => {
    expect(parseLocaleNumber('0.0000161', true)).toBeCloseTo(0.0000161, 10);
    expect(parseLocaleNumber('0,0000161', true)).toBeCloseTo(0.0000161, 10);
    expect(parseLocaleNumber('4,096')).toBe(4096);
    expect(parseLocaleNumber('1.024')).toBe(1024);
    expect(parseLocaleNumber('1\u00a0024')).toBe(1024);
    expect(parseLocaleNumber('1’024')).toBe(1024);
    expect(parseLocaleNumber('1.234.567,5')).toBe(1234567.5);
    expect(parseLocaleNumber('1,234,567.5')).toBe(1234567.5);
    expect(Number.isNaN(parseLocaleNumber(''))).toBe(true);
  });
});

describe('ProcmonClock', () => {
  it('unwraps midnight without a date and uses the date when there is one', () => {
    const c = new ProcmonClock(false);
    c.update('11:59:59.9000000 PM', null);
    c.update('12:00:00.1000000 AM', null);
    expect([c.sec, c.frac]).toEqual([86400, 1000000]);
    const a = new ProcmonClock(true);
    expect(a.update('6:55:07.0236729 AM', '7/31/2020 6:55:07 AM')).toBe('ok');
    expect(new Date(a.sec * 1000).toISOString()).toBe('2020-07-31T06:55:07.000Z');
    expect(a.update('6:55:08.0 AM', 'garbage')).toBe('bad-date');
    expect(a.update('whenever', 'x')).toBe('bad-time');
  });

  it('formats en-US Time of Day like Procmon', () => {
    expect(formatProcmonTimeOfDay(0, 1)).toBe('12:00:00.0000001 AM');
    expect(formatProcmonTimeOfDay(13 * 3600 + 5 * 60 + 9, 1234567)).toBe('1:05:09.1234567 PM');
    expect(formatProcmonTimeOfDay(86400 + 3600, 0)).toBe('1:00:00.0000000 AM');
  });
});
