/**
 * Reads Procmon CSV exports (procmon.md §1) into the columnar TraceStore, streamed (never the whole
 * file in memory). UTF-8 files — what Procmon writes — are cut into records from their bytes
 * (csv-bytes.ts) as long as the records are plain CSV; other encodings, and a UTF-8 file from its
 * first irregular record on (text after a closing quote, a record open at the end of the file or
 * longer than CARRY_LIMIT), are parsed by papaparse (csv-chunks.ts). Both feed one CsvEventSink.
 */
import { open, stat } from 'node:fs/promises';
import { isAscii, isUtf8 } from 'node:buffer';
import { basename } from 'node:path';
import type { SniffResult } from '../../../shared/contract';
import { TraceStoreBuilder, type TraceMeta, type TraceStore } from '../store/trace-store';
import { ByteRecordScanner, detectByteNewline, IRREGULAR, type ByteNewline } from './csv-bytes';
import { streamCsv, type CsvNewline } from './csv-chunks';
import { CsvEventSink } from './csv-event-sink';
import { ByteFields } from './csv-fields';
import { abortError, encodingFromLabel, readTextChunks } from './decode';
import type { IngestOptions } from './ingest-options';

/** Builds the meta every reader starts from. */
export function newTraceMeta(path: string, size: number, sniff: SniffResult, opts: IngestOptions): TraceMeta {
  return {
    file: path,
    fileName: opts.displayName ?? basename(path),
    size,
    kind: sniff.kind,
    encoding: sniff.encoding,
    timeIsAbsolute: false,
    columns: [],
    computerName: '',
    osVersion: '',
  };
}

/** Bytes per read. */
const CHUNK = 1 << 20;
/**
 * A record still open after this many bytes goes to papaparse, whose chunking re-parses an open
 * record only once the new text is as long as it, so a field that never closes costs linear time.
 */
const CARRY_LIMIT = 4 << 20;
const NEWLINES: readonly CsvNewline[] = ['\r\n', '\n', '\r'];
const REPLACEMENT = Buffer.from('\uFFFD', 'utf8');

/** What both lanes of one read share. */
interface ReadState {
  readonly builder: TraceStoreBuilder;
  readonly sink: CsvEventSink;
  readonly encoding: string;
  readonly size: number;
  readonly opts: IngestOptions;
  bytesRead: number;
  replacementWarned: boolean;
}

function warnReplacement(st: ReadState): void {
  st.replacementWarned = true;
  st.builder.warn(`byte ${st.bytesRead}`, `some bytes are not valid ${st.encoding} and are shown as \uFFFD`);
}

function progress(st: ReadState): void {
  st.opts.onProgress?.({ bytesRead: st.bytesRead, bytesTotal: st.size, events: st.sink.events });
}

/** Decoded text with the replacement warning and progress reports of the papaparse lane. */
async function* checked(st: ReadState, chunks: AsyncIterable<string>): AsyncGenerator<string> {
  for await (const text of chunks) {
    if (!st.replacementWarned && text.indexOf('\uFFFD') >= 0) warnReplacement(st);
    yield text;
    progress(st);
  }
}

/**
 * Reads a Procmon CSV export (raw or Excel re-saved) into a TraceStore. `lane: 'text'` forces
 * papaparse for every encoding (the tests compare both lanes).
 */
export async function readProcmonCsv(
  path: string,
  sniff: SniffResult,
  opts: IngestOptions = {},
  lane: 'auto' | 'text' = 'auto',
): Promise<TraceStore> {
  const { size } = await stat(path);
  const builder = new TraceStoreBuilder(newTraceMeta(path, size, sniff, opts));
  const sink = new CsvEventSink(builder, sniff.kind === 'procmon-csv-excel');
  const st: ReadState = {
    builder,
    sink,
    encoding: sniff.encoding,
    size,
    opts,
    bytesRead: 0,
    replacementWarned: false,
  };
  const encoding = encodingFromLabel(sniff.encoding);
  if (lane === 'auto' && encoding.decoder === 'utf-8') {
    await readUtf8(path, encoding.bomLength, st);
  } else {
    const chunks = readTextChunks(path, {
      encoding,
      signal: opts.signal,
      onBytes: (n) => {
        st.bytesRead = n;
      },
    });
    await streamCsv(checked(st, chunks), (chunk) => sink.onChunk(chunk));
  }
  sink.finish();
  opts.onProgress?.({ bytesRead: size, bytesTotal: size, events: sink.events });
  return builder.finish();
}

