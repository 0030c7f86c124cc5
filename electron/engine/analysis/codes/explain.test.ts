import { describe, expect, it } from 'vitest';
import { codeTables } from './code-table';
import { explainCode, findCodes, isFailureCode } from './explain';
import { describeExtendCode } from './setup-extend';

describe('explainCode', () => {
  it('explains the seed case codes in English and Chinese', () => {
    const wu = explainCode('0x8024200D');
    expect(wu?.name).toBe('WU_E_UH_NEEDANOTHERDOWNLOAD');
    expect(wu?.family).toBe('wu');
    expect(wu?.en).toMatch(/downloaded again/);
    expect(wu?.zh).toMatch(/重新下载/);

    const hr = explainCode('0x80070005');
    expect(hr?.name).toBe('E_ACCESSDENIED');
    expect(hr?.related).toEqual(expect.arrayContaining(['5', '0xC0000022']));

    const w32 = explainCode('5');
    expect(w32?.name).toBe('ERROR_ACCESS_DENIED');
    expect(w32?.zh).toMatch(/拒绝访问/);
    expect(w32?.related).toEqual(expect.arrayContaining(['0x80070005', '0xC0000022']));

    const nt = explainCode('-1073741790');
    expect(nt?.value).toBe('0xC0000022');
    expect(nt?.name).toBe('STATUS_ACCESS_DENIED');
    expect(nt?.related).toEqual(expect.arrayContaining(['5', '0x80070005']));

    const setup = explainCode('0xC1900101');
    expect(setup?.name).toBe('MOSETUP_E_SETUP_PLATFORM');
    expect(setup?.en).toMatch(/rollback/i);
    expect(setup?.en).toMatch(/driver/i);
  });

  it('accepts the spellings found in logs and typed by engineers', () => {
    expect(explainCode('8024200d')?.value).toBe('0x8024200D');
    expect(explainCode('GLE [5]')?.name).toBe('ERROR_ACCESS_DENIED');
    expect(explainCode('gle=0x5')?.name).toBe('ERROR_ACCESS_DENIED');
    expect(explainCode('error 5')?.name).toBe('ERROR_ACCESS_DENIED');
    expect(explainCode('E_ACCESSDENIED')?.value).toBe('0x80070005');
    expect(explainCode('wu_e_uh_needanotherdownload')?.value).toBe('0x8024200D');
    expect(explainCode('ACCESS DENIED')?.value).toBe('0xC0000022');
    expect(explainCode('NAME NOT FOUND')?.name).toBe('STATUS_OBJECT_NAME_NOT_FOUND');
    expect(explainCode('HRESULT_FROM_WIN32(ERROR_ACCESS_DENIED)')?.value).toBe('0x80070005');
    expect(explainCode('c0000005')?.name).toBe('STATUS_ACCESS_VIOLATION');
    expect(explainCode('2147942405')?.value).toBe('0x80070005');
  });

  it('derives HRESULT_FROM_WIN32, NTSTATUS_FROM_WIN32 and HRESULT_FROM_NT forms', () => {
    expect(explainCode('0x80070570')?.name).toBe('HRESULT_FROM_WIN32(ERROR_FILE_CORRUPT)');
    expect(explainCode('-1073283059')?.name).toBe('NTSTATUS_FROM_WIN32(ERROR_INVALID_DATA)');
    expect(explainCode('0xD0000022')?.name).toBe('HRESULT_FROM_NT(STATUS_ACCESS_DENIED)');
  });

  it('explains CBS, PSFX and setup result-extend pairs', () => {
    expect(explainCode('0x800f081f')?.name).toBe('CBS_E_SOURCE_MISSING');
    expect(explainCode('0x800F0984')?.name).toBe('PSFX_E_MATCHING_BINARY_MISSING');
    const pair = explainCode('0x8007000D-0x2000C');
    expect(pair?.value).toBe('0x8007000D-0x2000C');
    expect(pair?.en).toMatch(/Safe OS/);
    expect(pair?.en).toMatch(/APPLY_IMAGE/);
    expect(describeExtendCode(0x4000d)?.operation).toBe('SP_EXECUTION_OP_MIGRATE_DATA');
    expect(describeExtendCode(0x9000d)).toBeNull();
  });

  it('says null for unknown codes and garbage', () => {
    expect(explainCode('0x12345678')).toBeNull();
    expect(explainCode('hello')).toBeNull();
    expect(explainCode('')).toBeNull();
    expect(explainCode('-99999999999')).toBeNull();
  });
});

