// `npm run bench -- image`: 1 GiB upload and download through the Image API beside a plain file copy on the same disk.
import { execFile, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { copyFile, unlink } from 'node:fs/promises';
import { request } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { nuboDown, nuboUp, rssMiB } from './lib/nubo-process.js';

const run = promisify(execFile);

const SIZE = Number(process.env.BENCH_IMAGE_MIB ?? 1024) * 1024 * 1024;
const CHUNK = 1024 * 1024;
const block = randomBytes(CHUNK);

/** SIZE bytes made on the fly: a random 1 MiB block, each copy stamped with its index so no two chunks match. */
function generated(): Readable {
  let sent = 0;
  return new Readable({
    highWaterMark: CHUNK,
    read() {
      if (sent >= SIZE) return this.push(null);
      const chunk = Buffer.from(block.subarray(0, Math.min(CHUNK, SIZE - sent)));
      chunk.writeDoubleBE(sent, 0);
      sent += chunk.length;
      this.push(chunk);
    },
  });
}

const mbps = (bytes: number, ms: number) => bytes / 1024 / 1024 / (ms / 1000);
const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');

/** CPU seconds a process has used: its threads' user + system time, with its waited-for children's when asked. */
function cpuSeconds(pid: number | 'self', children = false): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime, stime, cutime, cstime: fields 14–17 of proc(5), in clock ticks (100 a second on Linux).
  return (Number(f[11]) + Number(f[12]) + (children ? Number(f[13]) + Number(f[14]) : 0)) / 100;
}

/** CPU seconds of the last `timed` call: this process, its finished children and the `pids` it was given. */
let lastCpu = 0;

/**
 * Wall time of `fn` in ms; its CPU time (all threads of this process and of `pids`) is left in `lastCpu`. The CPU
 * time does not depend on what else the machine runs, so it says what two idle cores could do.
 */
async function timed(fn: () => Promise<void>, pids: number[] = []): Promise<number> {
  const cpu = () => cpuSeconds('self', true) + pids.reduce((sum, pid) => sum + cpuSeconds(pid), 0);
  const cpu0 = cpu();
  const t0 = performance.now();
  await fn();
  const ms = performance.now() - t0;
  lastCpu = cpu() - cpu0;
  return ms;
}

/** A password-scoped token and the image endpoint from the catalog. */
async function login(authUrl: string, admin: { username: string; password: string; projectName: string }) {
  const r = await fetch(`${authUrl}/auth/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { name: admin.username, domain: { id: 'default' }, password: admin.password } },
        },
        scope: { project: { name: admin.projectName, domain: { id: 'default' } } },
      },
    }),
  });
  const body = (await r.json()) as {
    token: { catalog: { type: string; endpoints: { interface: string; url: string }[] }[] };
  };
  const image = body.token.catalog.find((s) => s.type === 'image')!.endpoints.find((e) => e.interface === 'public')!;
  return { token: r.headers.get('x-subject-token')!, endpoint: image.url };
}

/** md5 and sha512 each alone over the generated data: what one core can hash, per algorithm. */
async function hashAlone(algorithm: string): Promise<{ ms: number; cpu: number }> {
  const hash = createHash(algorithm);
  const ms = await timed(() =>
    pipeline(
      generated(),
      new Writable({
        write(chunk: Buffer, _e, done) {
          hash.update(chunk);
          done();
        },
      }),
    ),
  );
  hash.digest();
  return { ms, cpu: lastCpu };
}

/**
 * The same PUT into a bare node:http server in another process that drops the bytes: what the HTTP transfer
 * alone costs on loopback (client and server each on their own event loop, as with nubo).
 */
async function httpAlone(): Promise<{ ms: number; cpu: number }> {
  const server = spawn(
    process.execPath,
    [
      '-e',
      `const s = require('node:http').createServer((q, r) => { q.resume(); q.on('end', () => r.writeHead(204).end()); });
       s.listen(0, '127.0.0.1', () => console.log(s.address().port));`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  try {
    const port = await new Promise<number>((resolve, reject) => {
      server.stdout.once('data', (line: Buffer) => resolve(Number(String(line).trim())));
      server.once('error', reject);
    });
    const ms = await timed(async () => {
      await upload(`http://127.0.0.1:${port}/`, 'none');
    }, [server.pid!]);
    return { ms, cpu: lastCpu };
  } finally {
    server.kill();
  }
}