/** The byte lane: records scanned from the raw UTF-8 bytes; papaparse takes over where it must. */
async function readUtf8(path: string, bomLength: number, st: ReadState): Promise<void> {
  const { sink, opts } = st;
  const fh = await open(path, 'r');
  // One read is always in flight while the previous chunk is parsed, so waiting for the disk (or
  // for the thread pool on a busy machine) overlaps the work.
  const readBuf = Buffer.allocUnsafe(CHUNK);
  let readPos = 0;
  const issue = (): Promise<number> =>
    fh.read(readBuf, 0, CHUNK, readPos).then(({ bytesRead }) => {
      readPos += bytesRead;
      return bytesRead;
    });
  let inflight: Promise<number> | null = issue();
  try {
    let buf = Buffer.allocUnsafe(2 * CHUNK);
    let have = 0; // bytes in buf
    let p = 0; // where the next record starts in buf
    let bomLeft = bomLength;
    let scanner: ByteRecordScanner | null = null;
    let fields: ByteFields | null = null;
    let line = 1;
    let records = 0;
    let irregular = false;
    let reserved = false;
    while (!irregular) {
      if (opts.signal?.aborted) throw abortError();
      const n: number = await inflight!;
      inflight = null;
      if (n === 0) break;
      st.bytesRead = readPos;
      if (p > 0) {
        buf.copyWithin(0, p, have);
        have -= p;
        p = 0;
      }
      if (have + n > buf.length) {
        const next = Buffer.allocUnsafe(Math.max(buf.length * 2, have + n));
        buf.copy(next, 0, 0, have);
        buf = next;
      }
      readBuf.copy(buf, have, 0, n);
      have += n;
      inflight = issue();
      if (bomLeft > 0) {
        const skip = Math.min(bomLeft, have);
        p += skip;
        bomLeft -= skip;
      }
      if (scanner === null) {
        const nl: ByteNewline | null = detectByteNewline(buf, p, have);
        if (nl === null) {
          if (have - p > CARRY_LIMIT) break;
          continue;
        }
        scanner = new ByteRecordScanner(nl);
        fields = new ByteFields(scanner, sink.bytes);
      }
      fields!.setBuffer(buf);
      const from = p;
      for (;;) {
        const next = scanner.scan(buf, p, have);
        if (next < 0) {
          irregular = next === IRREGULAR;
          break;
        }
        sink.onRecord(fields!, line);
        line += 1 + scanner.innerLf;
        records++;
        p = next;
      }
      if (!st.replacementWarned) {
        const region = buf.subarray(from, p);
        if (!isAscii(region) && (!isUtf8(region) || region.indexOf(REPLACEMENT) >= 0)) warnReplacement(st);
      }
      if (!reserved && records >= 1000) {
        // Room for the whole file at the first chunk's bytes per record, so the columns do not
        // grow by doubling and copying.
        reserved = true;
        const consumed = readPos - (have - p);
        st.builder.reserve(Math.ceil(((st.size - consumed) * records * 1.03) / consumed));
      }
      if (!irregular) progress(st);
      if (have - p > CARRY_LIMIT) break;
    }
    if (p >= have && !irregular && inflight === null) return;
    // The rest of the file, from the record the scanner stopped at, goes to papaparse.
    const rest = async function* (): AsyncGenerator<string> {
      const decoder = new TextDecoder('utf-8', { ignoreBOM: bomLeft === 0 });
      const head = decoder.decode(buf.subarray(p, have), { stream: true });
      if (head.length > 0) yield head;
      for (;;) {
        if (opts.signal?.aborted) throw abortError();
        const n: number = await (inflight ?? issue());
        inflight = null;
        if (n === 0) break;
        st.bytesRead = readPos;
        const text = decoder.decode(readBuf.subarray(0, n), { stream: true });
        if (text.length > 0) yield text;
      }
      const tail = decoder.decode();
      if (tail.length > 0) yield tail;
    };
    await streamCsv(checked(st, rest()), (chunk) => sink.onChunk(chunk), {
      newline: scanner ? NEWLINES[scanner.newline] : undefined,
      lineBase: line,
      recordBase: records,
    });
  } finally {
    // A read still in flight must end before the handle closes.
    if (inflight) await inflight.catch(() => 0);
    await fh.close();
  }
}
