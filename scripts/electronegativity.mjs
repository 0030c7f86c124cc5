// Electron security lint: runs Doyensec's Electronegativity over the Electron code (main, preload
// and the renderer it serves), then the Electron security checklist as scripted assertions on the
// sources, which Electronegativity cannot see (a CSP sent as a protocol header, handlers that deny,
// IPC sender checks), then the Electron fuses electron-builder sets in the packaged app
// (scripts/electron-fuses.mjs). Exits 1 when a HIGH or MEDIUM finding is not explained in
// scripts/electronegativity-allowlist.json (one reason per entry), when an entry there has no
// reason or no longer matches a finding, or when a checklist or fuse assertion fails.
// `--json` prints the results as JSON; `--builder-config FILE` checks another electron-builder
// config (the test uses it to prove a wrong fuse fails).
//
// What is scanned: the TypeScript sources (Electronegativity parses TypeScript). Not the esbuild
// bundles: it does not read .cjs files, and in a bundle `new import_electron.BrowserWindow(...)`
// hides the constructor from its checks, so a bundle scan finds nothing the source scan misses.
//
// Offline by design: Electronegativity fetches translations and Electron release notes over the
// network; both lookups are stubbed to fail at once (the release check, AvailableSecurityFixes, is
// excluded: it only compares version numbers), so the run is the same with or without a network.
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { checkFuses } from './electron-fuses.mjs';

const root = process.cwd();
const asJson = process.argv.includes('--json');
const configAt = process.argv.indexOf('--builder-config');
const builderConfig = configAt > 0 ? process.argv[configAt + 1] : 'electron-builder.yml';
const ALLOWLIST = 'scripts/electronegativity-allowlist.json';

/** Findings reviewed and accepted, with the reason: rule id + file (relative to the scanned tree). */
function loadAllowlist() {
  const list = JSON.parse(readFileSync(path.join(root, ALLOWLIST), 'utf8')).explained;
  if (!Array.isArray(list)) throw new Error(`${ALLOWLIST}: "explained" must be a list`);
  return list.map((e, i) => ({
    id: String(e?.id ?? ''),
    file: String(e?.file ?? ''),
    reason: typeof e?.reason === 'string' ? e.reason.trim() : '',
    at: `${ALLOWLIST} entry ${i + 1}`,
  }));
}
const EXPLAINED = loadAllowlist();

function electronVersion() {
  try {
    return JSON.parse(readFileSync(path.join(root, 'node_modules/electron/package.json'), 'utf8')).version;
  } catch {
    return '41.0.0';
  }
}

/** Copies what the Electron app is made of into one tree, the way Electronegativity wants its input. */
function scanTree() {
  const dir = mkdtempSync(path.join(tmpdir(), 'tracediff-eneg-'));
  for (const [from, to] of [
    ['electron/main', 'main'],
    ['electron/preload', 'preload'],
    ['renderer/index.html', 'renderer/index.html'],
    ['renderer/src', 'renderer/src'],
  ]) {
    if (existsSync(path.join(root, from)))
      cpSync(path.join(root, from), path.join(dir, to), {
        recursive: true,
        filter: (src) => !/\.test\.tsx?$/.test(src),
      });
  }
  return dir;
}

async function runElectronegativity(dir) {
  const req = createRequire(path.join(root, 'node_modules/@doyensec/electronegativity/dist/runner.js'));
  const offline = () => Promise.reject(new Error('offline'));
  req.cache[req.resolve('got')] = {
    id: 'got',
    filename: 'got',
    loaded: true,
    exports: Object.assign(offline, { default: offline }),
  };
  const run = req('./runner.js');
  const log = console.log;
  console.log = () => {}; // its "could not retrieve translations" notice
  try {
    return await run({
      input: dir,
      isRelative: true,
      electronVersionOverride: electronVersion(),
      excludeFromScan: ['AvailableSecurityFixesGlobalCheck'],
    });
  } finally {
    console.log = log;
  }
}

// ---- the checklist, as assertions on the sources ----

const read = (rel) => (existsSync(path.join(root, rel)) ? readFileSync(path.join(root, rel), 'utf8') : '');
const tsFiles = (rel) =>
  existsSync(path.join(root, rel))
    ? readdirSync(path.join(root, rel))
        .filter((f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f))
        .map((f) => `${rel}/${f}`)
    : [];

/** The `{ ... }` argument starting at `from` (brace-balanced; sources are ours, no braces in strings). */
function block(text, from) {
  const open = text.indexOf('{', from);
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return text.slice(open, i + 1);
  }
  return text.slice(open);
}

