import { describe, expect, it } from 'vitest';
import { defaultRules } from './default-rules';
import { buildKeys, detailKey, PathNormalizer, RuleError, validateRules } from './normalize';
import { makeTrace } from './test-trace';

const norm = (path: string, enable: string[] = []): string =>
  new PathNormalizer(
    defaultRules().map((r) => (enable.includes(r.id) ? { ...r, enabled: true } : r)),
  ).normalize(path);

describe('default normalization rules', () => {
  it('folds case', () => {
    expect(norm('C:\\Windows\\System32\\KERNEL32.DLL')).toBe('c:\\windows\\system32\\kernel32.dll');
  });

  it('turns device and NT prefixes into drive paths', () => {
    expect(norm('\\Device\\HarddiskVolume3\\Windows\\notepad.exe')).toBe('c:\\windows\\notepad.exe');
    expect(norm('\\??\\C:\\Windows\\notepad.exe')).toBe('c:\\windows\\notepad.exe');
    expect(norm('\\\\?\\C:\\Windows\\notepad.exe')).toBe('c:\\windows\\notepad.exe');
    // A UNC path is not a long-path prefix.
    expect(norm('\\\\server\\share\\x.txt')).toBe('\\\\server\\share\\x.txt');
  });

  it('replaces GUIDs, with or without braces, and long hex runs', () => {
    expect(norm('C:\\ProgramData\\{3F2504E0-4F89-11D3-9A0C-0305E82C3301}.tmp')).toBe(
      'c:\\programdata\\<guid>.tmp',
    );
    expect(norm('HKLM\\SOFTWARE\\Classes\\CLSID\\3f2504e0-4f89-11d3-9a0c-0305e82c3301\\InprocServer32')).toBe(
      'hklm\\software\\classes\\clsid\\<guid>\\inprocserver32',
    );
    expect(
      norm('C:\\Windows\\SoftwareDistribution\\Download\\8d5e2b6f0a1c4e7b9f3d2a1b0c9e8f7a\\inst\\x.dll'),
    ).toBe('c:\\windows\\softwaredistribution\\download\\<hex>\\inst\\x.dll');
    expect(
      norm('C:\\Windows\\WinSxS\\Temp\\InFlight\\5a8e7c0e2d30d601f6050000e40e5c15\\aa00bb11cc22dd33\\f.dll'),
    ).toBe('c:\\windows\\winsxs\\temp\\inflight\\<hex>\\<hex>\\f.dll');
    // Short hex-looking names are not touched.
    expect(norm('C:\\data\\cafe1234.dat')).toBe('c:\\data\\cafe1234.dat');
  });

  it('replaces user profile names but not the shared profiles', () => {
    expect(norm('C:\\Users\\zhang.wei\\AppData\\Local\\Temp\\x.log')).toBe(
      'c:\\users\\<user>\\appdata\\local\\temp\\x.log',
    );
    expect(norm('C:\\Users\\Public\\Desktop\\a.lnk')).toBe('c:\\users\\public\\desktop\\a.lnk');
    expect(norm('C:\\Users\\Default\\NTUSER.DAT')).toBe('c:\\users\\default\\ntuser.dat');
  });

  it('replaces user SIDs in HKU and \\REGISTRY\\USER paths, keeps well-known SIDs', () => {
    expect(norm('HKU\\S-1-5-21-1004336348-1177238915-682003330-1001\\Software\\X')).toBe(
      'hku\\<sid>\\software\\x',
    );
    expect(norm('\\REGISTRY\\USER\\S-1-5-21-1004336348-1177238915-682003330-500_Classes\\CLSID')).toBe(
      'hku\\<sid>_classes\\clsid',
    );
    expect(norm('HKU\\S-1-5-18\\Software')).toBe('hku\\s-1-5-18\\software');
    expect(norm('\\REGISTRY\\MACHINE\\SOFTWARE\\Microsoft')).toBe('hklm\\software\\microsoft');
  });

  it('replaces temp file names', () => {
    expect(norm('C:\\Windows\\Temp\\~DF1A2B3C.tmp')).toBe('c:\\windows\\temp\\<tmp>.tmp');
    expect(norm('C:\\Windows\\Temp\\tmp4F2E.tmp')).toBe('c:\\windows\\temp\\<tmp>.tmp');
    expect(norm('C:\\Windows\\Temp\\{3F2504E0-4F89-11D3-9A0C-0305E82C3301}.tmp')).toBe(
      'c:\\windows\\temp\\<guid>.tmp',
    );
    expect(norm('C:\\Windows\\Temp\\setup.tmp')).toBe('c:\\windows\\temp\\setup.tmp');
  });

  it('maps ControlSet00N to CurrentControlSet', () => {
    expect(norm('HKLM\\System\\ControlSet001\\Services\\Tcpip')).toBe(
      'hklm\\system\\currentcontrolset\\services\\tcpip',
    );
    expect(norm('HKLM\\System\\CurrentControlSet\\Services')).toBe(
      'hklm\\system\\currentcontrolset\\services',
    );
  });

  it('leaves WinSxS versions alone unless the optional rule is on', () => {
    const p =
      'C:\\Windows\\WinSxS\\amd64_dual_wpdmtp.inf_31bf3856ad364e35_10.0.17134.1550_none_9744e57515d245dc\\wpdmtp.dll';
    expect(norm(p)).toBe(
      'c:\\windows\\winsxs\\amd64_dual_wpdmtp.inf_<hex>_10.0.17134.1550_none_<hex>\\wpdmtp.dll',
    );
    const on = norm(p, ['winsxs-version']);
    expect(on).toBe('c:\\windows\\winsxs\\amd64_dual_wpdmtp.inf_<hex>_<ver>\\wpdmtp.dll');
    expect(norm(p.replace('17134.1550', '17134.1'), ['winsxs-version'])).toBe(on);
  });

  it('has the optional rule disabled and every other rule enabled by default', () => {
    const rules = defaultRules();
    expect(rules.filter((r) => !r.enabled).map((r) => r.id)).toEqual(['winsxs-version']);
    expect(validateRules(rules)).toEqual([]);
    expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length);
  });
});

