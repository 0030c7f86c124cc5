/**
 * Reads Procmon XML exports (procmon.md §2) with the saxes streaming parser, chunk by chunk, so a
 * gigabyte export is never held whole. The process list (with modules) becomes the store's process
 * table; events are joined to it by ProcessIndex; event children are the exported columns with spaces
 * written as `_` (`Time_of_Day`); `<stack><frame>` lists are kept per event.
 */
import { stat } from 'node:fs/promises';
import { SaxesParser } from 'saxes';
import type { SniffResult } from '../../../shared/contract';
import type { ModuleInfo, StackFrame } from '../../../shared/model/trace';
import { formatTime, TraceStoreBuilder, type EventIdsInput, type TraceStore } from '../store/trace-store';
import { ColumnIds, detach } from './column-ids';
import { encodingFromLabel, readTextChunks } from './decode';
import type { IngestOptions } from './ingest-options';
import { CORE_COLUMNS, eventClassForOperation, PROCMON_COLUMNS, procmonColumnFor } from './procmon-columns';
import { newTraceMeta } from './procmon-csv';
import { parseIntFast, parseLocaleNumber, ProcmonClock } from './time-parse';

/** FILETIME (100 ns since 1601, UTC) as ISO-8601; '' for 0 or nonsense. */
export function filetimeToIso(text: string): string {
  if (!/^\d{1,20}$/.test(text) || /^0+$/.test(text)) return '';
  const ticks = BigInt(text) - 116_444_736_000_000_000n;
  const ms = Number(ticks / 10_000n);
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return '';
  const frac = String(ticks % 10_000_000n).padStart(7, '0');
  return `${d.toISOString().slice(0, 19)}.${frac}Z`;
}

function frameModule(path: string): string {
  const i = Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/'));
  return i >= 0 ? path.slice(i + 1) : path;
}

/** Kernel addresses: the top half of the address space (0xFFFF8... on x64, 0x8... on x86). */
export function isKernelAddress(address: string): boolean {
  const hex = address.replace(/^0x/i, '');
  if (hex.length > 8) return /^ffff[89a-f]/i.test(hex.padStart(16, '0'));
  return hex.length === 8 && /^[89a-f]/i.test(hex);
}

type Fields = Map<string, string>;

const MAX_XML_ERRORS = 50;
/**
 * Deepest element read. An export is six levels deep (procmon, eventlist, event, stack, frame,
 * field); a damaged or hostile file nested a million deep kept every level open, in saxes and here,
 * at hundreds of MiB (found by fuzzing). Deeper elements are read past without being kept.
 */
const MAX_DEPTH = 64;
/** Open elements read past below MAX_DEPTH before reading stops (saxes keeps a stack of them). */
const MAX_SKIPPED_DEPTH = 10_000;

/** Distinct event fields kept: Procmon has about 40 columns; the rest of a damaged file is left out. */
const MAX_COLUMNS = 256;
/** Fields never left out: Procmon's own columns. */
const KNOWN_FIELDS: ReadonlySet<string> = new Set<string>([...PROCMON_COLUMNS, 'ProcessIndex']);

/** Stops the read from inside a parser callback; the events complete so far are kept. */
class StopReading extends Error {}

/** An element name for a message: names can be megabytes long in a damaged file. */
const tagName = (name: string): string => (name.length > 60 ? `${name.slice(0, 60)}…` : name);

/** The open elements for a message, eliding the middle of a deep path. */
function openPath(stack: readonly string[]): string {
  const tags = (names: readonly string[]): string => names.map((n) => `<${tagName(n)}>`).join('');
  if (stack.length <= 6) return tags(stack);
  return `${tags(stack.slice(0, 4))} … ${stack.length - 5} more … ${tags(stack.slice(-1))}`;
}

