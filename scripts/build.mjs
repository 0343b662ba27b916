#!/usr/bin/env node
/**
 * Compiles src/ to plain JavaScript in dist/ for `npm start`: Node 20 cannot run TypeScript, and
 * running it through tsx's loader at every start costs about a third of the start-up's CPU (each
 * import goes through the loader thread). The compile is a per-file transform with esbuild (the
 * one tsx brings, so nothing more to install) of the files changed since the last start (all of
 * them the first time, about a second), before every `npm start`, so dist/ is never older than
 * src/. dist/ mirrors src/ at the same depth, so paths taken relative to a module (data/,
 * migrations, static files) resolve the same from either.
 * Files that are not TypeScript (migrations, static files) are copied beside the output.
 * Development and the `yimen` command keep running the TypeScript through tsx; the tests that start
 * the command as a process run dist/ (test/global-setup.ts compiles it first).
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'src');
const out = join(root, 'dist');

const sources = [];
const assets = [];
(function walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path);
    else if (entry.name.endsWith('.test.ts')) continue;
    else if (entry.name.endsWith('.ts')) sources.push(path);
    else assets.push(path);
  }
})(src);

/** the output of a source file, and whether it is older than the source (or missing) */
const target = (file, ext) => join(out, relative(src, file)).replace(/\.ts$/, ext);
const stale = (file, output) => !existsSync(output) || statSync(output).mtimeMs < statSync(file).mtimeMs;

// Only what changed since the last start is compiled (a restart compiles nothing, and does not
// even start esbuild). Files are written over in place, never emptied first: a portal already
// running from dist/ may still load a module lazily (PDF rendering, exports).
const changed = sources.filter((file) => stale(file, target(file, '.js')));
if (changed.length) {
  // esbuild as tsx depends on it: present wherever tsx is (a dependency, with or without dev packages)
  const esbuild = createRequire(createRequire(import.meta.url).resolve('tsx/package.json'))('esbuild');
  esbuild.buildSync({ entryPoints: changed, outdir: out, outbase: src, format: 'esm', platform: 'node', target: 'node20', bundle: false, logLevel: 'error' });
}
for (const file of assets) {
  const output = target(file, '');
  if (!stale(file, output)) continue;
  mkdirSync(dirname(output), { recursive: true });
  copyFileSync(file, output);
}
