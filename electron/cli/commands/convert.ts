import { CliError, type CliIo } from '../cli-io';

/** `tracediff convert`: not available in this build yet. */
export async function runConvert(_args: string[], _io: CliIo): Promise<number> {
  throw new CliError('convert is not available in this build yet', 2);
}
