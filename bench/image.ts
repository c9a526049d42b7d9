// `npm run bench -- image`: 1 GiB upload and download through the Image API beside a plain file copy on the same disk.
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { copyFile, unlink } from 'node:fs/promises';
import { request } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { nuboDown, nuboUp, rssMiB } from './lib/nubo-process.js';

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

async function timed(fn: () => Promise<void>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
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

/** Runs the image bench and prints its figures (BENCH_IMAGE_MIB sets the size; 1024 by default). */
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

    const source = join(dir, 'source.img');
    const copy = join(dir, 'copy.img');
    const writeMs = await timed(() => pipeline(generated(), createWriteStream(source)));
    const copyMs = await timed(() => copyFile(source, copy));
    await unlink(copy);
    const streamCopyMs = await timed(() => pipeline(createReadStream(source), createWriteStream(copy)));
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
      });
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
      });
      if (got.status !== 200 || got.bytes !== SIZE || got.md5 !== expectedMd5) {
        throw new Error(`download failed: ${JSON.stringify(got)}`);
      }
      const rssAfter = rssMiB(nubo.pid);
      await fetch(`${endpoint}/v2/images/${id}`, { method: 'DELETE', headers: { 'x-auth-token': token } });

      const copyRate = mbps(SIZE, copyMs);
      const up = mbps(SIZE, uploadMs);
      const down = mbps(SIZE, downloadMs);
      const pct = (rate: number, ms: number) => `${((rate / mbps(SIZE, ms)) * 100).toFixed(0)}%`;
      const row = (label: string, ms: number, extra = '') =>
        console.log(
          `${label.padEnd(40)} ${mbps(SIZE, ms).toFixed(0).padStart(6)} MB/s  ${(ms / 1000).toFixed(2).padStart(6)} s${extra}`,
        );
      row('md5 + sha512 of the data (one core)', hashMs, '   (the upload hashes both as the bytes pass)');
      row('write the data to a new file', writeMs);
      row('plain file copy (fs.copyFile, like cp)', copyMs, '   (copy_file_range: no byte leaves the kernel)');
      row('streamed file copy (read → write)', streamCopyMs);
      row(
        'upload  PUT /v2/images/{id}/file',
        uploadMs,
        `   = ${pct(up, copyMs)} of the copy (target ≥ 70%: ${verdict(up >= 0.7 * copyRate)}), ` +
          `${pct(up, streamCopyMs)} of the streamed copy, ${pct(up, writeMs)} of writing, ${pct(up, hashMs)} of hashing`,
      );
      row(
        'download GET /v2/images/{id}/file',
        downloadMs,
        `   = ${pct(down, copyMs)} of the copy (target ≥ 70%: ${verdict(down >= 0.7 * copyRate)}), ` +
          `${pct(down, streamCopyMs)} of the streamed copy`,
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
