/**
 * bench:letters — letter intake on PostgreSQL: N concurrent submissions through
 * POST /api/v1/letters (a hotline integration's token, each with its own Idempotency-Key, a
 * realistic mix of mailboxes and types), then what the database holds: every acknowledged
 * letter must be there (none lost) and once (no duplicates). A second round resends some of the
 * same keys and must create nothing. Budget: ≥ 500 accepted submissions/s, none lost.
 *
 *   npm run bench:letters [-- --n 1000 --concurrency 1000 --resend 200]
 *
 * Uses a fresh database yimen_bench_letters on BENCH_PG (default postgres://postgres@127.0.0.1:5432),
 * dropped and recreated each run; the server runs as `yimen serve` in a child process.
 */
import { spawn } from 'node:child_process';
import http from 'node:http';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';

const { values } = parseArgs({
  options: { n: { type: 'string', default: '1000' }, concurrency: { type: 'string', default: '1000' }, resend: { type: 'string', default: '200' } },
});
const N = Number(values.n);
const CONCURRENCY = Number(values.concurrency);
const RESEND = Math.min(Number(values.resend), N);
const server = process.env.BENCH_PG || 'postgres://postgres@127.0.0.1:5432';
const dbName = 'yimen_bench_letters';
const databaseUrl = `${server.replace(/\/+$/, '')}/${dbName}`;
const RULES_FILE = 'data/demo/letters/dispatch-rules.json';

// ---- a fresh database with the demo catalogue -------------------------------------------------------

const admin = new pg.Client({ connectionString: `${server.replace(/\/+$/, '')}/postgres` });
await admin.connect();
await admin.query(`drop database if exists ${dbName} with (force)`);
await admin.query(`create database ${dbName}`);
await admin.end();

const env: NodeJS.ProcessEnv = {
  ...process.env,
  DATABASE_URL: databaseUrl,
  LOG_LEVEL: 'warn',
  RATE_LIMIT_LETTERS: '0',
  LETTERS_PER_PHONE: '0',
  RATE_LIMIT_LOGIN: '0',
  // intake is measured on its own: the notices it queues are delivered by `yimen worker`
  // processes (the scale-out setup), not by the web process taking the letters
  WORKER: 'separate',
  HOST: '127.0.0.1',
  PORT: '0',
};
const seedStart = Date.now();
await run(['src/cli/index.ts', 'seed', '--demo'], env);
const rulesLoaded = await loadRules();
console.error(`bench:letters  demo seeded in ${((Date.now() - seedStart) / 1000).toFixed(1)} s; dispatch rules: ${rulesLoaded ?? `none (${RULES_FILE} missing)`}`);

// ---- the server, as deployed ------------------------------------------------------------------------

const child = spawn(process.execPath, ['--import', 'tsx', ...(process.env.BENCH_PROF ? ['--cpu-prof', '--cpu-prof-dir=/tmp/prof'] : []), 'src/cli/index.ts', 'serve'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
const base = await new Promise<string>((resolve, reject) => {
  const lines = createInterface({ input: child.stdout });
  lines.on('line', (line) => {
    const m = /ready in \d+ ms: (http:\/\/\S+)/.exec(line);
    if (m) resolve((m[1] as string).replace('localhost', '127.0.0.1'));
  });
  child.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
});
// a failing benchmark must not leave its server behind
process.on('exit', () => child.kill('SIGKILL'));

const tokenRes = await fetch(`${base}/api/v1/auth/token`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ username: 'dispatcher', password: demoPassword(), scopes: ['letters:read', 'letters:write'], name: '12345 热线对接（压测）' }),
});
if (tokenRes.status !== 201) throw new Error(`token: ${tokenRes.status} ${await tokenRes.text()}`);
const token = ((await tokenRes.json()) as { token: string }).token;
const departments = ((await (await fetch(`${base}/api/v1/departments?limit=100`)).json()) as { departments: { id: number }[] }).departments.map((d) => d.id);

// ---- the load ---------------------------------------------------------------------------------------

