// Turns image data into a root filesystem folder: a root filesystem tarball (container_format `bare`, any of
// tar/gzip/xz/zstd, as `tar` detects), or a Docker/OCI image archive (container_format `docker`: `docker save`
// output with manifest.json, or an OCI image layout with index.json) whose layers are applied in order with their
// whiteouts. Anything else — a qcow2 or raw disk, an AMI, an OVA — is refused with a message saying why.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, normalize } from 'node:path';
import type { DriverImageDownload } from '../driver.js';
import { run } from './exec.js';

/** An image this driver cannot boot; the agent records the message as the server's fault. */
export class UnbootableImage extends Error {}

/** What a Docker image asks to run, and its environment. */
export interface ImageRuntime {
  cmd: string | null;
  env: string[];
}

/** What kind of archive `data` is, by its first bytes. */
export function sniff(data: Buffer): 'tar' | 'gzip' | 'xz' | 'zstd' | 'bzip2' | 'qcow2' | 'iso' | 'unknown' {
  if (data.length > 262 && data.subarray(257, 262).toString('latin1') === 'ustar') return 'tar';
  if (data[0] === 0x1f && data[1] === 0x8b) return 'gzip';
  if (data.subarray(0, 6).equals(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]))) return 'xz';
  if (data.subarray(0, 4).equals(Buffer.from([0x28, 0xb5, 0x2f, 0xfd]))) return 'zstd';
  if (data.subarray(0, 3).toString('latin1') === 'BZh') return 'bzip2';
  if (data.subarray(0, 4).toString('latin1') === 'QFI\xfb') return 'qcow2';
  if (data.length > 0x8006 && data.subarray(0x8001, 0x8006).toString('latin1') === 'CD001') return 'iso';
  return 'unknown';
}

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * Unpacks `image` into the empty folder `dest` (work files go to `scratch`), returning what a Docker image asks to
 * run. Throws UnbootableImage for what this driver cannot boot.
 */
export async function unpackImage(image: DriverImageDownload, dest: string, scratch: string): Promise<ImageRuntime> {
  const container = image.containerFormat ?? 'bare';
  const kind = sniff(image.data);
  if (container !== 'bare' && container !== 'docker' && container !== 'ova' && container !== 'ami') {
    throw new UnbootableImage(
      `The container compute driver cannot boot container_format ${container}: it boots root filesystem tarballs (container_format bare) and Docker/OCI image archives (container_format docker).`,
    );
  }
  if (kind === 'qcow2' || kind === 'iso' || kind === 'unknown' || container === 'ova' || container === 'ami') {
    const what = kind === 'unknown' ? `disk_format ${image.diskFormat ?? 'unknown'} data` : `a ${kind} image`;
    throw new UnbootableImage(
      `The container compute driver cannot boot ${what}: it boots root filesystem tarballs (container_format bare, tar/tar.gz/tar.xz/tar.zst) and Docker/OCI image archives (container_format docker), not disk images.`,
    );
  }
  mkdirSync(scratch, { recursive: true });
  const archive = join(scratch, 'image.data');
  writeFileSync(archive, image.data);
  if (container === 'bare') {
    await run('tar', ['-x', '--numeric-owner', '-p', '-f', archive, '-C', dest]);
    // A `docker save`/OCI archive uploaded as bare is still an image archive: unpack its layers instead.
    if (existsSync(join(dest, 'manifest.json')) && !existsSync(join(dest, 'bin')) && !existsSync(join(dest, 'usr'))) {
      const layoutDir = join(scratch, 'archive');
      rmSync(layoutDir, { recursive: true, force: true });
      await run('mv', [dest, layoutDir]);
      mkdirSync(dest);
      return applyImageArchive(layoutDir, dest);
    }
    return { cmd: null, env: [] };
  }
  const layoutDir = join(scratch, 'archive');
  mkdirSync(layoutDir, { recursive: true });
  await run('tar', ['-x', '-f', archive, '-C', layoutDir]);
  return applyImageArchive(layoutDir, dest);
}

