import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { configDefaults, defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The files that take longest, longest first (measured on a fresh clone, docs/decisions/0033): they start
 * before the rest so that the last minutes of a run are not one of them alone on one core while the
 * other waits. Vitest orders by the durations it remembers (node_modules/.vite), which a fresh clone
 * has not got: there it would order by file size and start the browser sweeps late.
 */
const LONGEST_FIRST = [
  'test/e2e/axe-crawl.test.ts',
  'src/cli/cli.test.ts',
  'test/e2e/responsive.test.ts',
  'test/role-matrix.test.ts',
  'test/fuzz.test.ts',
  'src/modules/catalog/demo.test.ts',
  'src/modules/applications/demo.test.ts',
  'src/cli/backup.test.ts',
  'src/modules/annual-reports/demo.test.ts',
  'src/modules/letters/letters-durability.test.ts',
  'test/e2e/disclosure.test.ts',
  'test/e2e/applications.test.ts',
  'test/e2e/letters.test.ts',
  'test/e2e/journeys.test.ts',
  'test/e2e/appointments.test.ts',
  'test/public-reach.test.ts',
];

class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]) {
    const sorted = await super.sort(files);
    const rank = (f: TestSpecification) => {
      const i = LONGEST_FIRST.indexOf(relative(process.cwd(), f.moduleId).replaceAll('\\', '/'));
      return i < 0 ? LONGEST_FIRST.length : i;
    };
    return sorted.sort((a, b) => rank(a) - rank(b)); // stable: the rest keep vitest's order
  }
}

/**
 * Test files that never open a database, so the PostgreSQL pass leaves them out (they ran on the
 * embedded database's pass, and a database could not change what they check). The rule for this
 * list: the file, and everything it calls, opens no database — no testDatabase, testApp or demoApp
 * (test/helpers.ts), no createServices (src/app.ts), no openDatabase, and no `yimen` process or
 * other child process that could read DATABASE_URL. The check below keeps the obvious cases out.
 */
const DATABASE_FREE = [
  'src/lib/files/files.test.ts',
  'src/lib/identity.test.ts',
  'src/lib/masking.test.ts',
  'src/lib/workdays.test.ts',
  'src/lib/workers/pool.test.ts',
  'src/modules/accounts/oidc.test.ts',
  'src/modules/admin/desk.test.ts',
  'src/modules/applications/approval.test.ts',
  'src/modules/applications/automation/automation.test.ts',
  'src/modules/applications/clock.test.ts',
  'src/modules/applications/definitions/demo.test.ts',
  'src/modules/applications/form-answers.test.ts',
  'src/modules/applications/form-notation.test.ts',
  'src/modules/applications/machine.test.ts',
  'src/modules/applications/materials.test.ts',
  'src/modules/applications/policy.test.ts',
  'src/modules/appointments/schedule.test.ts',
  'src/modules/certificates/demo.test.ts',
  'src/modules/certificates/on-file.test.ts',
  'src/modules/foi/clock.test.ts',
  'src/modules/search/analyzer.test.ts',
  'src/modules/search/search-compact.test.ts',
  'src/web/html.test.ts',
  'src/web/page-cache.test.ts',
];
for (const file of DATABASE_FREE) {
  const source = readFileSync(file, 'utf8');
  const opens = /helpers\.js|applications-pages\.js|fuzz\/site\.js|\/app\.js|db\/client|openDatabase|createServices|DATABASE_URL|child_process/.exec(source);
  if (opens) throw new Error(`vitest.config.ts: ${file} is listed as never opening a database, but it mentions ${opens[0]}`);
}

// test files share their worker's modules (isolate: false below): a module mocked by one would stay
// mocked for the files after it, and not reach the modules the files before it imported
for (const dir of ['src', 'test'])
  for (const file of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    if (!file.endsWith('.test.ts')) continue;
    const mocks = /\bvi\.(?:do)?mock\(/.exec(readFileSync(join(dir, file), 'utf8'));
    if (mocks) throw new Error(`vitest.config.ts: ${join(dir, file)} mocks a module (${mocks[0]}): test files share their worker's modules, see docs/decisions/0035`);
  }

const onPostgres = !!process.env.DATABASE_URL;

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Browser specs run on the embedded database only (test/e2e/browser.ts, browserRunsElsewhere):
    // on PostgreSQL they are left out here rather than loaded to skip themselves, which cost each
    // of them the import of the whole app for nothing; so are the files that open no database.
    exclude: onPostgres ? [...configDefaults.exclude, 'test/e2e/**', ...DATABASE_FREE] : configDefaults.exclude,
    // compiles dist/ once: the CLI and process tests run the compiled command
    globalSetup: ['test/global-setup.ts'],
    // Test files share their worker's modules rather than each importing the whole app again
    // (isolate: false; the import was a third of the PGlite pass, docs/decisions/0035): a file's
    // own state is made by test/file-setup.ts (its folder of uploads) and by the helpers (its
    // database); no test file may mock a module (vi.mock; checked above).
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1, isolate: false } },
    setupFiles: ['test/file-setup.ts'],
    sequence: { sequencer: LongestFirst },
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: process.env.CI ? ['default'] : ['default'],
  },
});
