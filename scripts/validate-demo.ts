/**
 * Checks the demo catalogue in data/demo (or the folder given) and prints every problem with
 * the file and record it belongs to. `--only PATH` keeps the problems of one file.
 * Used by content writers while they work; `yimen seed --demo` runs the same checks.
 */
import { readBundleDir, validateBundle } from '../src/modules/catalog/index.js';

const args = process.argv.slice(2);
const onlyAt = args.indexOf('--only');
const only = onlyAt >= 0 ? args.splice(onlyAt, 2)[1] : undefined;
const dir = args[0] ?? 'data/demo';
const { bundle, origins } = readBundleDir(dir);
const problems = validateBundle(bundle, { origins }).filter((p) => !only || p.where.includes(only));
for (const p of problems) console.log(`${p.where}  ${p.field}  ${p.message}`);
const counts = Object.entries(bundle).map(([k, v]) => `${k}=${v.length}`).join(' ');
console.log(`${problems.length} problem(s); ${counts}`);
process.exitCode = problems.length ? 1 : 0;
