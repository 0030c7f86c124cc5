/**
 * Process (class 1), network (class 5) and profiling (class 4) events: Path and Detail
 * (procmon.md §3.9). Multi-line values (the Process Start environment) use the CSV export's line
 * form, a CR followed by ";\t" per line, so a PML and its CSV export give the same Detail text.
 */
import { DetailKey, type EventContext } from './pml-event-context';
import { ipKey } from './pml-tables';
import { groupDigits, hex64, ticksText, u64Text } from './pml-format';
import { NETWORK_OPS, PROCESS_OPS, PROFILING_OPS } from './pml-names';

const enum ProcessOp {
  Defined = 0,
  Create = 1,
  Exit = 2,
  ThreadCreate = 3,
  ThreadExit = 4,
  LoadImage = 5,
  Start = 7,
  Statistics = 8,
}

export function decodeProcess(c: EventContext, withDetail: boolean): string {
  c.operation = PROCESS_OPS[c.op] ?? '<Unknown>';
  c.setPath('');
  const d = c.detailStart;
  const end = c.detailEnd;
  switch (c.op) {
    case ProcessOp.Defined:
    case ProcessOp.Create: {
      if (d + 0x34 > end) return '';
      const pid = c.u32(d + 4);
      const skip1 = c.u8(d + 0x2c);
      const skip2 = c.u8(d + 0x2d);
      const pathInfo = c.u16At(d + 0x2e);
      const cmdInfo = c.u16At(d + 0x30);
      c.readPath(pathInfo, d + 0x34 + skip1 + skip2, end);
      if (!withDetail) return '';
      const cmd = c.infoString(cmdInfo, c.next, end);
      return `PID: ${pid}, Command line: ${cmd}`;
    }
    case ProcessOp.Exit:
    case ProcessOp.Statistics: {
      if (!withDetail || d + 52 > end) return '';
      const q = (o: number): string => groupDigits(u64Text(c.u32(d + o + 4), c.u32(d + o)));
      return (
        `Exit Status: ${c.i32(d)}, User Time: ${ticksText(c.u32(d + 16), c.u32(d + 12))} seconds, ` +
        `Kernel Time: ${ticksText(c.u32(d + 8), c.u32(d + 4))} seconds, Private Bytes: ${q(36)}, Peak Private Bytes: ${q(44)}, ` +
        `Working Set: ${q(20)}, Peak Working Set: ${q(28)}`
      );
    }
    case ProcessOp.ThreadCreate:
      return withDetail && d + 4 <= end ? `Thread ID: ${c.u32(d)}` : '';
    case ProcessOp.ThreadExit:
      if (!withDetail || d + 20 > end) return '';
      return `Thread ID: ${c.tid}, User Time: ${ticksText(c.u32(d + 16), c.u32(d + 12))}, Kernel Time: ${ticksText(c.u32(d + 8), c.u32(d + 4))}`;
    case ProcessOp.LoadImage: {
      const ptr = c.pointerSize;
      if (d + ptr + 8 > end) return '';
      const baseLo = c.u32(d);
      const baseHi = ptr === 8 ? c.u32(d + 4) : 0;
      const size = c.u32(d + ptr);
      c.readPath(c.u16At(d + ptr + 4), d + ptr + 8, end);
      if (!withDetail) return '';
      c.keyReset();
      c.keyU32(baseLo);
      c.keyU32(baseHi);
      c.keyU32(size);
      return (
        c.cachedKey(DetailKey.LoadImage) ??
        c.rememberKey(
          DetailKey.LoadImage,
          `Image Base: ${hex64(baseHi, baseLo)}, Image Size: 0x${size.toString(16)}`,
        )
      );
    }
    case ProcessOp.Start: {
      if (!withDetail || d + 12 > end) return '';
      const parent = c.u32(d);
      const cmdInfo = c.u16At(d + 4);
      const dirInfo = c.u16At(d + 6);
      const envChars = c.u32(d + 8);
      const cmd = c.infoString(cmdInfo, d + 12, end);
      const dir = c.infoString(dirInfo, c.next, end);
      const envAt = c.next;
      const env = c.multiSz(envAt, Math.min(end, envAt + envChars * 2));
      let envText = '';
      for (const line of env) envText += '\r;\t' + line;
      return `Parent PID: ${parent}, Command line: ${cmd}, Current directory: ${dir}, Environment: ${envText}`;
    }
    default:
      return '';
  }
}

export function decodeProfiling(c: EventContext, withDetail: boolean): string {
  c.operation = PROFILING_OPS[c.op] ?? '<Unknown>';
  c.setPath('');
  const d = c.detailStart;
  if (!withDetail || c.op !== 1 || d + 32 > c.detailEnd) return '';
  return (
    `User Time: ${ticksText(c.u32(d + 4), c.u32(d))} seconds, Kernel Time: ${ticksText(c.u32(d + 12), c.u32(d + 8))} seconds, ` +
    `Private Bytes: ${groupDigits(u64Text(c.u32(d + 28), c.u32(d + 24)))}, Working Set: ${groupDigits(u64Text(c.u32(d + 20), c.u32(d + 16)))}`
  );
}

const TCP_OPS = NETWORK_OPS.map((o) => 'TCP ' + o);
const UDP_OPS = NETWORK_OPS.map((o) => 'UDP ' + o);

export interface NetworkNames {
  hosts: Map<string, string>;
  ports: Map<number, string>;
}

function address(c: EventContext, at: number, isV4: boolean, names: NetworkNames): string {
  const known = names.hosts.get(ipKey(c.bytes, at));
  if (known) return known;
  const b = c.bytes;
  if (isV4) return `${b[at]}.${b[at + 1]}.${b[at + 2]}.${b[at + 3]}`;
  // Procmon prints all eight groups without leading zeros and without "::" compression.
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((b[at + i] << 8) | b[at + i + 1]).toString(16));
  return groups.join(':');
}

/** Layout: u16 flags (bit0 src IPv4, bit1 dst IPv4, bit2 TCP), u16, u32 length, 2x16-byte address, 2x u16 port, key/value multi-sz. */
export function decodeNetwork(c: EventContext, withDetail: boolean, names: NetworkNames): string {
  const d = c.detailStart;
  if (d + 44 > c.detailEnd) {
    c.operation = NETWORK_OPS[c.op] ?? '<Unknown>';
    c.setPath('');
    return '';
  }
  const flags = c.u16At(d);
  const tcp = (flags & 4) !== 0;
  c.operation = (tcp ? TCP_OPS : UDP_OPS)[c.op] ?? '<Unknown>';
  const port = (p: number): string => names.ports.get(p * 2 + (tcp ? 1 : 0)) ?? String(p);
  c.setPath(
    `${address(c, d + 8, (flags & 1) !== 0, names)}:${port(c.u16At(d + 40))} -> ` +
      `${address(c, d + 24, (flags & 2) !== 0, names)}:${port(c.u16At(d + 42))}`,
  );
  if (!withDetail) return '';
  // Network lengths print without grouping, unlike file and registry ones (as procmon-parser's
  // CSV comparison found); Procmon leaves three of the recorded values out of Connect and Accept.
  let s = `Length: ${c.u32(d + 4)}`;
  const pairs = c.multiSz(d + 44, c.detailEnd);
  const connect = c.op === 4 || c.op === 5;
  for (let i = 0; i + 1 < pairs.length; i += 2) {
    const key = pairs[i];
    if (connect && (key === 'sndwinscale' || key === 'seqnum' || key === 'connid')) continue;
    s += `, ${key}: ${pairs[i + 1]}`;
  }
  return s;
}
