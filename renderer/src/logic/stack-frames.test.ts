import { describe, expect, it } from 'vitest';
import type { ModuleInfo, StackFrame } from '../../../shared/model/trace';
import { isThirdPartyFrame } from './stack-frames';

const frame = (module: string, path: string): StackFrame => ({
  depth: 0,
  address: '0xfffff80000000000',
  module,
  location: '',
  path,
  kernel: true,
});
const mod = (path: string, company: string): ModuleInfo => ({
  path,
  base: '0x0',
  size: 0,
  company,
  description: '',
  version: '',
});

describe('third-party stack frames', () => {
  const modules = [
    mod('C:\\Windows\\System32\\drivers\\FLTMGR.SYS', 'Microsoft Corporation'),
    mod('C:\\Program Files (x86)\\DSPClient\\CEMS\\vEdsmFileMon.sys', 'DSP'),
  ];

  it('uses the module company when the capture has it', () => {
    expect(
      isThirdPartyFrame(frame('FLTMGR.SYS', 'C:\\Windows\\System32\\drivers\\FLTMGR.SYS'), modules),
    ).toBe(false);
    expect(isThirdPartyFrame(frame('vEdsmFileMon.sys', ''), modules)).toBe(true);
  });

  it('falls back to the location outside the Windows folder', () => {
    expect(isThirdPartyFrame(frame('agent.dll', 'D:\\Agent\\agent.dll'), [])).toBe(true);
    expect(isThirdPartyFrame(frame('ntdll.dll', 'C:\\Windows\\System32\\ntdll.dll'), [])).toBe(false);
    expect(isThirdPartyFrame(frame('', ''), [])).toBe(false);
  });
});
