import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Browser specs run on the embedded database only (test/e2e/browser.ts, browserRunsElsewhere):
    // on PostgreSQL they are left out here rather than loaded to skip themselves, which cost each
    // of them the import of the whole app for nothing.
    exclude: process.env.DATABASE_URL ? [...configDefaults.exclude, 'test/e2e/**'] : configDefaults.exclude,
    // compiles dist/ once: the CLI and process tests run the compiled command
    globalSetup: ['test/global-setup.ts'],
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: process.env.CI ? ['default'] : ['default'],
  },
});
