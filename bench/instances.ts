// `npm run bench -- instances` (root, crun): the container driver's create→RUNNING (spawn: disk, overlay, netns,
// config drive, crun run) p50/p99 over 20 boots of the tiny image, and the memory 20 idle instances take, beside a
// baseline measured in the same run: a bare `crun run` of the same root filesystem (overlay only, no disk, netns or
// init). Skeleton of issue 4's benchmark: API create→ACTIVE, SSH-ready and throughput join when networking lands.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ContainerTestBed, containerSkipReason } from '../packages/compute/src/drivers/container/test-support.js';
import { contractInstance } from '../packages/compute/src/drivers/driver.contract.js';

const BOOTS = Number(process.env.BENCH_BOOTS ?? 20);

const memAvailableMiB = () => Number(/MemAvailable:\s+(\d+)/.exec(readFileSync('/proc/meminfo', 'utf8'))![1]) / 1024;
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};
const fmt = (xs: number[]) => `p50 ${pct(xs, 50).toFixed(0)} ms  p99 ${pct(xs, 99).toFixed(0)} ms  (n=${xs.length})`;
/** memory.usage_in_bytes summed over the child cgroups of `dir` (one per instance), in MiB. */
const cgroupMiB = (dir: string) =>
  readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .reduce((sum, e) => sum + Number(readFileSync(join(dir, e.name, 'memory.usage_in_bytes'), 'utf8')), 0) /
  1024 /
  1024;
const settle = () => new Promise((r) => setTimeout(r, 1500));

export async function benchInstances(): Promise<void> {
  const skip = containerSkipReason();
  if (skip) {
    console.log(`instances: skipped — ${skip}`);
    return;
  }
  const bed = new ContainerTestBed();
  const crunRoot = join(bed.dir, 'baseline-crun');
  const baselineIds: string[] = [];
  try {
    await bed.build();
    const driver = bed.driver('bench');
    await driver.initHost();
    const image = { id: 'tiny', name: 'tiny', properties: {} };
    const warm = contractInstance({ image });
    await driver.spawn(warm); // fills the image cache, as the first boot on a host does
    await driver.destroy(warm);

    await settle();
    const m0 = memAvailableMiB();
    const boots: number[] = [];
    const instances = [];
    for (let i = 0; i < BOOTS; i++) {
      const instance = contractInstance({ image });
      const t0 = performance.now();
      await driver.spawn(instance);
      boots.push(performance.now() - t0);
      instances.push(instance);
    }
    await settle();
    const perInstance = (m0 - memAvailableMiB()) / BOOTS;
    const cgroupPerInstance = cgroupMiB('/sys/fs/cgroup/memory/nubo/bench') / BOOTS;
    const deletes: number[] = [];
    for (const instance of instances) {
      const t0 = performance.now();
      await driver.destroy(instance);
      deletes.push(performance.now() - t0);
    }

    // Baseline: overlay + `crun run -d` of the same rootfs with a sleeping shell, no disk, netns, init or files.
    const lower = join(bed.stateDir, 'images', 'tiny', 'rootfs');
    await settle();
    const b0 = memAvailableMiB();
    const bare: number[] = [];
    for (let i = 0; i < BOOTS; i++) {
      const id = `baseline-${i}`;
      const dir = join(bed.dir, id);
      for (const d of ['upper', 'work', 'rootfs']) mkdirSync(join(dir, d), { recursive: true });
      const t0 = performance.now();
      execFileSync('mount', [
        '-t',
        'overlay',
        'overlay',
        '-o',
        `lowerdir=${lower},upperdir=${dir}/upper,workdir=${dir}/work`,
        `${dir}/rootfs`,
      ]);
      writeFileSync(join(dir, 'config.json'), JSON.stringify(baselineConfig(id)));
      execFileSync('crun', ['--root', crunRoot, 'run', '-d', '--bundle', dir, id], { stdio: 'ignore' });
      bare.push(performance.now() - t0);
      baselineIds.push(id);
    }
    await settle();
    const barePerInstance = (b0 - memAvailableMiB()) / BOOTS;
    const bareCgroupPerInstance = cgroupMiB('/sys/fs/cgroup/memory/nubo-bench-baseline') / BOOTS;

    console.log(`instances (container driver, tiny image, ${BOOTS} boots, one at a time)`);
    console.log(`  create→RUNNING (driver spawn)   ${fmt(boots)}`);
    console.log(`  baseline: bare crun run          ${fmt(bare)}`);
    console.log(`  delete (nothing left)            ${fmt(deletes)}`);
    console.log(
      `  memory per idle instance (cgroup) ${cgroupPerInstance.toFixed(2)} MiB (baseline bare crun ${bareCgroupPerInstance.toFixed(2)} MiB)`,
    );
    console.log(
      `  MemAvailable drop per instance    ${perInstance.toFixed(1)} MiB (baseline ${barePerInstance.toFixed(1)} MiB; noisy on a shared machine)`,
    );
  } finally {
    for (const id of baselineIds) {
      execFileSync('crun', ['--root', crunRoot, 'delete', '-f', id], { stdio: 'ignore' });
      execFileSync('umount', [join(bed.dir, id, 'rootfs')], { stdio: 'ignore' });
    }
    for (const c of readdirSync('/sys/fs/cgroup')) {
      for (const dir of [...baselineIds.map((id) => `nubo-bench-baseline/${id}`), 'nubo-bench-baseline']) {
        try {
          rmdirSync(`/sys/fs/cgroup/${c}/${dir}`);
        } catch {
          // crun removed it, or it never existed under this hierarchy
        }
      }
    }
    await bed.cleanup();
  }
}

function baselineConfig(id: string) {
  return {
    ociVersion: '1.0.2',
    process: {
      terminal: false,
      user: { uid: 0, gid: 0 },
      args: ['/bin/sh', '-c', 'exec sleep infinity'],
      env: ['PATH=/usr/bin:/bin:/usr/sbin:/sbin'],
      cwd: '/',
      rlimits: [{ type: 'RLIMIT_NOFILE', hard: 16384, soft: 16384 }],
    },
    root: { path: 'rootfs' },
    hostname: id,
    mounts: [{ destination: '/proc', type: 'proc', source: 'proc' }],
    linux: {
      cgroupsPath: `/nubo-bench-baseline/${id}`,
      resources: { memory: { limit: 512 * 1024 * 1024 } },
      namespaces: [{ type: 'pid' }, { type: 'network' }, { type: 'ipc' }, { type: 'uts' }, { type: 'mount' }],
    },
  };
}
