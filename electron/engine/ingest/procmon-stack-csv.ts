/**
 * Procmon's stack export of a single event (Event Properties > Stack > Save, procmon.md §1.6):
 * `"Frame","Module","Location","Address","Path"`. Not a trace: read as a list of frames.
 */
import { basename } from 'node:path';
import type { SniffResult } from '../../../shared/contract';
import type { InputWarning, StackFrame } from '../../../shared/model/trace';
import { streamCsv } from './csv-chunks';
import { encodingFromLabel, readTextChunks } from './decode';
import type { IngestOptions } from './ingest-options';
import { STACK_COLUMNS } from './procmon-columns';
import { isKernelAddress } from './procmon-xml';

export interface StackExport {
  frames: StackFrame[];
  encoding: string;
  warnings: InputWarning[];
}

/** Reads Procmon's stack export of one event (Event Properties > Stack > Save, §1.6). */
export async function readStackCsv(
  path: string,
  sniff: SniffResult,
  opts: IngestOptions = {},
): Promise<StackExport> {
  const fileName = opts.displayName ?? basename(path);
  const frames: StackFrame[] = [];
  const warnings: InputWarning[] = [];
  let header: string[] | null = null;
  await streamCsv(
    readTextChunks(path, { encoding: encodingFromLabel(sniff.encoding), signal: opts.signal }),
    (chunk) => {
      chunk.rows.forEach((row, r) => {
        const line = chunk.lineBase + r;
        if (row.length === 1 && row[0] === '') return;
        if (!header) {
          header = row.map((c) => c.trim());
          if (!STACK_COLUMNS.every((c, i) => header![i] === c)) {
            throw new Error(`${fileName}, line ${line}: expected the header "${STACK_COLUMNS.join('","')}"`);
          }
          return;
        }
        if (row.length !== STACK_COLUMNS.length) {
          warnings.push({
            file: fileName,
            place: `line ${line}`,
            message: `expected 5 fields, found ${row.length}`,
          });
          return;
        }
        const [frame, module, location, address, framePath] = row;
        frames.push({
          depth: Number(frame),
          address,
          module,
          location,
          path: framePath,
          kernel: isKernelAddress(address),
        });
      });
    },
  );
  return { frames, encoding: sniff.encoding, warnings };
}