/** Reads a Procmon XML export into a TraceStore. */
export async function readProcmonXml(
  path: string,
  sniff: SniffResult,
  opts: IngestOptions = {},
): Promise<TraceStore> {
  const { size } = await stat(path);
  const builder = new TraceStoreBuilder(newTraceMeta(path, size, sniff, opts));
  const fileName = builder.meta.fileName;
  const parser = new SaxesParser({ position: true });

  const stack: string[] = [];
  let text = '';
  let proc: Fields | null = null;
  let modules: ModuleInfo[] = [];
  let mod: Fields | null = null;
  let ev: Fields | null = null;
  let evLine = 0;
  let frames: StackFrame[] | null = null;
  let frame: Fields | null = null;
  let sawRoot = false;
  let errors = 0;
  /** Open elements below MAX_DEPTH, read past but not kept. */
  let skipped = 0;
  let tooManyColumns = false;
  let clock: ProcmonClock | null = null;
  const processByXmlIndex = new Map<number, number>();
  const columns: string[] = [];
  const columnSet = new Set<string>();
  const classByOperation = new Map<string, string>();
  const columnIds = new Map<string, ColumnIds>();
  const idsFor = (column: string): ColumnIds => {
    let ids = columnIds.get(column);
    if (!ids) {
      ids = new ColumnIds(builder.strings);
      columnIds.set(column, ids);
    }
    return ids;
  };

  const addProcess = (p: Fields): void => {
    // Copies: the text is cut from the parsed chunk, and a process list can be most of the file.
    const get = (k: string): string => detach(p.get(k) ?? '');
    const index = builder.addProcess({
      pid: parseIntFast(get('ProcessId')) || 0,
      parentPid: get('ParentProcessId') === '' ? -1 : parseIntFast(get('ParentProcessId')),
      name: get('ProcessName'),
      imagePath: get('ImagePath'),
      commandLine: get('CommandLine'),
      user: get('Owner'),
      integrity: get('Integrity'),
      company: get('CompanyName'),
      description: get('Description'),
      version: get('Version'),
      startTime: filetimeToIso(get('CreateTime')),
      endTime: filetimeToIso(get('FinishTime')),
      is64bit: get('Is64bit') === '' ? null : get('Is64bit') === '1',
      modules,
    });
    const xmlIndex = parseIntFast(get('ProcessIndex'));
    if (!Number.isNaN(xmlIndex)) processByXmlIndex.set(xmlIndex, index);
  };

  const addEvent = (e: Fields, line: number): void => {
    const cell = (name: string): string | undefined => e.get(name);
    if (clock === null) {
      // The first event fixes the columns the export has.
      const hasDate = e.has('Date & Time');
      builder.meta.timeIsAbsolute = hasDate;
      clock = new ProcmonClock(hasDate);
    }
    for (const k of e.keys()) {
      if (columnSet.has(k)) continue;
      if (columnSet.size >= MAX_COLUMNS && !KNOWN_FIELDS.has(k)) {
        // Each column costs a store column of its own: a damaged file naming 100,000 different
        // fields would take gigabytes.
        if (!tooManyColumns)
          builder.warn(
            `line ${line}`,
            `events name more than ${MAX_COLUMNS} different fields; <${tagName(k.replace(/ /g, '_'))}> and any further new ones are left out`,
          );
        tooManyColumns = true;
        e.delete(k);
        continue;
      }
      columnSet.add(k);
      columns.push(k);
    }
    const tod = cell('Time of Day');
    if (tod !== undefined) {
      const status = clock.update(tod, cell('Date & Time') ?? null);
      if (status !== 'ok') {
        builder.warn(
          `line ${line}`,
          `Time of Day "${tod.slice(0, 40)}" is not a time; the previous event's time is used`,
        );
      }
    }
    const xmlIndex = parseIntFast(cell('ProcessIndex') ?? '');
    const processIndex = processByXmlIndex.get(xmlIndex) ?? -1;
    const p = processIndex >= 0 ? builder.processes[processIndex] : null;
    const operation = cell('Operation') ?? '';
    let eventClass = cell('Event Class');
    if (eventClass === undefined) {
      eventClass = classByOperation.get(operation);
      if (eventClass === undefined) {
        eventClass = eventClassForOperation(operation);
        classByOperation.set(operation, eventClass);
      }
    }
    const pidText = cell('PID');
    let pid = pidText !== undefined ? parseIntFast(pidText) : (p?.pid ?? -1);
    if (Number.isNaN(pid)) pid = -1;
    const tid = parseIntFast(cell('TID') ?? '');
    const durText = cell('Duration');
    // Field text is cut from the parsed chunk; interning through ColumnIds copies new values.
    const ev: EventIdsInput = {
      timeSec: clock.sec,
      timeFrac: clock.frac,
      process: idsFor('Process Name').id(cell('Process Name') ?? p?.name ?? ''),
      pid,
      tid: Number.isNaN(tid) ? 0 : tid,
      operation: idsFor('Operation').id(operation),
      path: idsFor('Path').id(cell('Path') ?? ''),
      result: idsFor('Result').id(cell('Result') ?? ''),
      detail: idsFor('Detail').id(cell('Detail') ?? ''),
      duration: durText === undefined || durText === '' ? NaN : parseLocaleNumber(durText, true),
      eventClass: idsFor('Event Class').id(eventClass),
      processIndex,
    };
    const seq = builder.pushIds(ev);
    for (const [k, v] of e) {
      if (v !== '' && !CORE_COLUMNS.has(k) && k !== 'ProcessIndex')
        builder.setExtraId(seq, k, idsFor(k).id(v));
    }
    if (frames && frames.length > 0) builder.setStack(seq, frames);
    if (p && operation === 'Process Exit' && p.endTime === '') {
      p.endTime = formatTime(builder.meta.timeIsAbsolute, clock.sec, clock.frac, false);
    }
  };

  parser.on('error', (err) => {
    errors++;
    if (errors <= 5 || errors === MAX_XML_ERRORS) {
      builder.warn(
        `line ${parser.line}`,
        `XML is not well-formed: ${err.message.replace(/^[^:]*:\d+:\d+: /, '')}`,
      );
    }
    if (errors >= MAX_XML_ERRORS)
      throw new Error(`${fileName}: too many XML errors (${errors}); reading stopped`);
  });
  parser.on('opentag', (tag) => {
    const name = tag.name;
    text = '';
    if (skipped > 0 || stack.length >= MAX_DEPTH) {
      if (skipped++ === 0)
        builder.warn(
          `line ${parser.line}`,
          `elements nested deeper than ${MAX_DEPTH} levels (inside ${openPath(stack)}) are left out`,
        );
      if (skipped > MAX_SKIPPED_DEPTH)
        throw new StopReading(
          `elements nested over ${MAX_SKIPPED_DEPTH.toLocaleString('en-US')} levels deep at line ${parser.line}; reading stopped, the ${builder.length} complete events are kept`,
        );
      return;
    }
    const parent = stack.length > 0 ? stack[stack.length - 1] : '';
    stack.push(name);
    if (stack.length === 1) {
      if (name.toLowerCase() !== 'procmon') {
        throw new Error(
          `${fileName}, line ${parser.line}: expected the root element <procmon>, found <${tagName(name)}>`,
        );
      }
      sawRoot = true;
    } else if (name === 'process' && parent === 'processlist') {
      proc = new Map();
      modules = [];
    } else if (name === 'module' && proc) {
      mod = new Map();
    } else if (name === 'event' && parent === 'eventlist') {
      ev = new Map();
      evLine = parser.line;
      frames = null;
    } else if (name === 'stack' && ev) {
      frames = [];
    } else if (name === 'frame' && frames) {
      frame = new Map();
    }
  });
  parser.on('text', (t) => {
    text += t;
  });
  parser.on('cdata', (t) => {
    text += t;
  });
  parser.on('closetag', (tag) => {
    const name = tag.name;
    if (skipped > 0) {
      skipped--;
      text = '';
      return;
    }
    stack.pop();
    const parent = stack.length > 0 ? stack[stack.length - 1] : '';
    if (frame && parent === 'frame') frame.set(name, text);
    else if (frame && name === 'frame') {
      const address = frame.get('address') ?? '';
      const framePath = frame.get('path') ?? '';
      frames!.push({
        depth: Number(frame.get('depth') ?? frames!.length),
        address,
        module: frame.get('module') ?? frameModule(framePath),
        location: frame.get('location') ?? '',
        path: framePath,
        kernel: isKernelAddress(address),
      });
      frame = null;
    } else if (ev && parent === 'event' && name !== 'stack') {
      const col = name === 'ProcessIndex' ? name : (procmonColumnFor(name) ?? name.replace(/_/g, ' '));
      ev.set(col, text);
    } else if (ev && name === 'event') {
      addEvent(ev, evLine);
      ev = null;
      frames = null;
    } else if (mod && parent === 'module') mod.set(name, text);
    else if (mod && name === 'module') {
      const get = (k: string): string => detach(mod!.get(k) ?? '');
      modules.push({
        path: get('Path'),
        base: get('BaseAddress'),
        size: Number(get('Size')) || 0,
        company: get('Company'),
        description: get('Description'),
        version: get('Version'),
      });
      mod = null;
    } else if (proc && parent === 'process' && name !== 'modulelist') proc.set(name, text);
    else if (proc && name === 'process') {
      addProcess(proc);
      proc = null;
    }
    text = '';
  });

  let bytesRead = 0;
  let lastReport = 0;
  let stopped = false;
  for await (const chunk of readTextChunks(path, {
    encoding: encodingFromLabel(sniff.encoding),
    signal: opts.signal,
    onBytes: (n) => {
      bytesRead = n;
    },
  })) {
    try {
      parser.write(chunk);
    } catch (e) {
      if (!(e instanceof StopReading)) throw e;
      builder.warn(`line ${parser.line}`, e.message);
      stopped = true;
      break;
    }
    if (opts.onProgress && bytesRead - lastReport >= 1 << 20) {
      lastReport = bytesRead;
      opts.onProgress({ bytesRead, bytesTotal: size, events: builder.length });
    }
  }
  if (!sawRoot)
    throw new Error(`${fileName}, line 1: expected a Procmon XML export (<procmon>), found no root element`);
  // A stopped read was warned about where it stopped.
  if (!stopped && stack.length > 0) {
    builder.warn(
      `line ${parser.line}`,
      `the file ends inside ${openPath(stack)} (truncated?); the ${builder.length} complete events are kept`,
    );
  } else if (!stopped) {
    parser.close();
  }
  builder.meta.columns = columns.filter((c) => c !== 'ProcessIndex');
  opts.onProgress?.({ bytesRead: size, bytesTotal: size, events: builder.length });
  return builder.finish();
}
