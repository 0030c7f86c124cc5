import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  describeMask,
  FILE_ALL_ACCESS,
  FILE_READ_EXECUTE,
  fileSystemRights,
  sddlRights,
  WRITE_DAC,
} from './access-mask';
import { icaclsCommandsFor } from './acl-commands';
import { diffAcl, pairListings } from './acl-diff';
import { parseGetAclText } from './get-acl';
import { parseIcaclsAce, parseIcaclsText } from './icacls';
import { SID_SYSTEM, SID_TRUSTED_INSTALLER } from './principals';
import { parseAclText, readAclFile } from './read-acl';
import { parseSddl } from './sddl';
import { LineCursor } from './tool-text';

const fixture = (name: string): string => path.resolve(process.cwd(), 'fixtures/acl', name);

describe('icacls ACEs', () => {
  it('decodes simple rights, inheritance flags and deny entries', () => {
    const a = parseIcaclsAce('NT AUTHORITY\\SYSTEM:(I)(OI)(CI)(F)');
    expect(a).toMatchObject({
      sid: SID_SYSTEM,
      type: 'allow',
      mask: FILE_ALL_ACCESS,
      inherited: true,
      objectInherit: true,
      containerInherit: true,
    });
    const d = parseIcaclsAce('Everyone:(DENY)(W,D)');
    expect(d).toMatchObject({ sid: 'S-1-1-0', type: 'deny', mask: 0x10116 });
    const s = parseIcaclsAce('BUILTIN\\Users:(CI)(AD,WEA,WA)');
    expect(s).toMatchObject({ mask: 0x114, containerInherit: true });
    const g = parseIcaclsAce('CREATOR OWNER:(OI)(CI)(IO)(GA)');
    expect(g).toMatchObject({ sid: 'S-1-3-0', inheritOnly: true, mask: FILE_ALL_ACCESS });
    expect(parseIcaclsAce('BUILTIN\\Users:(XYZ)')).toMatch(/unknown right 'XYZ'/);
  });

  it('maps localized account names to their SIDs', () => {
    const a = parseIcaclsAce('APPLICATION PACKAGE AUTHORITY\\所有受限制的应用程序包:(RX)');
    expect(a).toMatchObject({ sid: 'S-1-15-2-2', mask: FILE_READ_EXECUTE });
  });
});

