/**
 * Run before each test file (vitest's setupFiles), in the worker process that runs it. Test files
 * share their worker's modules (isolate: false, vitest.config.ts), so what must be a file's own
 * is made here: the folder its apps keep uploaded files in (test/helpers.ts testConfig), removed
 * when the file is done, so one file's uploads are never in the next one's folder.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { FILES_DIR_ENV } from './global-setup.js';

const dir = mkdtempSync(join(tmpdir(), 'yimen-test-files-'));
process.env[FILES_DIR_ENV] = dir;
afterAll(() => rmSync(dir, { recursive: true, force: true }));
