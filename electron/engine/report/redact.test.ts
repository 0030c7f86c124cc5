import { describe, expect, it } from 'vitest';
import { ALL_REDACTIONS, Redactor } from './redact';

describe('Redactor', () => {
  it('replaces IPv4 addresses but not versions, loopback or longer dotted runs', () => {
    const r = new Redactor(ALL_REDACTIONS);
    expect(r.redact('from 10.20.30.40, to 192.168.1.7.')).toBe('from IP-1, to IP-2.');
    expect(r.redact('again 10.20.30.40')).toBe('again IP-1');
    expect(r.redact('amd64_x_10.0.17134.1550_none 6.1.7601.2 127.0.0.1 0.0.0.0 1.2.3.4.5')).toBe(
      'amd64_x_10.0.17134.1550_none 6.1.7601.2 127.0.0.1 0.0.0.0 1.2.3.4.5',
    );
  });

  it('replaces domain SIDs only', () => {
    const r = new Redactor(ALL_REDACTIONS);
    expect(r.redact('S-1-5-21-1004336348-1177238915-682003330-1001 S-1-5-18 s-1-5-21-1-2-3-500')).toBe(
      'SID-1 S-1-5-18 SID-2',
    );
  });

  it('learns profile names and UNC hosts from text, skipping generic ones, and replaces them as whole words', () => {
    const r = new Redactor(ALL_REDACTIONS);
    for (const t of [
      'C:\\Users\\li.wei\\AppData\\x',
      'C:\\Users\\Public\\Desktop',
      'c:\\users\\Default\\NTUSER.DAT',
      '\\\\FS-01\\share\\a',
      '\\\\?\\C:\\Windows',
      '\\\\.\\PhysicalDrive0',
    ]) {
      r.learnFromText(t);
    }
    r.learnAccount('BANK\\li.wei');
    r.learnAccount('NT AUTHORITY\\SYSTEM');
    expect(
      r.redact('C:\\Users\\LI.WEI\\x and li.wei logged on to \\\\fs-01\\share; BANK\\li.wei; ali.weiss'),
    ).toBe('C:\\Users\\USER-1\\x and USER-1 logged on to \\\\HOST-1\\share; DOMAIN-1\\USER-1; ali.weiss');
    expect(r.redact('C:\\Users\\Public\\Desktop NT AUTHORITY\\SYSTEM \\\\?\\C:\\Windows')).toBe(
      'C:\\Users\\Public\\Desktop NT AUTHORITY\\SYSTEM \\\\?\\C:\\Windows',
    );
    expect(r.counts()).toEqual({ user: 1, host: 1, domain: 1, sid: 0, ip: 0 });
  });

  it('does nothing when no kind is enabled, and only the enabled kinds otherwise', () => {
    const none = new Redactor({ users: false, hosts: false, sids: false, ips: false });
    none.learnUser('zhang');
    expect(none.redact('zhang 10.1.1.1')).toBe('zhang 10.1.1.1');
    const ipsOnly = new Redactor({ users: false, hosts: false, sids: false, ips: true });
    ipsOnly.learnUser('zhang');
    expect(ipsOnly.redact('zhang 10.1.1.1')).toBe('zhang IP-1');
  });
});
