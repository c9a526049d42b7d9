// `npm run bench -- identity`: token issue and validate against the limits that bound them, measured in one run.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hash, verify } from '@node-rs/bcrypt';
import { FernetKeyRepository, FernetTokenProvider } from '@nubo/identity';
import { type LoadResult, runLoad, runOps } from './lib/load.js';
import { repoRoot, rssMiB } from './lib/nubo-process.js';
import { peersWanted, runPeerScript } from './lib/peers.js';

const SECONDS = Number(process.env.BENCH_SECS ?? 10);
const CONCURRENCY = (process.env.BENCH_CONC ?? '1 16').split(/\s+/).map(Number);
const COST = 12;

interface Started {
  pid: number;
  stop(): Promise<void>;
  /** Seconds from spawning `nubo up` to holding a first token. */
  toFirstToken: number;
}

async function startNubo(dataDir: string, port: number): Promise<Started> {
  const t0 = performance.now();
  const child = spawn(
    join(repoRoot, 'bin', 'nubo'),
    ['up', '--data-dir', dataDir, '--port', String(port), '--no-clouds-yaml'],
    {
      stdio: 'ignore',
      env: { ...process.env, NUBO_IDENTITY_BCRYPT_COST: String(COST) },
    },
  );
  const url = `http://127.0.0.1:${port}/identity/v3/auth/tokens`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nubo up exited with ${child.exitCode}; see ${dataDir}/nubo.log`);
    try {
      const { admin } = JSON.parse(readFileSync(join(dataDir, 'credentials.json'), 'utf8'));
      const r = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: passwordBody(admin.password),
      });
      if (r.status === 201) break;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  const toFirstToken = (performance.now() - t0) / 1000;
  return {
    pid: child.pid!,
    toFirstToken,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

function passwordBody(password: string): string {
  return JSON.stringify({
    auth: {
      identity: { methods: ['password'], password: { user: { name: 'admin', domain: { id: 'default' }, password } } },
      scope: { project: { name: 'admin', domain: { id: 'default' } } },
    },
  });
}

const fmt = (r: LoadResult) =>
  `${r.rps.toFixed(1).padStart(8)} req/s  p50 ${r.p50.toFixed(2).padStart(7)} ms  p99 ${r.p99.toFixed(2).padStart(7)} ms  ${JSON.stringify(r.statuses)}`;
const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');

export async function benchIdentity(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'nubo-bench-'));
  const port = 15000 + Math.floor(Math.random() * 20000);
  console.log(
    `identity bench: ${SECONDS} s per measure, concurrency ${CONCURRENCY.join(' and ')}, bcrypt cost ${COST}\n`,
  );
  try {
    const cold = await startNubo(dataDir, port);
    await cold.stop();
    const warm = await startNubo(dataDir, port);
    const rss = rssMiB(warm.pid);
    console.log(
      `nubo up → first token   fresh data dir ${cold.toFirstToken.toFixed(2)} s   restart ${warm.toFirstToken.toFixed(2)} s   (target < 2 s: ${verdict(warm.toFirstToken < 2)})`,
    );
    console.log(
      `RSS after start         ${rss.toFixed(1)} MiB   (target < 120 MB: ${verdict(rss * 1.048576 < 120)})\n`,
    );

    const { admin } = JSON.parse(readFileSync(join(dataDir, 'credentials.json'), 'utf8'));
    const base = `http://127.0.0.1:${port}/identity/v3`;
    const issued = await fetch(`${base}/auth/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: passwordBody(admin.password),
    });
    const token = issued.headers.get('x-subject-token')!;

    const stored = await hash('bench-password', { cost: COST });
    for (const c of CONCURRENCY) {
      const bcryptRate = await runOps(() => verify('bench-password', stored), c, SECONDS);
      const issue = await runLoad(
        () => ({
          method: 'POST',
          url: `${base}/auth/tokens`,
          headers: { 'content-type': 'application/json' },
          body: passwordBody(admin.password),
        }),
        c,
        SECONDS,
      );
      const trivial = await runLoad(
        () => ({ method: 'GET', url: `${base}/auth/catalog`, headers: { 'x-auth-token': token } }),
        c,
        SECONDS,
      );
      const validate = await runLoad(
        () => ({
          method: 'GET',
          url: `${base}/auth/tokens`,
          headers: { 'x-auth-token': token, 'x-subject-token': token },
        }),
        c,
        SECONDS,
      );
      console.log(`concurrency ${c}`);
      console.log(`  bcrypt verify (in-process ceiling) ${bcryptRate.toFixed(1).padStart(8)} /s`);
      console.log(
        `  token issue (password)   ${fmt(issue)}   = ${((issue.rps / bcryptRate) * 100).toFixed(0)}% of bcrypt (target ≥ 80%: ${verdict(issue.rps >= 0.8 * bcryptRate)})`,
      );
      console.log(`  trivial authed GET       ${fmt(trivial)}   (GET /v3/auth/catalog)`);
      console.log(
        `  token validate           ${fmt(validate)}   = ${((validate.rps / trivial.rps) * 100).toFixed(0)}% of trivial GET (target ≥ 50%: ${verdict(validate.rps >= 0.5 * trivial.rps)})`,
      );
    }
    console.log(`\nRSS after the load      ${rssMiB(warm.pid).toFixed(1)} MiB`);
    if (peersWanted()) compareWithKeystone(port, admin.password);
    await warm.stop();

    const keys = new FernetKeyRepository(join(dataDir, 'fernet-keys'));
    const provider = new FernetTokenProvider(keys);
    const n = 100_000;
    for (let i = 0; i < 10_000; i++) provider.validate(token);
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) provider.validate(token);
    const micros = Number(process.hrtime.bigint() - t0) / 1000 / n;
    console.log(
      `in-process Fernet validate ${micros.toFixed(2)} µs/token   (upstream Keystone ~215 µs, a Rust rewrite ~9 µs; target < 20 µs: ${verdict(micros < 20)})`,
    );
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The same wrk load (../shared/peers/keystone-bench.sh) on the real Keystone and on nubo, printed side by side. */
function compareWithKeystone(port: number, adminPassword: string): void {
  console.log('\nreal Keystone (Zed, uWSGI 2 workers, memcached) vs nubo, same wrk script, same machine:');
  const up = runPeerScript('keystone-up.sh', { KS_CACHE: 'memcached' });
  console.log(`  ${up.split('\n').find((l) => l.startsWith('keystone:')) ?? ''}`);
  const secs = String(Math.max(5, SECONDS));
  const keystone = runPeerScript('keystone-bench.sh', { BENCH_SECS: secs });
  const nubo = runPeerScript('keystone-bench.sh', {
    BENCH_SECS: secs,
    BENCH_URL: `http://127.0.0.1:${port}/identity`,
    OS_USERNAME: 'admin',
    OS_PASSWORD: adminPassword,
    OS_PROJECT_NAME: 'admin',
  });
  const rows = (text: string) => text.split('\n').filter((l) => /^(issue|reissue|validate)\s/.test(l));
  const k = rows(keystone);
  const n = rows(nubo);
  for (let i = 0; i < Math.max(k.length, n.length); i++) {
    console.log(`  keystone ${k[i] ?? ''}`);
    console.log(`  nubo     ${n[i] ?? ''}`);
  }
}