describe('rule engine', () => {
  it('rejects a broken pattern naming the rule', () => {
    const bad = [{ id: 'mine', label: 'x', pattern: '([', replacement: '', enabled: true, builtin: false }];
    expect(validateRules(bad)[0]).toMatch(/'mine'.*invalid pattern/);
    expect(() => new PathNormalizer(bad)).toThrow(RuleError);
    // Disabled rules are not compiled.
    expect(validateRules([{ ...bad[0], enabled: false }])).toEqual([]);
  });

  it('rejects a pattern that matches the empty string', () => {
    expect(
      validateRules([{ id: 'e', label: '', pattern: 'x*', replacement: 'y', enabled: true, builtin: false }]),
    ).toHaveLength(1);
  });

  it('supports user rules with groups and lower-casing', () => {
    const n = new PathNormalizer([
      {
        id: 'u',
        label: '',
        pattern: '\\\\Build_(\\d+)\\\\',
        replacement: '\\Build_N\\',
        enabled: true,
        builtin: false,
      },
      { id: 'l', label: '', pattern: 'PROGRAM FILES', replacement: '\\L$&', enabled: true, builtin: false },
    ]);
    expect(n.normalize('D:\\Build_123\\Program Files\\X')).toBe('D:\\Build_N\\program files\\X');
  });

  it('reports which rules changed a path', () => {
    const rules = defaultRules();
    const changed: number[] = [];
    new PathNormalizer(rules).normalize('\\Device\\HarddiskVolume2\\Users\\li\\x.txt', changed);
    expect(changed.map((i) => rules[i].id)).toEqual(['case-fold', 'device-volume', 'user-profile']);
  });
});

describe('detail key', () => {
  it('keeps desired access and file disposition, drops the rest', () => {
    const d =
      'Desired Access: Write Attributes, Synchronize, Disposition: Open, Options: Synchronous IO Non-Alert, Non-Directory File, Attributes: n/a, ShareMode: Read, Write, Delete, AllocationSize: n/a, OpenResult: Opened';
    expect(detailKey(d)).toBe('Desired Access: Write Attributes, Synchronize, Disposition: Open');
  });

  it('drops registry dispositions, which are outcomes', () => {
    expect(detailKey('Desired Access: All Access, Disposition: REG_OPENED_EXISTING_KEY')).toBe(
      'Desired Access: All Access',
    );
  });

  it('is empty for details without a request', () => {
    expect(detailKey('Offset: 4,096, Length: 512, Priority: Normal')).toBe('');
    expect(detailKey('')).toBe('');
  });
});

describe('buildKeys', () => {
  it('keys events by image name, operation, normalized path and request — not PID, case, offsets', () => {
    const b = makeTrace('b.CSV', [
      {
        process: 'TiWorker.exe',
        pid: 3032,
        op: 'CreateFile',
        path: 'C:\\Windows\\A.DLL',
        detail: 'Desired Access: Read Data, Disposition: Open, OpenResult: Opened',
      },
      {
        process: 'TiWorker.exe',
        pid: 3032,
        op: 'ReadFile',
        path: 'C:\\Windows\\A.DLL',
        detail: 'Offset: 0, Length: 4,096',
      },
    ]);
    const p = makeTrace('p.CSV', [
      {
        process: 'tiworker.EXE',
        pid: 5120,
        op: 'CreateFile',
        path: 'c:\\windows\\a.dll',
        result: 'ACCESS DENIED',
        detail: 'Desired Access: Read Data, Disposition: Open',
      },
      {
        process: 'TiWorker.exe',
        pid: 5120,
        op: 'ReadFile',
        path: 'C:\\Windows\\a.dll',
        detail: 'Offset: 8,192, Length: 512',
      },
      {
        process: 'TiWorker.exe',
        pid: 5120,
        op: 'CreateFile',
        path: 'C:\\Windows\\a.dll',
        detail: 'Desired Access: Generic Write, Disposition: OverwriteIf',
      },
    ]);
    const k = buildKeys(b, p, defaultRules());
    expect(k.problem.key[0]).toBe(k.baseline.key[0]);
    expect(k.problem.key[1]).toBe(k.baseline.key[1]);
    expect(k.problem.key[2]).not.toBe(k.baseline.key[0]);
    expect(k.problem.result[0]).not.toBe(k.baseline.result[0]);
    expect(k.space.text(k.baseline.key[0])).toBe(
      'tiworker.exe | CreateFile | c:\\windows\\a.dll | Desired Access: Read Data, Disposition: Open',
    );
  });

  it('counts the events each rule touched', () => {
    const b = makeTrace('b.CSV', [
      { process: 'a.exe', path: 'C:\\Users\\wang\\x.txt' },
      { process: 'a.exe', path: 'C:\\Users\\wang\\x.txt' },
      { process: 'a.exe', path: 'c:\\plain.txt' },
    ]);
    const p = makeTrace('p.CSV', [{ process: 'a.exe', path: 'HKLM\\System\\ControlSet002\\Services' }]);
    const k = buildKeys(b, p, defaultRules());
    const touched = Object.fromEntries(k.rules.map((r) => [r.id, r.touched]));
    expect(touched['user-profile']).toBe(2);
    expect(touched['case-fold']).toBe(3);
    expect(touched['control-set']).toBe(1);
    expect(touched['guid']).toBe(0);
    expect(touched['winsxs-version']).toBe(0);
  });
});
