// The `debian-12` image: `debootstrap --variant=minbase` of bookworm plus openssh-server, iproute2 and
// isc-dhcp-client from the mirror this host's apt uses, then made fit for a container (no baked ssh host keys, each
// instance makes its own; pam_loginuid optional, as a container may not write /proc/self/loginuid).
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BuildStep } from './build-steps.js';

export const DEBIAN_PACKAGES = ['openssh-server', 'iproute2', 'isc-dhcp-client', 'iputils-ping', 'procps'];

/** The first Debian mirror of this host's apt sources (deb822 or one-line format). */
export function aptMirror(): string {
  for (const file of ['/etc/apt/sources.list.d/debian.sources', '/etc/apt/sources.list']) {
    if (!existsSync(file)) continue;
    const text = readFileSync(file, 'utf8');
    const m = /^URIs:\s*(\S+)/m.exec(text) ?? /^deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+\S+/m.exec(text);
    if (m && !m[1]!.includes('security')) return m[1]!;
  }
  return 'http://deb.debian.org/debian';
}

/** What building debian-12 needs of this host, or null when it has all. */
export function debianPrerequisites(): string | null {
  if (process.getuid?.() !== 0) return 'debootstrap needs root';
  if (!existsSync('/usr/sbin/debootstrap')) return 'debootstrap is not installed (apt-get install debootstrap)';
  return null;
}

/** debootstrap's phases, from its `I:` lines, as a rough fraction of the whole run. */
const PHASES: [RegExp, number][] = [
  [/^I: Retrieving Release/, 0.02],
  [/^I: Retrieving Packages/, 0.05],
  [/^I: Resolving dependencies/, 0.08],
  [/^I: Retrieving /, 0.1],
  [/^I: Extracting /, 0.45],
  [/^I: Installing core packages/, 0.55],
  [/^I: Unpacking required packages/, 0.6],
  [/^I: Configuring required packages/, 0.75],
  [/^I: Unpacking the base system/, 0.8],
  [/^I: Configuring the base system/, 0.88],
  [/^I: Configuring /, 0.9],
  [/^I: Base system installed successfully/, 1],
];

export function debianSteps(dest: string, mirror = aptMirror(), signal?: AbortSignal): BuildStep[] {
  return [
    {
      title: 'debootstrap',
      weight: 20,
      run: (progress) =>
        new Promise<void>((resolve, reject) => {
          const missing = debianPrerequisites();
          if (missing) return reject(new Error(missing));
          rmSync(dest, { recursive: true, force: true });
          const child = spawn(
            'debootstrap',
            ['--variant=minbase', `--include=${DEBIAN_PACKAGES.join(',')}`, 'bookworm', dest, mirror],
            // Its own process group, so stopping it also stops the dpkg and wget it runs.
            { stdio: ['ignore', 'pipe', 'pipe'], detached: true },
          );
          const stop = () => {
            if (child.pid) process.kill(-child.pid, 'SIGKILL');
          };
          if (signal?.aborted) stop();
          signal?.addEventListener('abort', stop, { once: true });
          child.once('close', () => signal?.removeEventListener('abort', stop));
          let tail = '';
          let done = 0;
          const onLine = (line: string) => {
            tail = `${tail}\n${line}`.slice(-2000);
            for (const [re, fraction] of PHASES) {
              if (re.test(line)) {
                done = Math.max(done, fraction);
                break;
              }
            }
            progress(done, line.replace(/^I: /, '').slice(0, 40));
          };
          let buffer = '';
          const feed = (chunk: Buffer) => {
            buffer += chunk.toString();
            const lines = buffer.split('\n');
            buffer = lines.pop() ?? '';
            for (const line of lines) onLine(line);
          };
          child.stdout.on('data', feed);
          child.stderr.on('data', feed);
          child.once('error', reject);
          child.once('exit', (code) =>
            code === 0
              ? resolve()
              : reject(
                  new Error(
                    `debootstrap from ${mirror} failed (exit ${code}):${tail.split('\n').slice(-5).join('\n')}`,
                  ),
                ),
          );
        }),
    },
    {
      title: 'prepare for containers',
      run: async () => {
        for (const f of readdirSync(join(dest, 'etc/ssh')))
          if (f.startsWith('ssh_host_')) rmSync(join(dest, 'etc/ssh', f));
        const pam = join(dest, 'etc/pam.d/sshd');
        if (existsSync(pam))
          writeFileSync(
            pam,
            readFileSync(pam, 'utf8').replace(
              /^session\s+required\s+pam_loginuid\.so/m,
              'session optional pam_loginuid.so',
            ),
          );
        for (const dir of ['var/cache/apt/archives', 'var/lib/apt/lists']) {
          const path = join(dest, dir);
          if (!existsSync(path)) continue;
          for (const f of readdirSync(path))
            if (f !== 'partial' && f !== 'lock') rmSync(join(path, f), { recursive: true, force: true });
        }
        writeFileSync(join(dest, 'etc/hostname'), 'debian\n');
      },
    },
  ];
}
