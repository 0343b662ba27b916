/**
 * The `yimen` command. `npm start` runs `yimen serve --init`: migrate, load the demo on first
 * run, serve. Every command reads the same environment variables as the server.
 */
import { parseArgs } from 'node:util';
import { type Config, ConfigError, loadConfig } from '../config.js';
import { DataDirError, openDatabase } from '../db/client.js';
import { ValidationError } from '../lib/errors.js';
import { openFileStore } from '../lib/files/index.js';
import { moveAttachmentsOut } from '../modules/letters/index.js';
import { BackupError, backup, restore } from './backup.js';
import { exportCommand, importCommand } from './io.js';
import { seedDemo, seedScale } from './seed.js';
import { searchCommand } from './search.js';
import { serve } from './serve.js';
import { userCommand } from './user.js';

const HELP = `yimen — 一门 one-stop government service portal

Usage: yimen <command> [options]

  serve [--init]            start the portal (--init: migrate, load the demo data on first run)
  migrate                   apply database migrations
  seed --demo               load the demo catalogue of 示范市 (replaces nothing it does not contain)
  seed --scale-articles N   add N synthetic government information articles (benchmarks; refused on the demo)
  seed --scale N            create N synthetic items for benchmarks (only into an empty database)
  import FILE               import a catalogue from .csv, .xlsx or .json (all-or-nothing)
  export [--out FILE]       export the catalogue (.xlsx, .csv or .json by the file name; default stdout JSON)
  validate [DIR]            check a demo-style data folder without writing anything
  backup [--out DIR]        copy the embedded database and the file store into DIR (stop the server first;
                            PostgreSQL: pg_dump, see README); default DIR: backups/yimen-<time>
  restore DIR               restore a backup into an empty DATA_DIR, and its files into FILES_DIR
  worker                    deliver notifications, remind and supervise letters' deadlines (run web processes with WORKER=separate)
  search report|synonyms|best-bet|reindex
                            search operations (yimen search help)
  user create --username NAME --role ROLE [--name 姓名] [--department SLUG]
                            create a staff account (password from YIMEN_PASSWORD, or generated)

Environment: PORT, HOST, DATA_DIR (embedded database, default ./.yimen/db), DATABASE_URL (PostgreSQL),
FILES_DIR (uploaded files, default ./.yimen/files) or FILES_S3_* (an S3-compatible bucket),
PUBLIC_URL, TZ_PORTAL, LOG_LEVEL, PDF_FONT, NODE_ENV.`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    console.log(HELP);
    return command ? 0 : 1;
  }
  let config: Config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(`yimen: configuration error: ${e.message}`);
      return 2;
    }
    throw e;
  }
  const open = async () => {
    const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    await database.migrate();
    return database;
  };

  switch (command) {
    case 'serve': {
      const { values } = parseArgs({ args: rest, options: { init: { type: 'boolean' } } });
      await serve(config, await open(), { init: values.init ?? false });
      return -1; // keeps running
    }
    case 'backup':
    case 'restore': {
      const { values, positionals } = parseArgs({ args: rest, options: { out: { type: 'string' } }, allowPositionals: true });
      try {
        if (command === 'backup') {
          const done = await backup(config, values.out ?? `backups/yimen-${new Date().toISOString().replace(/[:.]/g, '-')}`);
          console.log(`backup in ${done.out}: ${done.databaseBytes ? `database ${(done.databaseBytes / 1048576).toFixed(1)} MB` : 'no embedded database (PostgreSQL: use pg_dump)'}, ${done.files} files`);
        } else {
          if (!positionals[0]) {
            console.error('yimen restore: name the backup folder');
            return 2;
          }
          const done = await restore(config, positionals[0]);
          console.log(`restored into ${config.databaseUrl ? '(files only)' : config.dataDir}; ${done.files} files in ${config.filesDir}`);
        }
        return 0;
      } catch (e) {
        if (!(e instanceof BackupError)) throw e;
        console.error(`yimen ${command}: ${e.message}`);
        return 1;
      }
    }
    case 'migrate': {
      const database = await open();
      // attachments written before the file store: their bytes move out of the database
      const moved = await moveAttachmentsOut(database.db, openFileStore({ filesDir: config.filesDir, s3: config.filesS3 }));
      await database.close();
      console.log(`migrations applied (${database.kind})${moved ? `; ${moved} attachments moved to the file store` : ''}`);
      return 0;
    }
    case 'seed': {
      const { values } = parseArgs({ args: rest, options: { demo: { type: 'boolean' }, scale: { type: 'string' }, 'scale-articles': { type: 'string' } } });
      if (values['scale-articles'] !== undefined) {
        const n = Number(values['scale-articles']);
        if (!Number.isInteger(n) || n < 1 || n > 2_000_000) {
          console.error('yimen seed --scale-articles: N must be a whole number from 1 to 2000000');
          return 2;
        }
        const database = await open();
        try {
          const { seedScaleArticles } = await import('./seed.js');
          await seedScaleArticles(config, database, n);
        } finally {
          await database.close();
        }
        return 0;
      }
      if (values.demo === !!values.scale) {
        console.error('yimen seed: give exactly one of --demo or --scale N');
        return 2;
      }
      const database = await open();
      try {
        if (values.demo) await seedDemo(config, database, { verbose: true });
        else {
          const n = Number(values.scale);
          if (!Number.isInteger(n) || n < 1 || n > 2_000_000) {
            console.error('yimen seed --scale: N must be a whole number from 1 to 2000000');
            return 2;
          }
          await seedScale(config, database, n);
        }
      } finally {
        await database.close();
      }
      return 0;
    }
    case 'import': {
      const file = rest[0];
      if (!file) {
        console.error('yimen import: name the file to import (.csv, .xlsx or .json)');
        return 2;
      }
      const database = await open();
      try {
        return await importCommand(config, database, file);
      } finally {
        await database.close();
      }
    }
    case 'export': {
      const { values } = parseArgs({ args: rest, options: { out: { type: 'string' } } });
      const database = await open();
      try {
        return await exportCommand(config, database, values.out);
      } finally {
        await database.close();
      }
    }
    case 'search': {
      const database = await open();
      try {
        return await searchCommand(config, database, rest);
      } finally {
        await database.close();
      }
    }
    case 'user': {
      const database = await open();
      try {
        return await userCommand(database, rest);
      } finally {
        await database.close();
      }
    }
    case 'worker': {
      const database = await open();
      const { createServices } = await import('../app.js');
      const services = await createServices(config, database, { search: 'write' });
      // the cluster jobs (delivery every second here), once across however many workers run
      const { createScheduler, periodicJobs } = await import('../jobs/index.js');
      const scheduler = createScheduler(database);
      for (const job of periodicJobs(services, { cluster: true, deliverEveryMs: 1000 })) if (job.scope !== 'process') scheduler.register(job);
      scheduler.start();
      console.log('yimen worker: delivering notifications, watching letters\' deadlines');
      const stop = async () => {
        await scheduler.stop();
        await services.close();
        await database.close();
        process.exit(0);
      };
      process.on('SIGINT', () => void stop());
      process.on('SIGTERM', () => void stop());
      // the delivery timer does not hold the process open (so a web server can exit); this does
      setInterval(() => {}, 1 << 30);
      return -1;
    }
    case 'validate': {
      const { readBundleDir, validateBundle } = await import('../modules/catalog/index.js');
      const { bundle, origins } = readBundleDir(rest[0] ?? 'data/demo');
      const problems = validateBundle(bundle, { origins });
      const { validateDemoDefinitions } = await import('../modules/applications/index.js');
      problems.push(...(await validateDemoDefinitions(rest[0] ?? 'data/demo', bundle)));
      for (const p of problems) console.log(`${p.where}  ${p.field}  ${p.message}`);
      console.log(`${problems.length} problem(s)`);
      return problems.length ? 1 : 0;
    }
    default:
      console.error(`yimen: unknown command "${command}"\n`);
      console.log(HELP);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (e: unknown) => {
    if (e instanceof DataDirError) {
      console.error(`yimen: ${e.message}`);
      process.exit(2);
    }
    if (e instanceof ValidationError) {
      console.error(e.message);
      for (const p of e.problems.slice(0, 50)) console.error(`  ${p.where}  ${p.field}  ${p.message}`);
      process.exit(1);
    }
    console.error(e);
    process.exit(1);
  },
);