describe('knowledge base', () => {
  it('has every WU_E_ code of wuerror.h and two languages for every row', () => {
    const t = codeTables();
    const wuErrors = [...t.wu.values()].filter((c) => c.name.startsWith('WU_E_'));
    expect(wuErrors.length).toBeGreaterThanOrEqual(447);
    for (const table of [t.win32, t.hresult, t.ntstatus, t.wu, t.cbs, t.setup]) {
      for (const c of table.values()) {
        expect(c.en.length, c.name).toBeGreaterThan(3);
        expect(c.zh.length, c.name).toBeGreaterThan(1);
      }
    }
    expect(t.win32.size).toBeGreaterThan(250);
    expect(t.ntstatus.size).toBeGreaterThan(200);
  });

  it('covers the Results Procmon prints', () => {
    for (const r of [
      'ACCESS DENIED',
      'SHARING VIOLATION',
      'NAME NOT FOUND',
      'PATH NOT FOUND',
      'BUFFER OVERFLOW',
      'FAST IO DISALLOWED',
      'NO MORE FILES',
      'END OF FILE',
      'REPARSE',
      'CANNOT DELETE',
      'DELETE PENDING',
      'PRIVILEGE NOT HELD',
      'INVALID PARAMETER',
      'NOT REPARSE POINT',
      'OPLOCK HANDLE CLOSED',
      'FILE LOCKED WITH ONLY READERS',
      'IS DIRECTORY',
      'NAME COLLISION',
      'BAD NETWORK PATH',
      'OBJECTID NOT FOUND',
      'CANCELLED',
      'DISK FULL',
    ]) {
      expect(explainCode(r), r).not.toBeNull();
    }
  });
});

describe('findCodes', () => {
  it('finds the codes of real log lines, normalised', () => {
    expect(findCodes('SPWIMCallback: Error in apply of C:\\x\\WpdMtp.dll. GLE [5]')).toEqual(['5']);
    expect(findCodes('CApplyWIM: Failure while applying image 6. Error 0x80070570[gle=0x00000570]')).toEqual([
      '0x80070570',
      '1392',
    ]);
    expect(
      findCodes('Failed to get next element [HRESULT = 0x800f080d - CBS_E_MANIFEST_INVALID_ITEM]'),
    ).toEqual(['0x800F080D']);
    expect(
      findCodes('Hydration failed with error NTSTATUS_FROM_WIN32(ERROR_INVALID_DATA) .[gle=0x80004005]'),
    ).toEqual(['0xC007000D', '0x80004005']);
    expect(findCodes('NTSTATUS -1073741790 returned')).toEqual(['0xC0000022']);
    expect(findCodes('* END * Finding updates Exit code = 0x8024000B')).toEqual(['0x8024000B']);
    expect(findCodes('*FAILED* [8024200D] Install')).toEqual(['0x8024200D']);
    expect(findCodes('Result = 0xC190020E')).toEqual(['0xC190020E']);
    expect(findCodes('failed with WU_E_UH_NEEDANOTHERDOWNLOAD')).toEqual(['0x8024200D']);
    expect(findCodes('CDISMManager::CreateLocalImageSession(hr:0x80070002)')).toEqual(['0x80070002']);
  });

  it('ignores success values, addresses, dates and short numbers', () => {
    expect(findCodes('hr = 0x0 status: 0x00000000 error(0)')).toEqual([]);
    expect(findCodes('WcpInitialize called (stack @0x7fed806eb5d @0x7fef9fb9b6d)')).toEqual([]);
    expect(findCodes('Error 2023-05-01 happened')).toEqual([]);
    expect(findCodes('Lock: New lock added: CCbsWorker, level: 5, total lock:3')).toEqual([]);
  });

  it('tells failures from benign codes', () => {
    expect(isFailureCode('0x80070005')).toBe(true);
    expect(isFailureCode('5')).toBe(true);
    expect(isFailureCode('0xC142011C')).toBe(false);
    expect(isFailureCode('0x00240005')).toBe(false);
  });
});
