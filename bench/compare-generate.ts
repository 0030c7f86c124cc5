/**
 * Writes a pair of Procmon CSVs for the compare benchmark: two machines running the same workload.
 * Each process replays its own deterministic script (bursts of file and registry work: open, query,
 * read or write a few times, close), identical on both machines; what differs is what differs between
 * real machines: the interleaving of processes (scheduling), PIDs, the user profile name and download
 * hash in paths, a few events dropped or added per machine (timing-dependent work, one-off temp
 * files), a few probes whose result flips, one process only the problem machine runs (the agent), and
 * the injected root cause: TiWorker.exe is denied on wpdmtp.dll on the problem machine and skips the
 * WinSxS staging the baseline does after it. Same format as Procmon's CSV export (BOM, CRLF, quoted).
 */
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { enUsTimeOfDay, makeRandom } from './generate-trace';

interface Machine {
  user: string;
  hash: string;
  pidBase: number;
  seed: number;
  problem: boolean;
}

interface Proc {
  name: string;
  weight: number;
  pid: number;
  dirs: string[];
}

const PROCS: Omit<Proc, 'pid'>[] = [
  {
    name: 'svchost.exe',
    weight: 22,
    dirs: ['C:\\Windows\\System32', 'C:\\Windows\\System32\\config', 'C:\\ProgramData\\Microsoft\\Network'],
  },
  {
    name: 'MsMpEng.exe',
    weight: 16,
    dirs: [
      'C:\\ProgramData\\Microsoft\\Windows Defender\\Scans',
      'C:\\Windows\\System32',
      'C:\\Users\\{USER}\\Downloads',
    ],
  },
  {
    name: 'explorer.exe',
    weight: 10,
    dirs: [
      'C:\\Users\\{USER}\\Desktop',
      'C:\\Users\\{USER}\\AppData\\Roaming\\Microsoft\\Windows\\Recent',
      'C:\\Windows\\System32',
    ],
  },
  {
    name: 'TiWorker.exe',
    weight: 18,
    dirs: [
      'C:\\Windows\\WinSxS',
      'C:\\Windows\\servicing\\Packages',
      'C:\\Windows\\SoftwareDistribution\\Download\\{HASH}\\inst',
    ],
  },
  { name: 'TrustedInstaller.exe', weight: 4, dirs: ['C:\\Windows\\servicing', 'C:\\Windows\\Logs\\CBS'] },
  {
    name: 'SearchIndexer.exe',
    weight: 8,
    dirs: ['C:\\ProgramData\\Microsoft\\Search\\Data\\Applications\\Windows', 'C:\\Users\\{USER}\\Documents'],
  },
  { name: 'System', weight: 6, dirs: ['C:\\$Extend', 'C:\\Windows\\System32\\config', 'C:\\pagefile.sys'] },
  { name: 'lsass.exe', weight: 3, dirs: ['C:\\Windows\\System32'] },
  {
    name: 'OneDrive.exe',
    weight: 5,
    dirs: ['C:\\Users\\{USER}\\OneDrive', 'C:\\Users\\{USER}\\AppData\\Local\\Microsoft\\OneDrive\\logs'],
  },
  {
    name: 'chrome.exe',
    weight: 8,
    dirs: [
      'C:\\Users\\{USER}\\AppData\\Local\\Google\\Chrome\\User Data\\Default',
      'C:\\Program Files\\Google\\Chrome\\Application',
    ],
  },
];
const AGENT: Omit<Proc, 'pid'> = {
  name: 'vUserHci.exe',
  weight: 1,
  dirs: ['C:\\Program Files (x86)\\DSPClient\\CEMS', 'C:\\Program Files (x86)\\DSPClient\\CEMS\\log'],
};
const STEMS = [
  'ntdll',
  'kernel32',
  'KernelBase',
  'advapi32',
  'rpcrt4',
  'combase',
  'ole32',
  'shell32',
  'user32',
  'crypt32',
  'wintrust',
  'sechost',
  'bcrypt',
  'profapi',
  'cbscore',
  'wcp',
  'dismcore',
  'wuaueng',
  'msi',
  'setupapi',
  'cfgmgr32',
  'winhttp',
  'index',
  'cache',
  'state',
  'settings',
];
const EXT = ['.dll', '.exe', '.mum', '.cat', '.manifest', '.log', '.dat', '.xml', '.etl', '.db'];
const KEYS = [
  'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion',
  'HKLM\\SYSTEM\\CurrentControlSet\\Services',
  'HKLM\\SYSTEM\\ControlSet001\\Control',
  'HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer',
  'HKLM\\COMPONENTS\\DerivedData\\Components',
  'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\WindowsUpdate',
];
const VALUES = [
  'Start',
  'Type',
  'ImagePath',
  'DisplayName',
  'Version',
  'InstallPath',
  'Enabled',
  'Group',
  'Description',
  'Flags',
];
const OPEN_OK =
  'Desired Access: Generic Read, Disposition: Open, Options: Synchronous IO Non-Alert, Non-Directory File, Attributes: N, ShareMode: Read, Write, Delete, AllocationSize: n/a, OpenResult: Opened';