/** The real client: `openstack image create --file` and `openstack image save --file`, timed with its start-up. */
async function viaCli(
  authUrl: string,
  admin: { username: string; password: string; projectName: string },
  dir: string,
  pids: number[],
) {
  const env = {
    ...process.env,
    OS_CLOUD: '',
    OS_CLIENT_CONFIG_FILE: '/dev/null',
    OS_AUTH_URL: authUrl,
    OS_USERNAME: admin.username,
    OS_PASSWORD: admin.password,
    OS_PROJECT_NAME: admin.projectName,
    OS_USER_DOMAIN_ID: 'default',
    OS_PROJECT_DOMAIN_ID: 'default',
    OS_IDENTITY_API_VERSION: '3',
    OS_INTERFACE: 'public',
  };
  const openstack = (...args: string[]) => run('openstack', args, { env, maxBuffer: 1024 * 1024 });
  const file = join(dir, 'cli-source.img');
  await pipeline(generated(), createWriteStream(file));
  const saved = join(dir, 'cli-saved.img');
  try {
    // One command without data: the CLI's start-up and login, part of both figures below.
    const startupMs = await timed(async () => {
      await openstack('image', 'list', '--limit', '1', '-f', 'value', '-c', 'ID');
    }, pids);
    let id = '';
    const startupCpu = lastCpu;
    const createMs = await timed(async () => {
      const { stdout } = await openstack(
        ...['image', 'create', '--file', file, '--disk-format', 'raw', '--container-format', 'bare'],
        ...['-f', 'value', '-c', 'id', 'bench-cli'],
      );
      id = stdout.trim();
    }, pids);
    const createCpu = lastCpu;
    const saveMs = await timed(async () => {
      await openstack('image', 'save', '--file', saved, id);
    }, pids);
    const saveCpu = lastCpu;
    if (statSync(saved).size !== SIZE) throw new Error(`openstack image save wrote ${statSync(saved).size} bytes`);
    await openstack('image', 'delete', id);
    return { startupMs, createMs, saveMs, startupCpu, createCpu, saveCpu };
  } finally {
    rmSync(file, { force: true });
    rmSync(saved, { force: true });
  }
}

/** PUT the generated data as the image's file, streaming (plain node:http, Content-Length set). */
function upload(url: string, token: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: 'PUT',
      headers: { 'x-auth-token': token, 'content-type': 'application/octet-stream', 'content-length': SIZE },
    });
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    generated().pipe(req);
  });
}