describe('icacls output', () => {
  it('reads the baseline capture (ASCII from cmd.exe, two runs appended)', async () => {
    const doc = await readAclFile(fixture('baseline-wpdmtp-icacls.txt'));
    expect(doc.kind).toBe('icacls');
    expect(doc.warnings).toEqual([]);
    expect(doc.listings.map((l) => l.path)).toEqual([
      'C:\\Windows\\System32\\wpdmtp.dll',
      'C:\\Windows\\System32\\DriverStore\\FileRepository\\wpdmtp.inf_amd64_3e8f2a9c71d04b56\\wpdmtp.dll',
    ]);
    const ti = doc.listings[0].aces.find((a) => a.sid === SID_TRUSTED_INSTALLER);
    expect(ti?.mask).toBe(FILE_ALL_ACCESS);
    expect(doc.listings[0].aces).toHaveLength(6);
  });

  it('reads the Chinese capture in GB18030 and in UTF-16LE alike', async () => {
    const gb = await readAclFile(fixture('problem-wpdmtp-icacls.txt'));
    const wide = await readAclFile(fixture('problem-wpdmtp-icacls-utf16.txt'));
    expect(gb.encoding).toBe('GB18030');
    expect(wide.encoding).toBe('UTF-16LE with BOM');
    expect(gb.warnings).toEqual([]);
    const restricted = gb.listings[0].aces.find((a) => a.sid === 'S-1-15-2-2');
    expect(restricted?.principal).toBe('APPLICATION PACKAGE AUTHORITY\\所有受限制的应用程序包');
    expect(wide.listings.map((l) => l.aces.map((a) => [a.sid, a.type, a.mask]))).toEqual(
      gb.listings.map((l) => l.aces.map((a) => [a.sid, a.type, a.mask])),
    );
    expect(gb.listings[0].aces[0]).toMatchObject({ sid: SID_SYSTEM, type: 'deny', mask: 0xd0116 });
  });

  it('splits a path with spaces from a single ACE', () => {
    const doc = parseIcaclsText(
      'C:\\Program Files (x86)\\Vendor App\\agent.exe NT AUTHORITY\\Authenticated Users:(I)(RX)\r\n',
      'x.txt',
    );
    expect(doc.listings[0].path).toBe('C:\\Program Files (x86)\\Vendor App\\agent.exe');
    expect(doc.listings[0].aces[0].sid).toBe('S-1-5-11');
  });

  it('records objects icacls could not read and keeps the rest', async () => {
    const doc = await readAclFile(fixture('mixed-failure-icacls.txt'));
    expect(doc.listings).toHaveLength(1);
    expect(doc.failures).toEqual([
      { path: 'C:\\Windows\\System32\\config\\SAM', message: 'Access is denied.', line: 9 },
    ]);
    expect(doc.warnings.some((w) => /could not read/.test(w.message))).toBe(true);
  });

  it('warns with the line for text that is not icacls output', () => {
    const doc = parseIcaclsText(
      'C:\\x.dll NT AUTHORITY\\SYSTEM:(F)\r\n\r\nsomething else entirely\r\n',
      'x.txt',
    );
    expect(doc.listings).toHaveLength(1);
    expect(doc.warnings[0]).toMatchObject({ file: 'x.txt', place: 'line 3' });
  });
});

describe('SDDL', () => {
  it('decodes aliases, hex masks and well-known SIDs', () => {
    const s = parseSddl(
      `O:SYG:SYD:PAI(A;;FA;;;${SID_TRUSTED_INSTALLER})(A;OICIIO;GA;;;CO)(D;;0xd0116;;;SY)(A;ID;0x1200a9;;;BU)`,
    );
    expect(s.problems).toEqual([]);
    expect(s.owner).toBe('NT AUTHORITY\\SYSTEM');
    expect(s.aces.map((a) => [a.account, a.type, a.mask, a.inheritOnly, a.inherited])).toEqual([
      ['NT SERVICE\\TrustedInstaller', 'allow', FILE_ALL_ACCESS, false, false],
      ['CREATOR OWNER', 'allow', FILE_ALL_ACCESS, true, false],
      ['NT AUTHORITY\\SYSTEM', 'deny', 0xd0116, false, false],
      ['BUILTIN\\Users', 'allow', FILE_READ_EXECUTE, false, true],
    ]);
  });

  it('reports a bad ACE by its place and keeps the others', () => {
    const s = parseSddl('D:(A;;FA;;;SY)(A;;QQ;;;BA)(A;;FR;;;BU)');
    expect(s.aces).toHaveLength(2);
    expect(s.problems[0]).toMatch(/ACE at character \d+: unknown rights 'QQ'/);
  });

  it('parses rights fields', () => {
    expect(sddlRights('FA')?.mask).toBe(FILE_ALL_ACCESS);
    expect(sddlRights('0x1200a9')?.mask).toBe(FILE_READ_EXECUTE);
    expect(sddlRights('GRGX')?.mask).toBe(0xa0000000);
    expect(sddlRights('ZZ')).toBeNull();
  });

  it('reads icacls /save style name + SDDL lines', async () => {
    const doc = await readAclFile(fixture('problem-wpdmtp-sddl.txt'));
    expect(doc.kind).toBe('sddl');
    expect(doc.listings[0].path).toBe('wpdmtp.dll');
    expect(doc.listings[0].aces[0]).toMatchObject({ sid: SID_SYSTEM, type: 'deny' });
  });
});