const runId = Date.now().toString(36);
const PLACES = ['东湖区幸福路', '西城区和平街', '高新区科技大道', '南湖区滨江路', '北山区人民路', '开发区工业园'];
const TOPICS: [string, string][] = [
  ['道路破损积水', '路面坑洼多处，雨天积水严重，行人和电动车经过很危险，请尽快修复。'],
  ['夜间施工噪音扰民', '工地每天夜里十一点以后仍在施工，噪音很大，影响周边居民休息。'],
  ['咨询社保转移手续', '我从外地调动到本市工作，想咨询养老保险关系转移需要哪些材料和流程。'],
  ['建议增设公交站点', '附近小区入住人数多，最近的公交站要走二十分钟，建议增设站点或调整线路。'],
  ['小区垃圾清运不及时', '垃圾桶经常满溢，清运车三四天才来一次，夏天气味很大，希望增加清运频次。'],
  ['反映工作人员作风问题', '在办事窗口办理业务时，工作人员态度生硬，多次推诿，要求我反复提交相同材料。'],
  ['求助：老人走失', '家中八十岁老人早上外出后未归，患有轻度认知障碍，请求协助查找。'],
  ['咨询新生儿落户', '孩子刚出生，父母户籍不在同一个区，想咨询在哪里办理落户以及需要的材料。'],
];

function submission(i: number) {
  const [topic, text] = TOPICS[i % TOPICS.length] as [string, string];
  const place = PLACES[i % PLACES.length] as string;
  const r = i % 20;
  // mayor 50%, department 20%, consultation 15%, discipline 10%, supervision 5%
  const channel = r < 10 ? 'mayor' : r < 14 ? 'department' : r < 17 ? 'consultation' : r < 19 ? 'discipline' : 'supervision';
  const type =
    channel === 'consultation' ? 'consultation' : channel === 'discipline' || channel === 'supervision' ? 'report' : (['complaint', 'consultation', 'suggestion', 'help', 'report'][i % 5] as string);
  const anonymous = (channel === 'discipline' || channel === 'supervision') && i % 2 === 0;
  return {
    channel,
    type,
    title: `${topic}（${i}）`,
    body: `${place}${(i % 90) + 1}号附近：${text}编号 ${runId}-${i}。`,
    ...(anonymous ? { anonymous: true } : { name: `市民${i}`, phone: `13${(100_000_000 + i).toString().slice(-9)}` }),
    isPublic: i % 3 !== 0,
    ...(channel === 'department' ? { departmentId: departments[i % departments.length] } : {}),
    address: i % 2 ? `${place}${(i % 90) + 1}号` : undefined,
  };
}

