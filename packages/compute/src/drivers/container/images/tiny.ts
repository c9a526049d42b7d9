// The `tiny` image: busybox-static and dropbear from this host's Debian packages (busybox-static, dropbear-bin),
// their shared libraries copied beside them, a root with no password (key login only). Builds in well under a
// second; boots the container driver's init, DHCP (udhcpc) and ssh (dropbear).
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { BuildStep } from './build-steps.js';

const BUSYBOX = '/bin/busybox';
const DROPBEAR = ['/usr/sbin/dropbear', '/usr/bin/dropbearkey', '/usr/bin/dbclient'];

/** The shared libraries `binary` loads (ldd's resolved paths and the dynamic loader). */
function librariesOf(binary: string): string[] {
  const out = execFileSync('ldd', [binary], { encoding: 'utf8' });
  const libs: string[] = [];
  for (const line of out.split('\n')) {
    const m = /=>\s+(\/\S+)/.exec(line) ?? /^\s+(\/\S+)\s+\(/.exec(line);
    if (m) libs.push(m[1]!);
  }
  return libs;
}

/** What building the tiny image needs of this host, or null when it has all. */
export function tinyPrerequisites(): string | null {
  if (!existsSync(BUSYBOX)) return 'busybox-static is not installed (apt-get install busybox-static)';
  if (!existsSync(DROPBEAR[0]!)) return 'dropbear-bin is not installed (apt-get install dropbear-bin)';
  return null;
}

/** The steps that build the tiny root filesystem into `dest` (created, replaced if present). */
export function tinySteps(dest: string): BuildStep[] {
  return [
    {
      title: 'busybox',
      run: async () => {
        const missing = tinyPrerequisites();
        if (missing) throw new Error(missing);
        rmSync(dest, { recursive: true, force: true });
        for (const d of [
          'bin',
          'sbin',
          'usr/bin',
          'usr/sbin',
          'etc/dropbear',
          'proc',
          'sys',
          'dev',
          'tmp',
          'root',
          'run',
          'var/log',
          'mnt',
        ])
          mkdirSync(join(dest, d), { recursive: true });
        copyFileSync(BUSYBOX, join(dest, 'bin/busybox'));
        execFileSync('chmod', ['755', join(dest, 'bin/busybox')]);
        for (const applet of execFileSync(BUSYBOX, ['--list-full'], { encoding: 'utf8' }).split('\n')) {
          if (!applet || applet === 'bin/busybox') continue;
          const link = join(dest, applet);
          if (existsSync(link)) continue;
          mkdirSync(dirname(link), { recursive: true });
          symlinkSync('/bin/busybox', link);
        }
      },
    },
    {
      title: 'dropbear',
      run: async () => {
        const libs = new Set<string>();
        for (const bin of DROPBEAR) {
          if (!existsSync(bin)) continue;
          mkdirSync(join(dest, dirname(bin)), { recursive: true });
          rmSync(join(dest, bin), { force: true });
          copyFileSync(bin, join(dest, bin));
          execFileSync('chmod', ['755', join(dest, bin)]);
          for (const lib of librariesOf(bin)) libs.add(lib);
        }
        for (const lib of libs) {
          mkdirSync(join(dest, dirname(lib)), { recursive: true });
          copyFileSync(lib, join(dest, lib));
        }
      },
    },
    {
      title: 'configuration',
      run: async () => {
        const files: Record<string, string> = {
          'etc/passwd': 'root:x:0:0:root:/root:/bin/sh\nsshd:x:74:74:sshd:/var/empty:/bin/false\n',
          // `*`: no password login; keys only (dropbear refuses a `!`-locked account even with a key).
          'etc/shadow': 'root:*:19000:0:99999:7:::\n',
          'etc/group': 'root:x:0:\ntty:x:5:\n',
          'etc/shells': '/bin/sh\n/bin/ash\n',
          'etc/hosts': '127.0.0.1 localhost\n',
          'etc/os-release': 'NAME="nubo tiny"\nID=nubo-tiny\nPRETTY_NAME="nubo tiny (busybox + dropbear)"\n',
          'etc/profile': 'export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\n',
        };
        for (const [path, text] of Object.entries(files)) writeFileSync(join(dest, path), text);
        execFileSync('chmod', ['700', join(dest, 'root')]);
        execFileSync('chmod', ['600', join(dest, 'etc/shadow')]);
      },
    },
  ];
}
