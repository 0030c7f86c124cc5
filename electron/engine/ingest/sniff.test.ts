import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectEncoding, scoreChinese } from './decode';
import { sniffBytes, sniffFile, splitCsvLine } from './sniff';

const SAMPLES = path.resolve(process.cwd(), '../shared/samples/procmon');
const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('sniffFile on the real samples', () => {
  it('names every sample by content', async () => {
    const kinds: Record<string, string> = {};
    for (const f of readdirSync(SAMPLES)) kinds[f] = (await sniffFile(path.join(SAMPLES, f))).kind;
    expect(kinds).toMatchObject({
      'cucsec-first-blood_Logfile_excel-resaved.CSV': 'procmon-csv-excel',
      'epicmine901-epic_Logfile.XML': 'procmon-xml',
      'feijing2132-monitorAPIs_Logfile.CSV': 'procmon-csv',
      'matefoxer-ron-crash-log_Logfile.PML': 'procmon-pml',
      'nikit34-lab_os4_create_child_logs_stack.CSV': 'procmon-stack-csv',
      'ohtorii-test_Logfile.CSV': 'procmon-csv',
      'procmon-parser_UTC32Filesystem.CSV': 'procmon-csv',
      'procmon-parser_UTC64Process.PML': 'procmon-pml',
      'README.md': 'unknown',
    });
  });
});

describe('sniffBytes', () => {
  it('recognises binary magics', () => {
    expect(sniffBytes(enc('ElfFile\0rest')).kind).toBe('evtx');
    expect(sniffBytes(Uint8Array.from([0x50, 0x4b, 3, 4, 0, 0])).kind).toBe('zip');
    expect(sniffBytes(enc('PML_\x09\0\0\0')).kind).toBe('procmon-pml');
    expect(sniffBytes(enc('%PDF-1.7')).looksLike).toBe('a PDF document');
    expect(sniffBytes(enc('MZ\x90\0')).looksLike).toBe('a Windows program or DLL');
  });

  it('accepts any header with Procmon column names, in any order', () => {
    expect(
      sniffBytes(enc('"PID","Operation","Path","Result"\r\n"4","ReadFile","C:\\\\x","SUCCESS"\r\n')).kind,
    ).toBe('procmon-csv');
    expect(sniffBytes(enc('"Frame","Module","Location","Address","Path"\r\n')).kind).toBe(
      'procmon-stack-csv',
    );
    expect(
      sniffBytes(
        enc(
          'Time of Day,Process Name,PID,Operation,Path,Result,Detail\r\n47:57.9,1.exe,4,RegOpenKey,HKLM,SUCCESS,x\r\n',
        ),
      ).kind,
    ).toBe('procmon-csv-excel');
  });

  it('finds the XML root past the declaration and comments', () => {
    expect(sniffBytes(enc('\uFEFF<?xml version="1.0"?>\r\n<!-- x -->\r\n<procmon><processlist>')).kind).toBe(
      'procmon-xml',
    );
    expect(sniffBytes(enc('<?xml version="1.0"?><catalog/>')).looksLike).toBe(
      'an XML document with root element <catalog>',
    );
  });

  it('splits CSV lines with doubled quotes', () => {
    expect(splitCsvLine('"a","b ""c""",d,"e,f"')).toEqual(['a', 'b "c"', 'd', 'e,f']);
  });
});

describe('detectEncoding', () => {
  it('reads BOMs and UTF-16 without BOM', () => {
    expect(detectEncoding(Uint8Array.from([0xef, 0xbb, 0xbf, 0x41])).label).toBe('UTF-8 with BOM');
    expect(detectEncoding(Uint8Array.from([0xff, 0xfe, 0x41, 0])).label).toBe('UTF-16LE with BOM');
    expect(detectEncoding(Uint8Array.from([0xfe, 0xff, 0, 0x41])).label).toBe('UTF-16BE with BOM');
    expect(detectEncoding(Buffer.from('"Time of Day","PID"\r\n', 'utf16le')).label).toBe('UTF-16LE');
    expect(detectEncoding(enc('plain ascii, and UTF-8: Åsa 用户')).label).toBe('UTF-8');
  });

  it('tells GB18030 from Big5 by where the byte pairs fall', () => {
    // 用户测试文件 in GB2312 and 使用者測試檔案 in Big5
    const gb = Uint8Array.from([0xd3, 0xc3, 0xbb, 0xa7, 0xb2, 0xe2, 0xca, 0xd4, 0xce, 0xc4, 0xbc, 0xfe]);
    const big5 = Uint8Array.from([
      0xa8, 0xcf, 0xa5, 0xce, 0xaa, 0xcc, 0xb4, 0xfa, 0xb8, 0xd5, 0xc0, 0xc9, 0xae, 0xd7,
    ]);
    expect(detectEncoding(gb).label).toBe('GB18030');
    expect(detectEncoding(big5).label).toBe('Big5');
    const s = scoreChinese(gb);
    expect(s.gb).toBeGreaterThan(s.big5);
  });

  it('falls back to Windows-1252 for Latin text that is not UTF-8', () => {
    expect(
      detectEncoding(Uint8Array.from([0x43, 0x61, 0x66, 0xe9, 0x20, 0x6e, 0x61, 0xef, 0x76, 0x65])).label,
    ).toBe('Windows-1252');
  });
});
