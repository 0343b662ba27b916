/**
 * Before any test file: compile src/ to dist/ (incremental, as `npm start` does), so the tests
 * that start the `yimen` command as separate processes run the JavaScript an operator runs,
 * without compiling the TypeScript again in every process.
 */
import { execFileSync } from 'node:child_process';

export default function setup() {
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
}
