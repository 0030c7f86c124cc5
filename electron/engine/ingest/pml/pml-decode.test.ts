/**
 * Unit checks of the pieces the sample comparisons cannot reach: number and time text, Result
 * names, bit masks, and a network event (no sample capture has one) built byte by byte.
 */
import { describe, expect, it } from 'vitest';
import { decodeNetwork } from './pml-detail-other';
import { EventContext } from './pml-event-context';
import { ipKey } from './pml-tables';
import { attributesText, fileAccessText, keyAccessText, securityInformationText } from './pml-flags';
import {
  filetimeText,
  groupDigits,
  hex64,
  i64Text,
  split,
  splitFiletime,
  ticksText,
  u64Text,
} from './pml-format';
import { KeyTable } from './pml-key-table';
import { resultText } from './pml-names';

describe('number and time text', () => {
  it('groups digits the en-US way', () => {
    expect(groupDigits('0')).toBe('0');
    expect(groupDigits('4096')).toBe('4,096');
    expect(groupDigits('2147483538')).toBe('2,147,483,538');
    expect(groupDigits('-1234567')).toBe('-1,234,567');
  });

  it('converts 64-bit halves exactly', () => {
    expect(u64Text(0xffffffff, 0xffffffff)).toBe('18446744073709551615');
    expect(i64Text(0xffffffff, 0xffffffff)).toBe('-1');
    expect(i64Text(0, 4096)).toBe('4096');
    expect(hex64(0xfffff807, 0x2567fa8d)).toBe('0xfffff8072567fa8d');
    expect(hex64(0, 0x10000)).toBe('0x10000');
  });

  it('splits a FILETIME into Unix-relative seconds and 100-ns ticks without BigInt', () => {
    // 2020-07-31T06:55:07.0236729Z
    const ft = 132406521070236729n;
    splitFiletime(Number(ft >> 32n), Number(ft & 0xffffffffn));
    expect(split.sec - 11644473600).toBe(Date.UTC(2020, 6, 31, 6, 55, 7) / 1000);
    expect(split.frac).toBe(236729);
  });

  it('prints FILETIMEs like Procmon (en-US, UTC), including the -1 "not set" value', () => {
    const ft = 132406521070236729n;
    expect(filetimeText(Number(ft >> 32n), Number(ft & 0xffffffffn))).toBe('7/31/2020 6:55:07 AM');
    expect(filetimeText(0xffffffff, 0xffffffff)).toBe('12/31/1600 11:59:59 PM');
    expect(filetimeText(0, 0)).toBe('1/1/1601 12:00:00 AM');
    expect(ticksText(0, 312500)).toBe('0.0312500');
    expect(ticksText(0, 123456789)).toBe('12.3456789');
  });
});

describe('names and masks', () => {
  it('renders NTSTATUS like Procmon', () => {
    expect(resultText(0)).toBe('SUCCESS');
    expect(resultText(0xc0000034)).toBe('NAME NOT FOUND');
    expect(resultText(0xc0000022)).toBe('ACCESS DENIED');
    expect(resultText(0x103)).toBe('');
    expect(resultText(0x368)).toBe('0x368');
    expect(resultText(0xc000046f)).toBe('0xC000046F');
  });

  it('decomposes access masks, attributes and security information', () => {
    expect(fileAccessText(0x80000000)).toBe('Generic Read');
    expect(fileAccessText(0x100020)).toBe('Execute/Traverse, Synchronize');
    expect(fileAccessText(0)).toBe('None 0x0');
    expect(keyAccessText(0x20019)).toBe('Read');
    expect(keyAccessText(0x9)).toBe('Query Value, Enumerate Sub Keys');
    expect(attributesText(0x2026)).toBe('HSANCI');
    expect(attributesText(0)).toBe('n/a');
    expect(securityInformationText(0x20000004)).toBe('DACL, DACL Unprotected');
    expect(securityInformationText(0x1bf)).toBe(
      'Owner, Group, DACL, SACL, Label, Attribute, Process Trust Label, 0x100',
    );
  });
});

describe('KeyTable', () => {
  it('finds every key it was given and no other', () => {
    const t = new KeyTable(4);
    for (let i = 0; i < 5000; i++) t.add(i * 7919, -i, i & 3, i);
    expect(t.size).toBe(5000);
    for (let i = 0; i < 5000; i++) expect(t.get(i * 7919, -i, i & 3)).toBe(i);
    expect(t.get(1, 2, 3)).toBe(-1);
    expect(t.get(0xc0000034, 0, 0)).toBe(-1);
    t.add(0xc0000034, 0, 0, 42);
    expect(t.get(0xc0000034, 0, 0)).toBe(42);
  });
});

describe('network events', () => {
  function networkEvent(op: number, flags: number, pairs: string[]): EventContext {
    const detail = Buffer.alloc(44 + pairs.reduce((n, s) => n + (s.length + 1) * 2, 0) + 2);
    detail.writeUInt16LE(flags, 0);
    detail.writeUInt32LE(1460, 4);
    detail.set([192, 168, 1, 20], 8);
    detail.set([93, 184, 216, 34], 24);
    detail.writeUInt16LE(50123, 40);
    detail.writeUInt16LE(443, 42);
    let at = 44;
    for (const s of pairs) {
      detail.write(s, at, 'utf16le');
      at += (s.length + 1) * 2;
    }
    const c = new EventContext();
    c.setBuffer(detail);
    c.detailStart = 0;
    c.detailEnd = detail.length;
    c.op = op;
    return c;
  }

  it('names the protocol, builds host:port paths and lists the recorded values', () => {
    const hosts = new Map<string, string>();
    const dst = Buffer.alloc(16);
    dst.set([93, 184, 216, 34]);
    hosts.set(ipKey(dst, 0), 'example.com');
    const ports = new Map<number, string>([[443 * 2 + 1, 'https']]);
    const c = networkEvent(2, 0b111, ['startime', '1234', 'endtime', '1240', 'seqnum', '0', 'connid', '0']);
    const detail = decodeNetwork(c, true, { hosts, ports });
    expect(c.operation).toBe('TCP Send');
    expect(c.path).toBe('192.168.1.20:50123 -> example.com:https');
    expect(detail).toBe('Length: 1460, startime: 1234, endtime: 1240, seqnum: 0, connid: 0');
  });

  it('prints IPv6 addresses as eight groups and UDP ports by number', () => {
    const c = networkEvent(3, 0, ['startime', '1']);
    decodeNetwork(c, false, { hosts: new Map(), ports: new Map() });
    expect(c.operation).toBe('UDP Receive');
    expect(c.path).toBe('c0a8:114:0:0:0:0:0:0:50123 -> 5db8:d822:0:0:0:0:0:0:443');
  });

  it('leaves out what Procmon leaves out of TCP Connect', () => {
    const c = networkEvent(5, 0b111, [
      'mss',
      '1460',
      'sndwinscale',
      '8',
      'seqnum',
      '0',
      'connid',
      '0',
      'rcvwin',
      '65535',
    ]);
    expect(decodeNetwork(c, true, { hosts: new Map(), ports: new Map() })).toBe(
      'Length: 1460, mss: 1460, rcvwin: 65535',
    );
  });
});