const OPEN_FAIL =
  'Desired Access: Generic Read, Disposition: Open, Options: Synchronous IO Non-Alert, Non-Directory File, Attributes: n/a, ShareMode: Read, Write, Delete, AllocationSize: n/a';
const WPD = 'amd64_dual_wpdmtp.inf_31bf3856ad364e35_10.0.17134.1550_none_9744e57515d245dc';

type Ev = [op: string, path: string, result: string, detail: string];

/** One process's script: an endless deterministic series of bursts, the same on both machines. */
function* script(proc: Omit<Proc, 'pid'>, seed: number, rootAtBurst: number): Generator<Ev | 'ROOT-CAUSE'> {
  const rnd = makeRandom(seed);
  const n = (max: number): number => Math.floor(rnd() * max);
  let burst = 0;
  for (;;) {
    burst++;
    if (proc.name === 'TiWorker.exe' && burst === rootAtBurst) yield 'ROOT-CAUSE';
    if (rnd() < 0.6) {
      const name = `${STEMS[n(STEMS.length)]}_${n(400)}${EXT[n(EXT.length)]}`;
      const path = `${proc.dirs[n(proc.dirs.length)]}\\${name}`;
      const found = rnd() < 0.85;
      yield ['CreateFile', path, found ? 'SUCCESS' : 'NAME NOT FOUND', found ? OPEN_OK : OPEN_FAIL];
      if (!found) continue;
      yield [
        'QueryStandardInformationFile',
        path,
        'SUCCESS',
        `AllocationSize: ${(n(5000) * 4096).toLocaleString('en-US')}, EndOfFile: ${n(9_000_000).toLocaleString('en-US')}, NumberOfLinks: 1, DeletePending: False, Directory: False`,
      ];
      const write = rnd() < 0.2;
      for (let k = 1 + n(4); k > 0; k--) {
        yield [
          write ? 'WriteFile' : 'ReadFile',
          path,
          k === 1 && rnd() < 0.3 ? 'END OF FILE' : 'SUCCESS',
          `Offset: ${(n(4000) * 4096).toLocaleString('en-US')}, Length: ${(4096 * (1 + n(16))).toLocaleString('en-US')}, I/O Flags: Non-cached, Paging I/O, Synchronous Paging I/O, Priority: Normal`,
        ];
      }
      yield ['CloseFile', path, 'SUCCESS', ''];
    } else {
      const key = `${KEYS[n(KEYS.length)]}\\${STEMS[n(STEMS.length)]}${n(50)}`;
      const found = rnd() < 0.8;
      yield ['RegOpenKey', key, found ? 'SUCCESS' : 'NAME NOT FOUND', 'Desired Access: Read'];
      if (!found) continue;
      for (let k = 1 + n(3); k > 0; k--) {
        const flip = rnd() < 0.15;
        yield [
          'RegQueryValue',
          `${key}\\${VALUES[n(VALUES.length)]}`,
          flip ? 'BUFFER OVERFLOW' : 'SUCCESS',
          flip ? `Length: ${12 + n(200)}` : `Type: REG_DWORD, Length: 4, Data: ${n(5)}`,
        ];
      }
      yield ['RegCloseKey', key, 'SUCCESS', ''];
    }
  }
}

function rootCause(m: Machine): Ev[] {
  const dll = `C:\\Windows\\SoftwareDistribution\\Download\\${m.hash}\\inst\\${WPD}\\wpdmtp.dll`;
  const access =
    'Desired Access: Write Attributes, Synchronize, Disposition: Open, Options: Synchronous IO Non-Alert, Non-Directory File, Attributes: n/a, ShareMode: Read, Write, Delete, AllocationSize: n/a';
  if (m.problem) return [['CreateFile', dll, 'ACCESS DENIED', access]];
  const inflight = `C:\\Windows\\WinSxS\\Temp\\InFlight\\${m.hash.slice(0, 16)}\\${m.hash.slice(16)}\\wpdmtp.dll`;
  const out: Ev[] = [['CreateFile', dll, 'SUCCESS', `${access}, OpenResult: Opened`]];
  out.push([
    'CreateFile',
    inflight,
    'SUCCESS',
    'Desired Access: Generic Write, Read Attributes, Disposition: OverwriteIf, Options: Sequential Access, Synchronous IO Non-Alert, Non-Directory File, Attributes: N, ShareMode: None, AllocationSize: 0, OpenResult: Created',
  ]);
  for (let i = 0; i < 36; i++)
    out.push([
      'WriteFile',
      inflight,
      'SUCCESS',
      `Offset: ${(i * 65536).toLocaleString('en-US')}, Length: 65,536, Priority: Normal`,
    ]);
  out.push([
    'SetRenameInformationFile',
    inflight,
    'SUCCESS',
    `ReplaceIfExists: True, FileName: C:\\Windows\\WinSxS\\${WPD}\\wpdmtp.dll`,
  ]);
  out.push(['SetEAFile', `C:\\Windows\\WinSxS\\${WPD}\\wpdmtp.dll`, 'SUCCESS', '']);
  out.push(['CloseFile', `C:\\Windows\\WinSxS\\${WPD}\\wpdmtp.dll`, 'SUCCESS', '']);
  return out;
}