/** Applies the layers of an unpacked `docker save` archive or OCI image layout. */
async function applyImageArchive(dir: string, dest: string): Promise<ImageRuntime> {
  let layers: string[];
  let configFile: string | null;
  if (existsSync(join(dir, 'manifest.json'))) {
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
      Config?: string;
      Layers?: string[];
    }[];
    if (!manifest[0]?.Layers) throw new UnbootableImage('The Docker image archive has no layers in its manifest.json.');
    layers = manifest[0].Layers.map((l) => join(dir, l));
    configFile = manifest[0].Config ? join(dir, manifest[0].Config) : null;
  } else if (existsSync(join(dir, 'index.json'))) {
    const blob = (digest: string) => join(dir, 'blobs', ...digest.split(':'));
    const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as { manifests?: { digest: string }[] };
    let manifest = JSON.parse(readFileSync(blob(index.manifests?.[0]?.digest ?? ''), 'utf8')) as {
      manifests?: { digest: string; platform?: { architecture?: string } }[];
      layers?: { digest: string }[];
      config?: { digest: string };
    };
    // An image index (multi-platform): take the amd64 manifest.
    if (manifest.manifests) {
      const entry = manifest.manifests.find((m) => m.platform?.architecture === 'amd64') ?? manifest.manifests[0]!;
      manifest = JSON.parse(readFileSync(blob(entry.digest), 'utf8'));
    }
    layers = (manifest.layers ?? []).map((l) => blob(l.digest));
    configFile = manifest.config ? blob(manifest.config.digest) : null;
  } else {
    throw new UnbootableImage(
      'The image is neither a `docker save` archive (manifest.json) nor an OCI image layout (index.json).',
    );
  }
  for (const layer of layers) await applyLayer(layer, dest);
  if (!existsSync(join(dest, 'bin', 'sh')) && !existsSync(join(dest, 'usr', 'bin', 'sh')))
    throw new UnbootableImage('The image has no /bin/sh: the container driver needs a shell to run its init.');
  const config = configFile
    ? (
        JSON.parse(readFileSync(configFile, 'utf8')) as {
          config?: { Cmd?: string[]; Entrypoint?: string[]; Env?: string[] };
        }
      ).config
    : undefined;
  const argv = [...(config?.Entrypoint ?? []), ...(config?.Cmd ?? [])];
  // A shell as the command (the default of base images) would only wait on a closed stdin: nothing to start.
  const cmd = argv.length > 0 && !/(^|\/)(ba|da)?sh$/.test(argv[0]!) ? argv.map(shellQuote).join(' ') : null;
  return { cmd, env: (config?.Env ?? []).filter((e) => !e.startsWith('PATH=')) };
}

/** Applies one layer tar: its whiteouts remove what lower layers made, then its files are extracted. */
async function applyLayer(layer: string, dest: string): Promise<void> {
  const entries = (await run('tar', ['-t', '-f', layer])).split('\n').filter(Boolean);
  const whiteouts: string[] = [];
  for (const entry of entries) {
    const path = normalize(entry).replace(/^(\.\/|\/)+/, '');
    if (path.startsWith('..')) throw new UnbootableImage(`The image layer has an unsafe path: ${entry}`);
    const base = path.split('/').pop() ?? '';
    const parent = path.slice(0, path.length - base.length);
    if (base === '.wh..wh..opq') {
      const dir = join(dest, parent);
      if (existsSync(dir))
        for (const child of readdirSync(dir)) rmSync(join(dir, child), { recursive: true, force: true });
      whiteouts.push(path);
    } else if (base.startsWith('.wh.')) {
      rmSync(join(dest, parent, base.slice(4)), { recursive: true, force: true });
      whiteouts.push(path);
    }
  }
  await run('tar', ['-x', '--numeric-owner', '-p', '-f', layer, '-C', dest]);
  for (const w of whiteouts) rmSync(join(dest, w), { force: true });
}