describe('Get-Acl | Format-List', () => {
  it('joins the wrapped Sddl and prefers its ACEs, keeping the Access names', async () => {
    const doc = await readAclFile(fixture('problem-wpdmtp-getacl.txt'));
    expect(doc.kind).toBe('get-acl');
    expect(doc.warnings).toEqual([]);
    const l = doc.listings[0];
    expect(l.path).toBe('C:\\Windows\\System32\\wpdmtp.dll');
    expect(l.owner).toBe('NT SERVICE\\TrustedInstaller');
    expect(
      l.sddl.startsWith(`O:${SID_TRUSTED_INSTALLER}G:${SID_TRUSTED_INSTALLER}D:PAI(D;;0xd0116;;;SY)`),
    ).toBe(true);
    expect(l.aces).toHaveLength(7);
    expect(l.aces[6].principal).toBe('APPLICATION PACKAGE AUTHORITY\\所有受限制的应用程序包');
  });

  it('falls back to the Access lines without an Sddl', () => {
    const doc = parseGetAclText(
      'Path   : Microsoft.PowerShell.Core\\FileSystem::C:\\a.txt\nOwner  : BUILTIN\\Administrators\nAccess : NT AUTHORITY\\SYSTEM Allow  FullControl\n         BUILTIN\\Users Deny  Write, Synchronize\n',
      'a.txt',
    );
    expect(doc.listings[0].aces.map((a) => [a.sid, a.type, a.mask])).toEqual([
      [SID_SYSTEM, 'allow', FILE_ALL_ACCESS],
      ['S-1-5-32-545', 'deny', 0x100116],
    ]);
    expect(fileSystemRights('-1610612736')).toBe(0xa0000000);
  });

  it('says what it expected when the text is no ACL at all', () => {
    expect(() => parseAclText('hello world\n', 'notes.txt')).toThrow(
      /notes\.txt: not ACL output .* line 1 reads "hello world"/,
    );
  });
});

