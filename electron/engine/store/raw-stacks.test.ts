/**
 * Raw stacks: stored as addresses while reading, resolved to module + offset when read. Checked
 * against a plain reference (BigInt addresses, linear module scan); pml-stack.test.ts does the same
 * on every event of a real capture.
 */
import { describe, expect, it } from 'vitest';
import type { ProcessInfo, StackFrame } from '../../../shared/model/trace';
import { RawStackPool, RawStackResolver } from './raw-stacks';
import { TraceStoreBuilder, type RawStackContext } from './trace-store';

function proc(index: number, name: string, modules: [string, bigint, number][]): ProcessInfo {
  return {
    index,
    pid: index * 4,
    parentPid: 0,
    name,
    imagePath: '',
    commandLine: '',
    user: '',
    integrity: '',
    company: '',
    description: '',
    version: '',
    startTime: '',
    endTime: '',
    is64bit: true,
    modules: modules.map(([p, base, size]) => ({
      path: p,
      base: '0x' + base.toString(16),
      size,
      company: '',
      description: '',
      version: '',
    })),
  };
}

/** The frames Procmon shows without symbols, computed the slow and obvious way. */
function reference(
  addresses: readonly bigint[],
  owner: ProcessInfo | undefined,
  kernelModules: ProcessInfo | undefined,
  maxUser: bigint,
): StackFrame[] {
  return addresses.map((a, depth) => {
    const kernel = a > maxUser;
    const list = (kernel ? kernelModules : owner)?.modules ?? [];
    let found: (typeof list)[number] | undefined;
    for (const m of list) if (BigInt(m.base) <= a && a - BigInt(m.base) < BigInt(m.size)) found = m;
    const address = '0x' + a.toString(16);
    if (!found) return { depth, address, module: '<unknown>', location: address, path: '', kernel };
    const name = found.path.slice(found.path.lastIndexOf('\\') + 1);
    const offset = a - BigInt(found.base);
    return {
      depth,
      address,
      module: name,
      location: `${name} + 0x${offset.toString(16)}`,
      path: found.path,
      kernel,
    };
  });
}

function bytesOf(addresses: readonly bigint[], pointerSize: 4 | 8): DataView {
  const dv = new DataView(new ArrayBuffer(3 + addresses.length * pointerSize));
  addresses.forEach((a, i) => {
    // Odd start offset: records are not aligned in a PML file either.
    if (pointerSize === 8) dv.setBigUint64(3 + i * 8, a, true);
    else dv.setUint32(3 + i * 4, Number(a), true);
  });
  return dv;
}

const PROCESSES = [
  proc(0, 'System', [
    ['\\SystemRoot\\system32\\ntoskrnl.exe', 0xfffff80002a00000n, 0x5e0000],
    ['\\SystemRoot\\System32\\drivers\\FLTMGR.SYS', 0xfffff88001000000n, 0x4c000],
  ]),
  proc(1, 'app.exe', [
    ['C:\\Windows\\System32\\ntdll.dll', 0x7ffe0000n, 0x1a0000],
    ['C:\\app\\app.exe', 0x400000n, 0x10000],
  ]),
];
const CONTEXT: RawStackContext = { kernelProcess: 0, maxUserHi: 0x7ff, maxUserLo: 0xfffeffff };
const MAX_USER = 0x7fffffeffffn;

describe('RawStackPool', () => {
  const stacks: bigint[][] = [
    [0xfffff88001001cfdn, 0xfffff80002a12345n, 0x7ffe1234n, 0x401000n, 0x12345n],
    [0xfffff88001001cfdn, 0x7ffe1234n],
    [0xfffffa8000000000n],
  ];

  it('resolves user frames through the process modules and kernel ones through the System drivers', () => {
    const pool = new RawStackPool();
    const ctx = pool.addContext(CONTEXT);
    const at = stacks.map((s) => pool.add(1, ctx, bytesOf(s, 8), 3, s.length, 8));
    const resolver = new RawStackResolver(pool.finish()!, PROCESSES);
    stacks.forEach((s, i) =>
      expect(resolver.frames(at[i])).toEqual(reference(s, PROCESSES[1], PROCESSES[0], MAX_USER)),
    );
  });

  it('stores an identical stack of the same process once', () => {
    const pool = new RawStackPool();
    const ctx = pool.addContext(CONTEXT);
    const a = pool.add(1, ctx, bytesOf(stacks[0], 8), 3, 5, 8);
    expect(pool.add(1, ctx, bytesOf(stacks[0], 8), 3, 5, 8)).toBe(a);
    expect(pool.add(0, ctx, bytesOf(stacks[0], 8), 3, 5, 8)).not.toBe(a);
    expect(pool.add(1, ctx, bytesOf(stacks[1], 8), 3, 2, 8)).not.toBe(a);
  });

  it('keeps 32-bit captures and stacks with more than 65,536 distinct addresses exact', () => {
    const pool = new RawStackPool();
    const ctx = pool.addContext({ kernelProcess: 0, maxUserHi: 0, maxUserLo: 0x7fffffff });
    const small = [0x7ffe0010n, 0x80000000n, 0x401234n];
    const at32 = pool.add(1, ctx, bytesOf(small, 4), 3, 3, 4);
    const big: bigint[] = [];
    for (let i = 0; i < 70_000; i++) big.push(0x400000n + BigInt(i) * 4n);
    const positions: number[] = [];
    for (let i = 0; i < big.length; i += 1000)
      positions.push(pool.add(1, ctx, bytesOf(big.slice(i, i + 1000), 4), 3, 1000, 4));
    const resolver = new RawStackResolver(pool.finish()!, PROCESSES);
    expect(resolver.frames(at32)).toEqual(reference(small, PROCESSES[1], PROCESSES[0], 0x7fffffffn));
    const last = positions.length - 1;
    expect(resolver.frames(positions[last])).toEqual(
      reference(big.slice(last * 1000, last * 1000 + 1000), PROCESSES[1], PROCESSES[0], 0x7fffffffn),
    );
  });

  it('appends another pool\u2019s stacks without copying them, each with its frame table', () => {
    const meta = {
      file: 'x',
      fileName: 'x',
      size: 0,
      kind: 'procmon-pml' as const,
      encoding: '',
      timeIsAbsolute: true,
      columns: [],
      computerName: '',
      osVersion: '',
    };
    const make = (stack: bigint[]): TraceStoreBuilder => {
      const b = new TraceStoreBuilder(meta);
      for (const p of PROCESSES) b.addProcess(p);
      const ctx = b.addRawStackContext(CONTEXT);
      const seq = b.push({
        timeSec: 1,
        timeFrac: 0,
        process: 'app.exe',
        pid: 4,
        tid: 1,
        operation: 'ReadFile',
        path: 'C:\\x',
        result: 'SUCCESS',
        detail: '',
        duration: 0,
        eventClass: 'File System',
        processIndex: 1,
      });
      b.setRawStack(seq, 1, ctx, bytesOf(stack, 8), 3, stack.length, 8);
      return b;
    };
    const first = make(stacks[0]);
    first.appendEvents(make(stacks[1]).toTransfer());
    const store = first.finish();
    expect(store.length).toBe(2);
    expect(store.stack(0)).toEqual(reference(stacks[0], PROCESSES[1], PROCESSES[0], MAX_USER));
    expect(store.stack(1)).toEqual(reference(stacks[1], PROCESSES[1], PROCESSES[0], MAX_USER));
    expect(store.stack(2)).toEqual([]);
    expect(store.transferables().length).toBeGreaterThan(13);
  });
});
