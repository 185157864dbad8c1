#!/usr/bin/env node
'use strict';
// The CLI bundle is built by `npm run build` (also run on `npm ci` / `npm install` by "prepare").
const path = require('node:path');
const fs = require('node:fs');
const cli = path.join(__dirname, '..', 'dist', 'cli.js');
if (!fs.existsSync(cli)) {
  process.stderr.write('twelve-factor: dist/cli.js is missing; run `npm run build` first.\n');
  process.exit(2);
}
require(cli);