interface Outcome {
  status: number;
  ms: number;
  trackingCode?: string;
  replayed?: boolean;
}
// node:http with a keep-alive agent: a lighter client than fetch, which matters when the client
// shares the machine's two cores with the server and PostgreSQL
const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
function post(path: string, headers: Record<string, string>, payload: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${base}${path}`, { method: 'POST', agent, headers: { ...headers, 'content-length': Buffer.byteLength(payload) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}

async function submit(i: number, prefix = 'bench'): Promise<Outcome> {
  const started = performance.now();
  try {
    const res = await post(
      '/api/v1/letters',
      { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': `${prefix}-${runId}-${i}` },
      JSON.stringify(submission(i)),
    );
    const body = JSON.parse(res.body) as { trackingCode?: string };
    return { status: res.status, ms: performance.now() - started, trackingCode: body.trackingCode, replayed: res.headers['idempotent-replayed'] === 'true' };
  } catch {
    return { status: 0, ms: performance.now() - started };
  }
}

async function fire(indexes: number[], prefix?: string): Promise<{ outcomes: Outcome[]; seconds: number }> {
  const outcomes: Outcome[] = new Array(indexes.length);
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(CONCURRENCY, indexes.length) }, async () => {
      while (next < indexes.length) {
        const k = next++;
        outcomes[k] = await submit(indexes[k] as number, prefix);
      }
    }),
  );
  return { outcomes, seconds: (performance.now() - started) / 1000 };
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;

// warm up the route, the connection pool and the JIT on letters that are not counted (a server
// that has just started runs its first few hundred requests unoptimised)
await fire(Array.from({ length: 500 }, (_, i) => N + i), 'warmup');

// what one submission costs the database: transactions and rows written per table
const stats = new pg.Client({ connectionString: databaseUrl });
await stats.connect();
const dbStats = async () => {
  // an idle backend reports its statistics up to 10 s after its last commit: wait until the
  // figures stand still; rows are counted exactly
  const read = async () => {
    const tx = await stats.query<{ n: string }>('select xact_commit + xact_rollback as n from pg_stat_database where datname = current_database()');
    const tables = await stats.query<{ n: string }>('select n_tup_ins + n_tup_upd + n_tup_del as n from pg_stat_user_tables order by relid');
    return { tx: Number(tx.rows[0]?.n), signature: JSON.stringify([tx.rows[0]?.n, tables.rows.map((r) => r.n)]) };
  };
  // unchanged over two looks 1.5 s apart, or 12 s at most
  let last = await read();
  for (let waited = 0, still = 0; waited < 12_000 && still < 2; waited += 1500) {
    await new Promise((r) => setTimeout(r, 1500));
    const now = await read();
    still = now.signature === last.signature ? still + 1 : 0;
    last = now;
  }
  const names = await stats.query<{ schemaname: string; relname: string }>('select schemaname, relname from pg_stat_user_tables');
  const tables = new Map<string, number>();
  for (const { schemaname, relname } of names.rows)
    tables.set(relname, Number((await stats.query<{ n: string }>(`select count(*) n from "${schemaname}"."${relname}"`)).rows[0]?.n));
  return { tx: last.tx, tables };
};
const statsBefore = await dbStats();
const cpuBefore = serverCpuMs();
const pgBefore = postgresCpuMs();
const clientBefore = process.cpuUsage();
const overflowsBefore = listenOverflows();

const all = Array.from({ length: N }, (_, i) => i);
const round1 = await fire(all);
const serverCpu = serverCpuMs() - cpuBefore;
const pgCpu = postgresCpuMs() - pgBefore;
const clientUsage = process.cpuUsage(clientBefore);
const clientCpu = (clientUsage.user + clientUsage.system) / 1000;
const overflows = listenOverflows() - overflowsBefore;
const statsAfter = await dbStats();
await stats.end();
const accepted = round1.outcomes.filter((o) => o.status === 201);
const rejected = round1.outcomes.filter((o) => o.status !== 201);
const lat = accepted.map((o) => o.ms).sort((a, b) => a - b);
const rate = accepted.length / round1.seconds;

// ---- what the database holds -------------------------------------------------------------------------

const db = new pg.Client({ connectionString: databaseUrl });
await db.connect();
const acknowledged = new Map(accepted.map((o, k) => [o.trackingCode as string, k]));
// keys are stored under their sender (user:<id>:<key>), so another sender's key never matches
const stored = await db.query<{ tracking_code: string; body: string }>(`select tracking_code, body from letters where idempotency_key like $1`, [`%:bench-${runId}-%`]);
const storedCodes = new Set(stored.rows.map((r) => r.tracking_code));
const lost = [...acknowledged.keys()].filter((c) => !storedCodes.has(c)).length;
const perBody = new Map<string, number>();
for (const r of stored.rows) perBody.set(r.body, (perBody.get(r.body) ?? 0) + 1);
const duplicates = [...perBody.values()].reduce((s, n) => s + n - 1, 0);
const queued = await db.query<{ n: string }>(`select count(*) n from outbox`).catch(() => ({ rows: [{ n: '?' }] }));

// ---- round 2: the same keys again ---------------------------------------------------------------------

const before = Number((await db.query<{ n: string }>('select count(*) n from letters')).rows[0]?.n);
const resendIdx = all.filter((i) => round1.outcomes[i]?.status === 201).slice(0, RESEND);
const round2 = await fire(resendIdx);
const after = Number((await db.query<{ n: string }>('select count(*) n from letters')).rows[0]?.n);
const sameCode = round2.outcomes.filter((o, k) => o.status === 201 && o.replayed && o.trackingCode === round1.outcomes[resendIdx[k] as number]?.trackingCode).length;
await db.end();

child.kill('SIGTERM');
await new Promise((r) => child.on('exit', r));

const statuses = new Map<number, number>();
for (const o of rejected) statuses.set(o.status, (statuses.get(o.status) ?? 0) + 1);
const ok = rate >= 500 && lost === 0 && duplicates === 0 && after === before && sameCode === resendIdx.length;
console.log(`bench:letters  PostgreSQL, ${N} submissions, ${Math.min(CONCURRENCY, N)} in flight, hotline token, dispatch rules: ${rulesLoaded ?? 'none'}`);
console.log(`accepted        ${accepted.length}`);
console.log(`rejected        ${rejected.length}${rejected.length ? ` (${[...statuses].map(([s, n]) => `${s || 'no answer'}: ${n}`).join(', ')})` : ''}`);
console.log(`accepted/s      ${rate.toFixed(0)}   (${round1.seconds.toFixed(2)} s for the round)`);
console.log(`latency         p50 ${pct(lat, 50).toFixed(0)} ms   p99 ${pct(lat, 99).toFixed(0)} ms   max ${(lat[lat.length - 1] ?? 0).toFixed(0)} ms`);
console.log(`database        ${stored.rows.length} letters of this run; notifications queued: ${queued.rows[0]?.n}`);
const perLetter = (n: number) => (n / Math.max(accepted.length, 1)).toFixed(2);
const written = [...statsAfter.tables]
  .map(([table, n]) => [table, n - (statsBefore.tables.get(table) ?? 0)] as const)
  .filter(([, n]) => n > 0)
  .sort((a, b) => b[1] - a[1]);
const msPer = (ms: number) => (ms / Math.max(accepted.length, 1)).toFixed(2);
console.log(
  `CPU per letter  server ${msPer(serverCpu)} ms, PostgreSQL ${pgCpu > 0 ? `${msPer(pgCpu)} ms` : 'not measured (not on this machine)'}, this load client ${msPer(clientCpu)} ms; ${availableParallelism()} cores, so at most ${((availableParallelism() * 1000) / Math.max((serverCpu + Math.max(pgCpu, 0) + clientCpu) / Math.max(accepted.length, 1), 0.001)).toFixed(0)} letters/s fit on this machine`,
);
if (overflowsBefore >= 0)
  console.log(`connections     ${overflows} dropped by a full listen queue (each costs its client a second before it tries again)`);
console.log(`per letter      ≈${perLetter(statsAfter.tx - statsBefore.tx)} transactions (each statement outside a transaction is one); rows added: ${written.map(([table, n]) => `${table} ${perLetter(n)}`).join(', ')}`);
console.log(`letters lost    ${lost}`);
console.log(`duplicates      ${duplicates}`);
console.log(`resent keys     ${resendIdx.length}: ${sameCode} answered with the same letter, new letters created: ${after - before}`);
console.log(ok ? 'budget: met (≥ 500 accepted/s, none lost, no duplicates, resends create nothing)' : 'budget: NOT met');
process.exit(0);

// ---- helpers ------------------------------------------------------------------------------------------

function run(args: string[], e: NodeJS.ProcessEnv) {
  return new Promise<void>((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', ...args], { env: e, stdio: ['ignore', 'ignore', 'inherit'] });
    p.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${args.join(' ')} exited ${code}`))));
  });
}

