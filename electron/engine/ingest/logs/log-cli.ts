import type { CliIo } from '../../../cli/cli-io';
import type { InputKind } from '../../../../shared/model/trace';

/** `tracediff inspect` for a log file. Placeholder until the log readers land. */
export async function inspectLog(_file: string, _kind: InputKind, _io: CliIo): Promise<void> {
  throw new Error('inspecting logs is not available yet');
}

/** `tracediff convert` for a log file. Placeholder until the log readers land. */
export async function convertLog(
  _file: string,
  _kind: InputKind,
  _opts: { to: 'csv' | 'jsonl'; out: string },
  _io: CliIo,
): Promise<void> {
  throw new Error('converting logs is not available yet');
}