/** GET the image's file, counting the bytes as they stream in. */
function download(url: string, token: string): Promise<{ status: number; bytes: number; md5: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { 'x-auth-token': token } }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
      });
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, bytes, md5: res.headers['content-md5'] as string | undefined }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** Runs the image bench and prints its figures (BENCH_IMAGE_MIB sets the size, 1024 by default; BENCH_IMAGE_CLI=0 skips the CLI). */
export async function benchImage(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'nubo-bench-image-'));
  const dataDir = join(dir, 'nubo');
  const port = 15000 + Math.floor(Math.random() * 20000);
  const gib = (SIZE / 1024 ** 3).toFixed(2);
  const load = loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  console.log(`image bench: ${gib} GiB generated on the fly, nubo data and the copies in ${dir} (same disk)`);
  console.log(`${cpus().length} CPUs, load average ${load} (other work on the machine slows every figure alike)\n`);
  try {
    // What the data costs to make and hash in one process (the upload hashes md5 and sha512 on one core).
    const md5 = createHash('md5');
    const sha512 = createHash('sha512');
    const hashMs = await timed(() =>
      pipeline(
        generated(),
        new Writable({
          write(chunk: Buffer, _e, done) {
            md5.update(chunk);
            sha512.update(chunk);
            done();
          },
        }),
      ),
    );
    const expectedMd5 = md5.digest('hex');
    const hashCpu = lastCpu;
    const md5Alone = await hashAlone('md5');
    const sha512Alone = await hashAlone('sha512');
    const http = await httpAlone();

    const source = join(dir, 'source.img');
    const copy = join(dir, 'copy.img');
    const writeMs = await timed(() => pipeline(generated(), createWriteStream(source)));
    const writeCpu = lastCpu;
    const copyMs = await timed(() => copyFile(source, copy));
    const copyCpu = lastCpu;
    await unlink(copy);
    const streamCopyMs = await timed(() => pipeline(createReadStream(source), createWriteStream(copy)));
    const streamCopyCpu = lastCpu;
    await Promise.all([unlink(copy), unlink(source)]);

    const nubo = nuboUp(dataDir, port);
    try {
      const credentials = JSON.parse(readFileSync(join(dataDir, 'credentials.json'), 'utf8'));
      const { token, endpoint } = await login(nubo.authUrl, credentials.admin);
      const created = await fetch(`${endpoint}/v2/images`, {
        method: 'POST',
        headers: { 'x-auth-token': token, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'bench', disk_format: 'raw', container_format: 'bare' }),
      });
      const { id } = (await created.json()) as { id: string };
      const rssBefore = rssMiB(nubo.pid);
      let rssPeak = rssBefore;
      const sampler = setInterval(() => {
        rssPeak = Math.max(rssPeak, rssMiB(nubo.pid));
      }, 50);
      let status = 0;
      const uploadMs = await timed(async () => {
        status = await upload(`${endpoint}/v2/images/${id}/file`, token);
      }, [nubo.pid]);
      const uploadCpu = lastCpu;
      clearInterval(sampler);
      const shown = (await (
        await fetch(`${endpoint}/v2/images/${id}`, { headers: { 'x-auth-token': token } })
      ).json()) as {
        status: string;
        size: number;
        checksum: string;
      };
      if (status !== 204 || shown.status !== 'active' || shown.size !== SIZE || shown.checksum !== expectedMd5) {
        throw new Error(`upload failed: ${status} ${JSON.stringify(shown)} (expected md5 ${expectedMd5})`);
      }
      let got = { status: 0, bytes: 0, md5: undefined as string | undefined };
      const downloadMs = await timed(async () => {
        got = await download(`${endpoint}/v2/images/${id}/file`, token);
      }, [nubo.pid]);
      const downloadCpu = lastCpu;
      if (got.status !== 200 || got.bytes !== SIZE || got.md5 !== expectedMd5) {
        throw new Error(`download failed: ${JSON.stringify(got)}`);
      }
      const rssAfter = rssMiB(nubo.pid);
      await fetch(`${endpoint}/v2/images/${id}`, { method: 'DELETE', headers: { 'x-auth-token': token } });
      const cli =
        process.env.BENCH_IMAGE_CLI === '0'
          ? undefined
          : await viaCli(nubo.authUrl, credentials.admin, dir, [nubo.pid]);

      const copyRate = mbps(SIZE, copyMs);
      const up = mbps(SIZE, uploadMs);
      const down = mbps(SIZE, downloadMs);
      const pct = (rate: number, ms: number) => `${((rate / mbps(SIZE, ms)) * 100).toFixed(0)}%`;
      const row = (label: string, ms: number, cpu: number, extra = '') =>
        console.log(
          `${label.padEnd(40)} ${mbps(SIZE, ms).toFixed(0).padStart(6)} MB/s  ${(ms / 1000).toFixed(2).padStart(6)} s` +
            `  ${cpu.toFixed(2).padStart(6)} s CPU${extra}`,
        );
      console.log(`${''.padEnd(40)}   rate         wall      CPU (all threads, client and server)`);
      row('md5 alone (one core)', md5Alone.ms, md5Alone.cpu);
      row('sha512 alone (one core)', sha512Alone.ms, sha512Alone.cpu);
      row('md5 + sha512 of the data (one core)', hashMs, hashCpu, '   (what the upload must hash)');
      row('HTTP PUT alone (loopback, bytes dropped)', http.ms, http.cpu);
      row('write the data to a new file', writeMs, writeCpu);
      row('plain file copy (fs.copyFile, like cp)', copyMs, copyCpu, '   (copy_file_range: no byte leaves the kernel)');
      row('streamed file copy (read → write)', streamCopyMs, streamCopyCpu);
      row(
        'upload  PUT /v2/images/{id}/file',
        uploadMs,
        uploadCpu,
        `   = ${pct(up, copyMs)} of the copy (target ≥ 70%: ${verdict(up >= 0.7 * copyRate)}), ` +
          `${pct(up, streamCopyMs)} of the streamed copy, ${pct(up, writeMs)} of writing, ${pct(up, hashMs)} of hashing`,
      );
      row(
        'download GET /v2/images/{id}/file',
        downloadMs,
        downloadCpu,
        `   = ${pct(down, copyMs)} of the copy (target ≥ 70%: ${verdict(down >= 0.7 * copyRate)}), ` +
          `${pct(down, streamCopyMs)} of the streamed copy`,
      );
      if (cli) {
        const net = (ms: number) => `   (${mbps(SIZE, ms - cli.startupMs).toFixed(0)} MB/s without the CLI's start-up)`;
        row('openstack image create --file', cli.createMs, cli.createCpu, net(cli.createMs));
        row('openstack image save --file', cli.saveMs, cli.saveCpu, net(cli.saveMs));
        row('  of which CLI start-up and login', cli.startupMs, cli.startupCpu, '   (openstack image list)');
      }
      // Wall times move with the machine's load; CPU time does not. Two cores can at best share the work evenly.
      const ceiling = (cpu: number) => mbps(SIZE, (cpu / 2) * 1000).toFixed(0);
      console.log(
        `\nCPU bound on two idle cores: upload ≤ ${ceiling(uploadCpu)} MB/s, download ≤ ${ceiling(downloadCpu)} MB/s, ` +
          `copy ≤ ${ceiling(copyCpu)} MB/s (disk writeback by the kernel's flusher is counted for none of them)`,
      );
      console.log(
        `\nnubo RSS   before upload ${rssBefore.toFixed(1)} MiB   peak during upload ${rssPeak.toFixed(1)} MiB   after download ${rssAfter.toFixed(1)} MiB   (data streamed, not held: ${verdict(rssPeak - rssBefore < 64)})`,
      );
    } finally {
      nuboDown(dataDir);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