/** CPU time a process has used so far (Linux, user + system), in ms; 0 where /proc cannot tell */
function cpuMsOf(pid: number | string | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return 0;
  }
}
function serverCpuMs(): number {
  return cpuMsOf(child.pid);
}

/** connections this machine's kernel dropped because a listen queue was full, so far; -1 unknown */
function listenOverflows(): number {
  try {
    const lines = readFileSync('/proc/net/netstat', 'utf8').split('\n');
    const header = lines.find((l) => l.startsWith('TcpExt:'))?.split(' ') ?? [];
    const numbers = lines.filter((l) => l.startsWith('TcpExt:'))[1]?.split(' ') ?? [];
    const at = header.indexOf('ListenOverflows');
    return at > 0 ? Number(numbers[at]) : -1;
  } catch {
    return -1;
  }
}

/**
 * CPU time of every PostgreSQL process on this machine (the server is local in the usual setup),
 * in ms; -1 when there is none to see. Backends that exit between the two readings are not
 * counted, so the figure is a floor.
 */
function postgresCpuMs(): number {
  try {
    let total = 0;
    let seen = 0;
    for (const pid of readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      const comm = (() => {
        try {
          return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
        } catch {
          return '';
        }
      })();
      if (comm !== 'postgres') continue;
      seen++;
      total += cpuMsOf(pid);
    }
    return seen ? total : -1;
  } catch {
    return -1;
  }
}

function demoPassword(): string {
  return (JSON.parse(readFileSync('data/demo/accounts.json', 'utf8')) as { password: string }).password;
}

/** Dispatch rules of the demo, when they exist: letters they place go straight to a department. */
async function loadRules(): Promise<number | undefined> {
  if (!existsSync(RULES_FILE)) return undefined;
  const raw = JSON.parse(readFileSync(RULES_FILE, 'utf8')) as unknown;
  const rules = Array.isArray(raw) ? raw : ((raw as { rules?: unknown[] }).rules ?? []);
  const { loadConfig } = await import('../src/config.js');
  const { openDatabase } = await import('../src/db/client.js');
  const { createServices } = await import('../src/app.js');
  const config = loadConfig({ ...env, NODE_ENV: 'test', LOG_LEVEL: 'silent' });
  const database = await openDatabase({ databaseUrl, dataDir: '' });
  const services = await createServices(config, database, { search: 'write' });
  try {
    if (!(await services.letters.count())) {
      const already = await services.letters.listRules(await services.accounts.signInStaff('dispatcher', demoPassword()));
      if (!already.length) await services.letters.seed({ rules: rules as never[], templates: [], letters: [] });
    }
    return (await services.letters.listRules(await services.accounts.signInStaff('dispatcher', demoPassword()))).length;
  } finally {
    await services.close();
    await database.close();
  }
}