describe('ACL diff', () => {
  it('names what SYSTEM and TrustedInstaller lost on the problem machine', async () => {
    const b = await readAclFile(fixture('baseline-wpdmtp-icacls.txt'));
    const p = await readAclFile(fixture('problem-wpdmtp-icacls.txt'));
    const pairs = pairListings(b.listings, p.listings);
    expect(pairs).toHaveLength(2);
    const [sys32, store] = pairs.map(([x, y]) => diffAcl(x, y));
    expect(sys32.same).toBe(false);
    expect(sys32.principals.map((x) => x.account)).toEqual([
      'NT AUTHORITY\\SYSTEM',
      'NT SERVICE\\TrustedInstaller',
    ]);
    expect(sys32.principals[1].lost & WRITE_DAC).toBe(WRITE_DAC);
    const system = store.principals.find((x) => x.sid === SID_SYSTEM);
    expect(system?.baseline?.text.en).toBe('Full control');
    expect(system?.problem?.text.en).toBe(
      'Read & execute; denied Write data, Append data, Write extended attributes, Write attributes, Delete, Change permissions, Take ownership',
    );
    expect(system?.sentence.en).toMatch(
      /^SYSTEM: Full control on the baseline machine; Read & execute; denied .* on the problem machine \(lost /,
    );
    expect(system?.sentence['zh-CN']).toMatch(/^SYSTEM：基准机器上为完全控制；问题机器上为读取和执行；拒绝/);
    expect(system?.servicingAccount).toBe(true);
  });

  it('finds no difference between the same ACL captured by two tools', async () => {
    const icacls = await readAclFile(fixture('baseline-wpdmtp-icacls.txt'));
    const getAcl = await readAclFile(fixture('baseline-wpdmtp-getacl.txt'));
    const d = diffAcl(icacls.listings[0], getAcl.listings[0]);
    expect(d.principals).toEqual([]);
    expect(d.same).toBe(true);
  });

  it('describes masks in words', () => {
    expect(describeMask(0).en).toBe('No access');
    expect(describeMask(0x1200a9 | 0x100).en).toBe('Read & execute, Write attributes');
    expect(describeMask(0x1301bf)['zh-CN']).toBe('修改');
  });
});

describe('collection commands', () => {
  it('gives icacls and Get-Acl commands for files and Get-Acl for registry keys', () => {
    const cmds = icaclsCommandsFor([
      '\\??\\C:\\Windows\\System32\\wpdmtp.dll',
      'C:\\Windows\\System32\\wpdmtp.dll',
      'C:\\Windows\\SoftwareDistribution\\Download\\abc\\inst\\x\\wpdmtp.dll',
      "HKLM\\SOFTWARE\\Policies\\Vendor's Key",
      'not a path',
    ]);
    expect(cmds.map((c) => c.cmd)).toEqual([
      'icacls "C:\\Windows\\System32\\wpdmtp.dll" > "%USERPROFILE%\\Desktop\\acl-wpdmtp.txt"',
      'icacls "C:\\Windows\\SoftwareDistribution\\Download\\abc\\inst\\x\\wpdmtp.dll" > "%USERPROFILE%\\Desktop\\acl-wpdmtp-2.txt"',
      '',
    ]);
    expect(cmds[0].powershell).toBe(
      'Get-Acl -LiteralPath \'C:\\Windows\\System32\\wpdmtp.dll\' | Format-List | Out-File -Encoding utf8 "$env:USERPROFILE\\Desktop\\acl-wpdmtp-getacl.txt"',
    );
    expect(cmds[2]).toMatchObject({ kind: 'registry' });
    expect(cmds[2].powershell).toContain("-Path 'HKLM:\\SOFTWARE\\Policies\\Vendor''s Key'");
  });
});

describe('damaged ACL output', () => {
  it('keeps a thousand warnings of each form and counts the rest in one line', () => {
    const junk = Array.from({ length: 3000 }, (_, i) => `  indented junk ${i}`).join('\n');
    const icacls = parseAclText(`C:\\x.dll BUILTIN\\Users:(RX)\n\n${junk}\n`, 'acl.txt');
    expect(icacls.kind).toBe('icacls');
    expect(icacls.warnings).toHaveLength(1001);
    expect(icacls.warnings[1000]).toEqual({
      file: 'acl.txt',
      place: 'file',
      message: '2000 more warnings like these not listed',
    });
    const getAcl = parseGetAclText(`Path : C:\\x\n${junk.replace(/^ +/gm, '')}\n`, 'g.txt');
    expect(getAcl.warnings).toHaveLength(1001);
    expect(getAcl.warnings[1000].message).toBe('2000 more warnings like these not listed');
  });

  it('reports at most a hundred bad ACEs of one SDDL string', () => {
    const parsed = parseSddl(`O:SYG:SYD:${'(x)'.repeat(5000)}(A;;FA;;;SY)`);
    expect(parsed.aces).toHaveLength(1);
    expect(parsed.problems).toHaveLength(101);
    expect(parsed.problems[100]).toBe('4900 more ACEs like these not understood');
  });
});

describe('LineCursor', () => {
  it('cuts lines as split(/\\r\\n|\\n|\\r/) does, with the next line in view', () => {
    for (const text of ['', 'a', 'a\r\nb\nc\rd', 'a\r\r\n\n', '\n', '\r\n\r', 'x\r']) {
      const lines = new LineCursor(text);
      const got: string[] = [];
      const peeked: (string | null)[] = [];
      for (let l = lines.next(); l !== null; l = lines.next()) {
        expect(lines.lineNo).toBe(got.length + 1);
        got.push(l);
        peeked.push(lines.peek());
      }
      const want = text.split(/\r\n|\n|\r/);
      expect(got).toEqual(want);
      expect(peeked).toEqual([...want.slice(1), null]);
    }
  });
});
