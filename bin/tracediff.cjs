#!/usr/bin/env node
'use strict';
// The package's `bin`: runs the bundled CLI (built by `npm run build`).
const path = require('node:path');
const fs = require('node:fs');
const cli = path.join(__dirname, '..', 'dist', 'cli', 'tracediff.cjs');
if (!fs.existsSync(cli)) {
  process.stderr.write('tracediff: the CLI is not built yet; run `npm run build` first.\n');
  process.exit(2);
}
require(cli).runCli();
