#!/usr/bin/env node
// The import rule of docs/decisions/0015-module-shape.md, checked on every `npm run check`:
//  - a module imports another module only through its index.ts (its public face), and reads its
//    own tables only (db/schema/<module>.ts);
//  - src/lib, src/web and src/db import no module; app.ts, cli/, jobs/ and test/ only modules' index.ts;
//  - no import cycle between files of src/.
// `--report` prints, per module, its largest file and its imports of other modules.
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
const src = join(root, 'src');
const report = process.argv.includes('--report');

function walk(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (/\.(ts|mjs|js)$/.test(name) && !dir.includes(`${sep}static`)) out.push(p);
  }
  return out;
}

const importRe = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|(?:^|\n)\s*import\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

function resolveImport(from, spec) {
  if (!spec.startsWith('.')) return undefined;
  const base = resolve(dirname(from), spec);
  const candidates = [base, base.replace(/\.js$/, '.ts'), base.replace(/\.mjs$/, '.mts'), `${base}.ts`, join(base, 'index.ts')];
  return candidates.find((c) => existsSync(c) && statSync(c).isFile());
}

const where = (file) => {
  if (!file.startsWith(src + sep)) return { layer: 'test', module: undefined };
  const rel = relative(src, file).split(sep);
  if (rel[0] === 'modules') return { layer: 'module', module: rel[1], inner: rel.slice(2).join('/') };
  return { layer: rel.length > 1 ? rel[0] : rel[0].replace(/\.ts$/, ''), module: undefined };
};

// a module whose tables are in more than one schema file: its further files
const MORE_TABLES = { applications: ['application-definitions.ts'], appointments: ['hospitals.ts'] };
const files = walk(src);
const testFiles = walk(join(root, 'test'));
const graph = new Map();
const problems = [];
const cross = new Map(); // module -> Map(otherModule -> count)
const lines = new Map();
for (const file of [...files, ...testFiles]) {
  const text = readFileSync(file, 'utf8');
  lines.set(file, text.split('\n').length);
  const edges = [];
  for (const m of text.matchAll(importRe)) {
    const spec = m[1] ?? m[2] ?? m[3];
    const target = resolveImport(file, spec);
    if (!target?.startsWith(src)) continue;
    edges.push({ target });
    const a = where(file);
    const b = where(target);
    const table = relative(join(src, 'db', 'schema'), target);
    if (a.layer === 'module' && !table.startsWith('..') && table !== `${a.module}.ts` && !(MORE_TABLES[a.module] ?? []).includes(table) && table !== 'core.ts' && !file.endsWith('.test.ts'))
      problems.push(`${relative(root, file)} imports ${relative(root, target)}: a module reads its own tables only (db/schema/${a.module}.ts)`);
    if (b.layer !== 'module') continue;
    const at = `${relative(root, file)} imports ${relative(root, target)}`;
    if (a.layer === 'module' && a.module !== b.module) {
      if (!file.endsWith('.test.ts')) {
        const per = cross.get(a.module) ?? new Map();
        per.set(b.module, (per.get(b.module) ?? 0) + 1);
        cross.set(a.module, per);
      }
      if (b.inner !== 'index.ts') problems.push(`${at}: another module is reached through its index.ts only`);
    } else if (['lib', 'web', 'db', 'config'].includes(a.layer)) {
      problems.push(`${at}: the shared layers (lib, web, db, config) import no module`);
    } else if (a.layer !== 'module' && b.inner !== 'index.ts') {
      problems.push(`${at}: app.ts, the CLI, the jobs and test/ reach a module through its index.ts only`);
    }
  }
  graph.set(file, edges);
}

// cycles, type imports included: two files that need each other are one thing, or need a third
const state = new Map();
const stack = [];
const cycles = [];
function visit(f) {
  state.set(f, 1);
  stack.push(f);
  for (const { target } of graph.get(f) ?? []) {
    if (!graph.has(target)) continue;
    if (state.get(target) === 1) cycles.push(stack.slice(stack.indexOf(target)).concat(target));
    else if (!state.has(target)) visit(target);
  }
  stack.pop();
  state.set(f, 2);
}
for (const f of files) if (!state.has(f)) visit(f);
for (const c of cycles) problems.push(`import cycle: ${c.map((f) => relative(root, f)).join(' → ')}`);

if (report) {
  const modules = [...new Set(files.map(where).filter((w) => w.module).map((w) => w.module))].sort();
  let total = 0;
  for (const m of modules) {
    const own = files.filter((f) => where(f).module === m && !f.endsWith('.test.ts'));
    const largest = own.sort((x, y) => lines.get(y) - lines.get(x))[0];
    const per = cross.get(m) ?? new Map();
    const n = [...per.values()].reduce((s, v) => s + v, 0);
    total += n;
    console.log(`${m.padEnd(10)} largest ${relative(src, largest)} (${lines.get(largest)} lines); imports of other modules (tests aside): ${n} ${[...per].map(([k, v]) => `${k}×${v}`).join(' ')}`);
  }
  console.log(`cross-module imports in all: ${total}`);
}
if (problems.length) {
  console.error(`${problems.length} import rule problem(s):\n${problems.map((p) => `  ${p}`).join('\n')}`);
  process.exit(1);
}
console.log('imports: every module is reached through its index.ts, shared layers import no module, no cycle');
