/**
 * Seeds made here rather than found on disk: formats with no sample in the repo (fltmc, icacls,
 * Get-Acl, SDDL), zip bundles of repo fixtures (including hostile names), and case files. None holds
 * data from ../shared/samples, so a crash found from them can be kept as a regression as it is.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { serializeCase } from '../electron/engine/case/case-file';
import { makeCase } from '../electron/engine/report/report-test-fixture';
import { buildZip } from './zip-builder';

export interface Seed {
  name: string;
  origin: 'fixture' | 'sample' | 'synthetic';
  bytes: Uint8Array;
}

const FLTMC = `
Filter Name                     Num Instances    Altitude    Frame
------------------------------  -------------  ------------  -----
bindflt                                 1       409800         0
TmFileMonitor                           8       328520         0
WdFilter                                8       328010         0
storqosflt                              0       244000         0
wcifs                                   0       189900         0
FileCrypt                               0       141100         0
luafv                                   1       135000         0
npsvctrig                               1        46000         0
Wof                                     6        40700         0
FileInfo                                8        40500         0
`;

const FLTMC_INSTANCES = `
Filter                Volume Name                              Altitude        Instance Name       Frame   SprtFtrs  VlStatus
--------------------  -------------------------------------  ------------  ----------------------  -----   --------  --------
TmFileMonitor         C:                                        328520     TmFileMonitor Instance    0     0000000f
WdFilter              \\Device\\Mup                             328010     WdFilter Instance         0     0000000f
`;

const ICACLS = `C:\\Windows\\System32\\DriverStore\\FileRepository\\wpdmtp.inf_amd64_1a2b3c4d5e6f7a8b\\wpdmtp.dll NT SERVICE\\TrustedInstaller:(F)
                                                                    BUILTIN\\Administrators:(RX)
                                                                    NT AUTHORITY\\SYSTEM:(RX)
                                                                    BUILTIN\\Users:(RX)
                                                                    Everyone:(DENY)(W,D)
                                                                    APPLICATION PACKAGE AUTHORITY\\ALL APPLICATION PACKAGES:(RX)
C:\\Windows\\Temp NT AUTHORITY\\SYSTEM:(OI)(CI)(F)
                  CONTOSO\\svc-agent:(OI)(CI)(IO)(M)
                  S-1-5-21-1004336348-1177238915-682003330-512:(I)(OI)(CI)(RX,W)

Successfully processed 2 files; Failed processing 1 files
C:\\Windows\\nope.dll: Access is denied.
`;

const ICACLS_ZH = `C:\\Windows\\System32\\wpdmtp.dll NT SERVICE\\TrustedInstaller:(F)
                                  BUILTIN\\Administrators:(RX)
                                  NT AUTHORITY\\SYSTEM:(RX)

已成功处理 1 个文件; 处理 0 个文件时失败
`;

const GET_ACL = `

Path   : Microsoft.PowerShell.Core\\FileSystem::C:\\Windows\\System32\\wpdmtp.dll
Owner  : NT SERVICE\\TrustedInstaller
Group  : NT SERVICE\\TrustedInstaller
Access : NT SERVICE\\TrustedInstaller Allow  FullControl
         BUILTIN\\Administrators Allow  ReadAndExecute, Synchronize
         NT AUTHORITY\\SYSTEM Allow  ReadAndExecute, Synchronize
         CONTOSO\\svc-agent Deny  Write, Delete
Audit  :
Sddl   : O:S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464G:S-1-5-80-956008885-341852264
         9-1831038044-1853292631-2271478464D:PAI(A;;FA;;;S-1-5-80-956008885-3418522649-1831038044-185329
         2631-2271478464)(A;;0x1200a9;;;BA)(A;;0x1200a9;;;SY)(D;;0x10116;;;S-1-5-21-1-2-3-1105)

`;

const SDDL =
  'O:BAG:SYD:PAI(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)(A;OICIIO;GA;;;CO)(A;OICI;0x1200a9;;;BU)(D;;WDWO;;;WD)S:AI(AU;SAFA;DCLCRPCRSDWDWO;;;WD)\r\n';

function utf16le(text: string): Uint8Array {
  return Uint8Array.from([0xff, 0xfe, ...Buffer.from(text, 'utf16le')]);
}

const text = (name: string, t: string): Seed => ({
  name,
  origin: 'synthetic',
  bytes: Buffer.from(t, 'utf8'),
});

function toolSeeds(): Seed[] {
  return [
    text('fltmc.txt', FLTMC),
    text('fltmc-instances.txt', FLTMC_INSTANCES),
    { name: 'fltmc-utf16.txt', origin: 'synthetic', bytes: utf16le(FLTMC) },
    text('icacls.txt', ICACLS),
    text('icacls-zh.txt', ICACLS_ZH),
    { name: 'icacls-utf16.txt', origin: 'synthetic', bytes: utf16le(ICACLS) },
  ];
}

function aclSeeds(): Seed[] {
  return [
    text('icacls.txt', ICACLS),
    text('icacls-zh.txt', ICACLS_ZH),
    text('get-acl.txt', GET_ACL),
    { name: 'get-acl-utf16.txt', origin: 'synthetic', bytes: utf16le(GET_ACL) },
    text('sddl.txt', SDDL),
  ];
}

function caseSeeds(): Seed[] {
  const plain = makeCase();
  const marked = makeCase({ withAnnotations: true });
  const zh = { ...marked, view: { ...marked.view, language: 'zh-CN' as const } };
  return [
    text('plain.tdcase', serializeCase(plain)),
    text('annotated.tdcase', serializeCase(marked)),
    text('zh.tdcase', serializeCase(zh)),
  ];
}

/** Zip bundles of small repo fixtures: a plain one, a nested one and one with hostile names. */
async function zipSeeds(root: string): Promise<Seed[]> {
  const f = (p: string): Promise<Buffer> => readFile(path.join(root, 'fixtures', p));
  const cbs = await f('cases/missing-source/logs/CBS.log');
  const dism = await f('cases/missing-source/logs/dism.log');
  const system = await f('cases/registry-access-denied/logs/System.xml');
  const csv = (await f('cases/cannot-delete/problem.CSV')).subarray(0, 8192);
  const inner = buildZip([{ name: 'inner/setupact.log', data: await f('logs/setupact-seed.log') }]);
  return [
    {
      name: 'bundle.zip',
      origin: 'fixture',
      bytes: buildZip([
        { name: 'logs/CBS.log', data: cbs },
        { name: 'logs/dism.log', data: dism, method: 0 },
        { name: 'System.xml', data: system },
        { name: 'problem.CSV', data: csv },
      ]),
    },
    {
      name: 'nested.zip',
      origin: 'fixture',
      bytes: buildZip([
        { name: 'bundle/inner.zip', data: inner, method: 0 },
        { name: 'bundle/', data: new Uint8Array(0), method: 0 },
      ]),
    },
    {
      name: 'hostile.zip',
      origin: 'fixture',
      bytes: buildZip([
        { name: '../../escape.log', data: cbs.subarray(0, 512) },
        { name: 'CON', data: dism.subarray(0, 256) },
        { name: 'a\\b\\c.log', data: cbs.subarray(0, 300) },
      ]),
    },
  ];
}

export async function syntheticSeeds(target: string, root: string): Promise<Seed[]> {
  switch (target) {
    case 'tool-output':
      return toolSeeds();
    case 'acl':
      return aclSeeds();
    case 'fltmc':
      return toolSeeds().filter((t) => t.name.startsWith('fltmc'));
    case 'case':
    case 'report':
      return caseSeeds();
    case 'zip':
      return zipSeeds(root);
    default:
      return [];
  }
}