const q = (s: string): string => `"${s.includes('"') ? s.replace(/"/g, '""') : s}"`;

async function writeMachine(path: string, events: number, m: Machine, seed: number): Promise<number> {
  await mkdir(dirname(path), { recursive: true });
  const procs: Proc[] = [...PROCS, ...(m.problem ? [AGENT] : [])].map((p, i) => ({
    ...p,
    pid: m.pidBase + 4 * (i + 1) * 97,
  }));
  const total = procs.reduce((s, p) => s + p.weight, 0);
  // About four events per burst: put the root cause about 60% into TiWorker's share of the trace.
  const tiWorker = PROCS.find((p) => p.name === 'TiWorker.exe')!;
  // (From the shared processes only, so both machines put it at the same burst.)
  const shared = PROCS.reduce((s, p) => s + p.weight, 0);
  const rootAtBurst = Math.max(2, Math.floor(((events * tiWorker.weight) / shared / 4.2) * 0.6));
  const scripts = procs.map((p, i) => script(p, seed * 1000 + i + 1, rootAtBurst));
  const rnd = makeRandom(m.seed);
  const pending: { proc: number; ev: Ev }[] = [];
  const out = createWriteStream(path);
  let bytes = 0;
  const write = (s: string): Promise<void> => {
    bytes += Buffer.byteLength(s);
    return out.write(s) ? Promise.resolve() : new Promise((res) => out.once('drain', () => res()));
  };
  await write('\uFEFF"Time of Day","Process Name","PID","Operation","Path","Result","Detail"\r\n');
  let ticks = (10 * 3600 + 15 * 60 + 30) * 1e7;
  let batch = '';
  let extra = 0;
  for (let i = 0; i < events; i++) {
    let item = pending.shift();
    if (!item) {
      let pick = rnd() * total;
      let k = 0;
      while (k < procs.length - 1 && (pick -= procs[k].weight) >= 0) k++;
      const r = rnd();
      if (r < 0.003) {
        // Timing-dependent work only this machine does: a one-off temp file.
        item = {
          proc: k,
          ev: [
            'CreateFile',
            `C:\\Windows\\Temp\\~DF${(extra++ * 7919 + m.seed).toString(16).toUpperCase()}.tmp`,
            'SUCCESS',
            OPEN_OK,
          ],
        };
      } else {
        let ev = scripts[k].next().value as Ev | 'ROOT-CAUSE';
        // An event this machine skips (never the root cause itself).
        if (r < 0.006 && ev !== 'ROOT-CAUSE') ev = scripts[k].next().value as Ev | 'ROOT-CAUSE';
        if (ev === 'ROOT-CAUSE') {
          const seq = rootCause(m);
          for (const e of seq.slice(1)) pending.push({ proc: k, ev: e });
          ev = seq[0];
          if (m.problem) {
            const agent = procs.length - 1;
            pending.unshift({
              proc: agent,
              ev: ['QueryOpen', ev[1], 'SUCCESS', 'CreationTime: 12/7/2019 2:08:37 AM, FileAttributes: A'],
            });
          }
        } else if (r > 0.999 && ev[2] === 'SUCCESS' && ev[0] === 'RegOpenKey') {
          ev = [ev[0], ev[1], 'NAME NOT FOUND', ev[3]];
        }
        item = { proc: k, ev };
      }
    }
    ticks += 1 + Math.floor(rnd() * 400);
    const p = procs[item.proc];
    const [op, rawPath, result, detail] = item.ev;
    const pathText = rawPath.replace('{USER}', m.user).replace('{HASH}', m.hash);
    batch += `"${enUsTimeOfDay(ticks % (86400 * 1e7))}",${q(p.name)},"${p.pid}",${q(op)},${q(pathText)},${q(result)},${q(detail)}\r\n`;
    if (batch.length > 1 << 20) {
      await write(batch);
      batch = '';
    }
  }
  if (batch) await write(batch);
  await new Promise<void>((res, rej) => out.end((e?: Error | null) => (e ? rej(e) : res())));
  return bytes;
}

/** Writes the baseline and problem CSVs of `events` events each; resolves with their byte counts. */
export async function writeComparePair(
  baselinePath: string,
  problemPath: string,
  events: number,
  seed = 7,
): Promise<{ baselineBytes: number; problemBytes: number }> {
  const [baselineBytes, problemBytes] = await Promise.all([
    writeMachine(
      baselinePath,
      events,
      {
        user: 'alice',
        hash: '3f9a0c1e5b7d24680aa1bb2cc3dd4ee5',
        pidBase: 1000,
        seed: seed * 31 + 1,
        problem: false,
      },
      seed,
    ),
    writeMachine(
      problemPath,
      events,
      {
        user: 'zhang.wei',
        hash: 'c0ffee00112233445566778899aabbcc',
        pidBase: 2000,
        seed: seed * 31 + 2,
        problem: true,
      },
      seed,
    ),
  ]);
  return { baselineBytes, problemBytes };
}
