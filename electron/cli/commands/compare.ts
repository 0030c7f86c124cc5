import { CliError, type CliIo } from '../cli-io';

/** `tracediff compare`: not available in this build yet. */
export async function runCompare(_args: string[], _io: CliIo): Promise<number> {
  throw new CliError('compare is not available in this build yet', 2);
}
