import { CliError, type CliIo } from '../cli-io';

/** `tracediff explain`: not available in this build yet. */
export async function runExplain(_args: string[], _io: CliIo): Promise<number> {
  throw new CliError('explain is not available in this build yet', 2);
}
