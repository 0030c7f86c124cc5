// `npm start`: launches the desktop app from the build in dist/. The Electron binary is not
// downloaded at install time (.npmrc has ignore-scripts=true, so installs stay offline-friendly):
// the first start fetches it with Electron's own installer, and says what to do when it cannot.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const electronDir = path.join(root, 'node_modules', 'electron');
const main = path.join(root, 'dist', 'electron', 'main.cjs');

function electronBinary() {
  const pathFile = path.join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const bin = path.join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(bin) ? bin : null;
}

function giveUp(detail) {
  console.error(
    [
      '',
      'The Electron binary could not be downloaded, so the desktop app cannot start here.',
      detail ? `(${detail})` : '',
      'Electron fetches its binary from its GitHub releases on first start; this machine could not reach them.',
      'Use the browser mode instead, which runs the same workbench:  npm run web',
      '',
    ]
      .filter(Boolean)
      .join('\n'),
  );
  process.exit(1);
}

if (!existsSync(main)) {
  console.error('dist/electron/main.cjs is missing: run `npm run build` first (npm start does it for you).');
  process.exit(1);
}
if (!existsSync(path.join(electronDir, 'package.json')))
  giveUp('node_modules/electron is not installed; run npm install');

let bin = electronBinary();
if (!bin) {
  console.error('Downloading the Electron binary (first start only)...');
  const r = spawnSync(process.execPath, [path.join(electronDir, 'install.js')], {
    stdio: 'inherit',
    cwd: electronDir,
  });
  bin = r.status === 0 ? electronBinary() : null;
  if (!bin) giveUp(r.error ? r.error.message : `the installer exited with ${r.status}`);
}

const child = spawn(bin, [main, ...process.argv.slice(2)], { stdio: 'inherit' });
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