function checklist() {
  const results = [];
  const check = (name, ok, detail) => results.push({ name, ok: !!ok, detail });
  const mainFiles = tsFiles('electron/main');
  const main = mainFiles.map((f) => [f, read(f)]);
  const preload = tsFiles('electron/preload').map((f) => [f, read(f)]);
  const all = [...main, ...preload];

  for (const [f, text] of main) {
    for (
      let at = text.indexOf('new BrowserWindow(');
      at >= 0;
      at = text.indexOf('new BrowserWindow(', at + 1)
    ) {
      const prefs = block(text, text.indexOf('webPreferences', at));
      const where = `${f}:${text.slice(0, at).split('\n').length}`;
      check(`${where} contextIsolation: true`, /contextIsolation:\s*true/.test(prefs));
      check(`${where} sandbox: true`, /sandbox:\s*true/.test(prefs));
      check(`${where} nodeIntegration: false`, /nodeIntegration:\s*false/.test(prefs));
      check(`${where} webSecurity not disabled`, !/webSecurity:\s*false/.test(prefs));
      check(
        `${where} no insecure content, experimental or Blink features, webview or worker Node`,
        !/allowRunningInsecureContent:\s*true|experimentalFeatures:\s*true|enableBlinkFeatures|webviewTag:\s*true|nodeIntegrationIn(Worker|SubFrames):\s*true/.test(
          prefs,
        ),
      );
    }
  }
  const mainTs = read('electron/main/main.ts');
  check('app.enableSandbox() for every renderer', /app\.enableSandbox\(\)/.test(mainTs));
  check(
    'will-navigate and will-redirect prevented for every webContents',
    /web-contents-created[\s\S]*will-navigate[^;]*preventDefault[\s\S]*will-redirect[^;]*preventDefault/.test(
      mainTs,
    ),
  );
  check(
    'setWindowOpenHandler denies',
    /setWindowOpenHandler\(\s*\(\)\s*=>\s*\(\{\s*action:\s*'deny'\s*\}\)\)/.test(mainTs),
  );
  check('<webview> attach prevented', /will-attach-webview[^;]*preventDefault/.test(mainTs));
  for (const [f, text] of main.filter(([, t]) => /setPermissionRequestHandler/.test(t)))
    check(
      `${f} permission requests and checks denied`,
      /setPermissionRequestHandler\([^)]*\)\s*=>\s*callback\(false\)\)/.test(text) &&
        /setPermissionCheckHandler\(\(\)\s*=>\s*false\)/.test(text),
    );
  check('the default session denies permissions', /setPermissionRequestHandler/.test(mainTs));
  check(
    'renderer served from a custom protocol, not file://',
    /protocol\.handle\(/.test(read('electron/main/app-protocol.ts')) &&
      /registerSchemesAsPrivileged/.test(read('electron/main/app-protocol.ts')) &&
      /loadURL\(`\$\{APP_ORIGIN\}/.test(mainTs),
  );
  const guard = read('electron/web/request-guard.ts');
  const csp = /CONTENT_SECURITY_POLICY\s*=\s*\[([\s\S]*?)\]\.join/.exec(guard)?.[1] ?? '';
  check(
    'CSP header: default-src set, no unsafe-eval, no inline script',
    /default-src/.test(csp) &&
      !/unsafe-eval/.test(csp) &&
      !/script-src[^']*'self'[^']*'unsafe-inline'/.test(csp),
    csp.replace(/\s+/g, ' ').trim(),
  );
  check(
    'CSP header attached by the app:// handler',
    /SECURITY_HEADERS/.test(read('electron/main/app-protocol.ts')),
  );
  const meta =
    /http-equiv="Content-Security-Policy"\s+content="([^"]*)"/.exec(read('renderer/index.html'))?.[1] ?? '';
  check(
    'CSP <meta> in renderer/index.html: no unsafe-eval, no inline script',
    meta !== '' && !/unsafe-eval/.test(meta) && !/script-src[^;]*unsafe-inline/.test(meta),
    meta,
  );
  const external = all.filter(([, t]) => /shell\.openExternal|openExternal\(/.test(t)).map(([f]) => f);
  check(
    'no shell.openExternal (no URL from a capture can be opened)',
    external.length === 0,
    external.join(', '),
  );
  const remote = all
    .filter(([, t]) => /@electron\/remote|enableRemoteModule|\.remote\b/.test(t))
    .map(([f]) => f);
  check('no remote module', remote.length === 0, remote.join(', '));
  const pre = preload.map(([, t]) => t).join('\n');
  check(
    'preload exposes functions through contextBridge, never ipcRenderer itself',
    /contextBridge\.exposeInMainWorld/.test(pre) && !/exposeInMainWorld\([^)]*,\s*ipcRenderer\s*\)/.test(pre),
  );
  const handlers = main.flatMap(([f, t]) =>
    [...t.matchAll(/ipcMain\.(handle|on)\(/g)].map((m) => ({
      f,
      ok: /trustedSender\(event\)/.test(t.slice(m.index, m.index + 400)),
    })),
  );
  check(
    'every IPC handler checks its sender',
    handlers.length > 0 && handlers.every((h) => h.ok),
    handlers
      .filter((h) => !h.ok)
      .map((h) => h.f)
      .join(', '),
  );
  const paths = all.filter(([, t]) => /shell\.(openPath|showItemInFolder)\(/.test(t)).map(([f]) => f);
  check('no shell.openPath / showItemInFolder on paths from the page', paths.length === 0, paths.join(', '));
  const dynamic = [...all, ...tsFiles('renderer/src').map((f) => [f, read(f)])]
    .filter(([, t]) => /\beval\(|new Function\(/.test(t))
    .map(([f]) => f);
  check('no eval or new Function', dynamic.length === 0, dynamic.join(', '));
  return results;
}

const explained = (issue) =>
  EXPLAINED.find(
    (e) => e.id === issue.id && (e.file === '*' || e.file === issue.file.split(path.sep).join('/')),
  );

const tree = scanTree();
let report;
try {
  const res = await runElectronegativity(tree);
  const issues = res.issues.map((i) => ({
    id: i.id,
    severity: i.severity.name,
    confidence: i.confidence.name,
    file: i.file,
    line: i.location?.line ?? 0,
    manualReview: !!i.manualReview,
  }));
  const serious = issues.filter((i) => i.severity === 'HIGH' || i.severity === 'MEDIUM');
  const unexplained = serious.filter((i) => !explained(i));
  const checks = checklist();
  const fuses = await checkFuses(root, builderConfig);
  // An explanation is a reviewed reason, not a silencer: it must say something, and it must still
  // match a finding (a fixed finding's entry is removed, so the list stays a true record).
  const unreasoned = EXPLAINED.filter((e) => e.reason.length < 40).map((e) => `${e.at} (${e.id} ${e.file})`);
  const stale = EXPLAINED.filter((e) => !issues.some((i) => explained(i) === e)).map(
    (e) => `${e.at} (${e.id} ${e.file})`,
  );
  report = {
    electronegativity: {
      checks: res.globalChecks + res.atomicChecks,
      parseErrors: res.errors.filter((e) => !e.tolerable).map((e) => `${e.file}: ${e.message}`),
      issues: issues.map((i) => ({ ...i, explanation: explained(i)?.reason ?? null })),
      unexplained,
    },
    checklist: checks,
    fuses,
    allowlist: { entries: EXPLAINED.length, unreasoned, stale },
    ok:
      unexplained.length === 0 &&
      unreasoned.length === 0 &&
      stale.length === 0 &&
      checks.every((c) => c.ok) &&
      fuses.every((c) => c.ok),
  };
} finally {
  rmSync(tree, { recursive: true, force: true });
}

if (asJson) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
else {
  const e = report.electronegativity;
  process.stdout.write(`Electronegativity: ${e.checks} checks, ${e.issues.length} findings\n`);
  for (const i of e.issues)
    process.stdout.write(
      `  ${i.explanation ? 'explained ' : 'OPEN      '} ${i.severity.padEnd(13)} ${i.id} ${i.file}:${i.line}${i.explanation ? `\n             ${i.explanation}` : ''}\n`,
    );
  for (const p of e.parseErrors) process.stdout.write(`  parse error: ${p}\n`);
  process.stdout.write('Checklist:\n');
  for (const c of report.checklist)
    process.stdout.write(
      `  ${c.ok ? 'ok  ' : 'FAIL'} ${c.name}${c.detail && !c.ok ? ` (${c.detail})` : ''}\n`,
    );
  process.stdout.write('Fuses (electron-builder):\n');
  for (const c of report.fuses)
    process.stdout.write(
      `  ${c.ok ? 'ok  ' : 'FAIL'} ${c.name}${c.detail && !c.ok ? ` (${c.detail})` : ''}\n`,
    );
  for (const a of report.allowlist.unreasoned) process.stdout.write(`  FAIL no reason given: ${a}\n`);
  for (const a of report.allowlist.stale)
    process.stdout.write(`  FAIL matches no finding (remove it): ${a}\n`);
  process.stdout.write(report.ok ? 'Electron security lint: passed\n' : 'Electron security lint: FAILED\n');
}
process.exitCode = report.ok ? 0 : 1;
