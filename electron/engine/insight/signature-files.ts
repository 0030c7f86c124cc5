/**
 * The rule sets: the built-in files under signatures/ (bundled with the code) and the user's own
 * folders. `loadRuleFiles` reads every `*.json` in the given folders in order; a rule whose id is
 * already known replaces it (later wins) with a warning, so a user can override a built-in rule by
 * reusing its id. Bad files or rules are reported with file and JSON path; the good rules load.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { SignatureMatch } from '../../../shared/model/insight';
import accessAndAgents from './signatures/access-and-agents.json';
import servicing from './signatures/servicing.json';
import setup from './signatures/setup.json';
import windowsUpdate from './signatures/windows-update.json';
import { matchRules, type LoadedRule, type SignatureContext } from './signature-engine';
import { locateJsonError } from '../case/json-locate';
import { validateRuleFile } from './signature-schema';

const BUILT_IN: [string, unknown][] = [
  ['access-and-agents.json', accessAndAgents],
  ['servicing.json', servicing],
  ['windows-update.json', windowsUpdate],
  ['setup.json', setup],
];

let builtInCache: LoadedRule[] | null = null;

/** The built-in rules. A broken built-in file is a programming error: it throws with every problem. */
export function builtInRules(): LoadedRule[] {
  if (builtInCache) return builtInCache;
  const rules: LoadedRule[] = [];
  const errors: string[] = [];
  const ids = new Set<string>();
  for (const [name, doc] of BUILT_IN) {
    const source = `built-in:${name}`;
    const r = validateRuleFile(doc, source);
    errors.push(...r.errors);
    for (const rule of r.rules) {
      if (ids.has(rule.id))
        errors.push(`${source}: rule id "${rule.id}" is defined in another built-in file too`);
      ids.add(rule.id);
      rules.push({ ...rule, source });
    }
  }
  if (errors.length > 0) throw new Error(`built-in signature rules are invalid:\n${errors.join('\n')}`);
  builtInCache = rules;
  return rules;
}

export interface RuleSet {
  rules: LoadedRule[];
  /** Overridden ids, missing folders. */
  warnings: string[];
  /** Unreadable files, invalid JSON, invalid rules (each with file and place). */
  errors: string[];
}

/** Merges rules: a later rule with a known id replaces the earlier one, with a warning. */
function merge(into: Map<string, LoadedRule>, rules: readonly LoadedRule[], warnings: string[]): void {
  for (const r of rules) {
    const prev = into.get(r.id);
    if (prev) warnings.push(`${r.source}: rule "${r.id}" replaces the one from ${prev.source}`);
    into.set(r.id, r);
  }
}

/** Reads one rule file. */
export async function readRuleFile(file: string): Promise<{ rules: LoadedRule[]; errors: string[] }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    return { rules: [], errors: [`${file}: cannot read (${e instanceof Error ? e.message : String(e)})`] };
  }
  const body = text.replace(/^\uFEFF/, '');
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch (e) {
    const loc = locateJsonError(body);
    const why = loc
      ? `at line ${loc.line}, column ${loc.column}: ${loc.message}`
      : e instanceof Error
        ? e.message
        : String(e);
    return { rules: [], errors: [`${file}: not valid JSON ${why}`] };
  }
  const r = validateRuleFile(doc, file);
  return { rules: r.rules.map((rule) => ({ ...rule, source: file })), errors: r.errors };
}

/**
 * The built-in rules (unless `includeBuiltIns` is false) merged with every `*.json` of the given
 * folders, folders in order, files by name.
 */
export async function loadRuleFiles(
  dirs: readonly string[],
  opts: { includeBuiltIns?: boolean } = {},
): Promise<RuleSet> {
  const warnings: string[] = [];
  const errors: string[] = [];
  const byId = new Map<string, LoadedRule>();
  if (opts.includeBuiltIns !== false) merge(byId, builtInRules(), warnings);
  for (const dir of dirs) {
    let names: string[];
    try {
      names = (await readdir(dir, { withFileTypes: true }))
        .filter((d) => d.isFile() && /\.json$/i.test(d.name))
        .map((d) => d.name);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      warnings.push(
        `${dir}: rule folder not read (${code === 'ENOENT' ? 'no such folder' : e instanceof Error ? e.message : String(e)})`,
      );
      continue;
    }
    for (const name of names.sort((a, b) => a.localeCompare(b))) {
      const r = await readRuleFile(path.join(dir, name));
      errors.push(...r.errors);
      merge(byId, r.rules, warnings);
    }
  }
  return { rules: [...byId.values()], warnings, errors };
}

/** Matches known signatures against a case (built-in rules unless others are given). */
export function matchSignatures(
  ctx: SignatureContext,
  rules: readonly LoadedRule[] = builtInRules(),
): SignatureMatch[] {
  return matchRules(ctx, rules);
}
