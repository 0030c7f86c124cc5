/**
 * Stack frames from modules not shipped by Microsoft are what an escalation engineer looks for first
 * (a file-system filter driver such as the TMS file monitor in the seed case), so they are highlighted.
 */
import type { ModuleInfo, StackFrame } from '../../../shared/model/trace';
import { fileNameOf } from './format';

const WINDOWS_DIRS = /^(?:[a-z]:\\windows\\|\\systemroot\\|\\\?\?\\c:\\windows\\)/i;

export function isThirdPartyFrame(frame: StackFrame, modules: readonly ModuleInfo[]): boolean {
  if (!frame.module && !frame.path) return false;
  const name = (frame.module || fileNameOf(frame.path)).toLowerCase();
  const known = modules.find(
    (m) =>
      (frame.path && m.path.toLowerCase() === frame.path.toLowerCase()) ||
      fileNameOf(m.path).toLowerCase() === name,
  );
  if (known && known.company) return !/microsoft/i.test(known.company);
  // Without version info, anything loaded from outside the Windows directory counts as third party.
  if (frame.path) return !WINDOWS_DIRS.test(frame.path);
  return false;
}
