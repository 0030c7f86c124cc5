/**
 * `tracediff explain CODE...`: each code's value, symbolic name and meaning in English and
 * Chinese, and the related forms (0xC0000022 <-> 0x80070005 <-> 5). Accepts hex (0x8024200D,
 * 8024200d), decimal Win32 (5), negative decimal NTSTATUS as CBS writes it (-1073741790), setup
 * result - extend pairs (0xC1900101-0x4000D), GLE [5] and symbolic names (E_ACCESSDENIED).
 * Exit code: 0 when at least one code is known, 1 when none is, 2 without arguments.
 */
import type { CodeExplanation } from '../../../shared/model/log';
import { explainCode } from '../../engine/analysis/codes/explain';
import { CliError, parseArgs, type CliIo } from '../cli-io';

function format(e: CodeExplanation): string {
  const lines = [
    `${e.input}`,
    `  value    ${e.value}${e.name ? `  ${e.name}` : ''}  [${e.family}]`,
    `  en       ${e.en}`,
    `  zh-CN    ${e.zh}`,
  ];
  if (e.related.length > 0) lines.push(`  related  ${e.related.join(', ')}`);
  return `${lines.join('\n')}\n`;
}

export async function runExplain(args: string[], io: CliIo): Promise<number> {
  // Negative decimals ("-1073741790") are codes, not options; only --json is an option here.
  const json = args.includes('--json');
  const rest = args.filter((a) => a !== '--json');
  const unknownOption = rest.find((a) => a.startsWith('--'));
  if (unknownOption) parseArgs([unknownOption], { flags: ['json'] });
  // "GLE [5]" typed without quotes arrives as two arguments.
  const codes: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (/^(gle|error)$/i.test(a) && rest[i + 1] !== undefined) {
      codes.push(`${a} ${rest[++i]}`);
    } else {
      codes.push(a);
    }
  }
  if (codes.length === 0)
    throw new CliError('explain needs at least one code, e.g. tracediff explain 0x80070005 5 -1073741790', 2);
  let known = 0;
  const results: (CodeExplanation | { input: string; unknown: true })[] = [];
  for (const c of codes) {
    const e = explainCode(c);
    if (e) {
      known++;
      results.push(e);
      if (!json) io.out(format(e));
    } else {
      results.push({ input: c, unknown: true });
      if (!json)
        io.out(
          `${c}\n  unknown: not a code in the table (Win32, HRESULT, NTSTATUS, WU_E_*, CBS/PSFX, setup)\n  未知：代码表中没有此代码\n`,
        );
    }
  }
  if (json) io.out(`${JSON.stringify(results, null, 2)}\n`);
  return known > 0 ? 0 : 1;
}
