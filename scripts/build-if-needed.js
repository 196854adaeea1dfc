#!/usr/bin/env node
// `npm start` runs this first: it builds the gateway when dist/ is missing or older than any
// source or config file, so `npm ci && npm start` works on a fresh clone without a separate build.
const { execSync } = require('node:child_process');
const { existsSync, readdirSync, statSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const entry = join(root, 'dist/apps/gateway/src/main.js');
// tsc skips rewriting unchanged outputs, so a stamp written after each build marks its time.
const stamp = join(root, 'dist/.build-stamp');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts'))
      newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

const sources = Math.max(newestMtime(join(root, 'apps')), newestMtime(join(root, 'libs')));
if (!existsSync(entry) || !existsSync(stamp) || statSync(stamp).mtimeMs < sources) {
  console.log('Building the gateway (dist/ is missing or out of date)…');
  execSync('npx nest build gateway', { cwd: root, stdio: 'inherit' });
  writeFileSync(stamp, new Date().toISOString());
}
