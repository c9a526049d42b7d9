// `nubo up`: bring the cloud up in the foreground (until interrupted) or, with --detach, in the background.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigSource, compileCoreConfig } from '@nubo/core';
import type { BootstrapCredentials } from '@nubo/identity';
import { startCloud } from '../../cloud.js';
import { cloudEntries, writeCloudsYaml } from '../../clouds-yaml.js';
import { ExitError } from '../../errors.js';
import { type CommonOptions, loadOptions } from '../../options.js';
import { logFile, pidFile, runningPid } from '../../runtime-files.js';
import { formatSummary, type UpSummary } from './summary.js';

export interface UpOptions extends CommonOptions {
  detach?: boolean;
  cloudsYaml?: string | false;
}

export async function run(options: UpOptions): Promise<void> {
  const started = performance.now();
  const load = loadOptions(options);
  const config = compileCoreConfig(new ConfigSource(load));
  mkdirSync(config.dataDir, { recursive: true });
  const existing = runningPid(config.dataDir);
  if (existing)
    throw new ExitError(`nubo is already running for ${config.dataDir} (pid ${existing}); stop it with: nubo down`);
  const log = config.log.file || logFile(config.dataDir);
  if (options.detach) return detach(options, config.dataDir, log, `${config.publicUrl}/identity/v3`, started);

  const cloud = await startCloud({
    ...load,
    overrides: { ...load.overrides, log: { ...load.overrides?.log, file: log } },
  });
  const endpoints = cloud.services.flatMap((service) => service.endpoints.map((e) => ({ type: e.type, url: e.url })));
  // Written before the pid file, so a detached parent that sees the pid file finds them.
  writeFileSync(join(config.dataDir, 'endpoints.json'), `${JSON.stringify(endpoints)}\n`);
  writeFileSync(pidFile(config.dataDir), `${process.pid}\n`);
  const cloudsYaml =
    options.cloudsYaml === false
      ? '(not written: --no-clouds-yaml)'
      : writeCloudsYaml(cloudEntries(cloud, 'RegionOne'), options.cloudsYaml);
  process.stdout.write(
    formatSummary({
      authUrl: cloud.authUrl,
      endpoints,
      credentials: cloud.credentials,
      cloudsYaml,
      dataDir: config.dataDir,
      logFile: log,
      seconds: (performance.now() - started) / 1000,
      pid: process.pid,
    }),
  );
  if (process.env.NUBO_DETACHED !== '1') process.stdout.write('Press Ctrl-C to stop.\n');
  // `nubo identity fernet-rotate` sends SIGHUP: new tokens then use the new primary key at once.
  process.on('SIGHUP', () => cloud.identity.reloadKeys());
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await cloud.close();
  rmSync(pidFile(config.dataDir), { force: true });
  process.stdout.write('nubo stopped\n');
}

/** Starts this same command in the background and returns once it answers. */
async function detach(
  options: UpOptions,
  dataDir: string,
  log: string,
  authUrl: string,
  started: number,
): Promise<void> {
  const args = process.argv.slice(1).filter((a) => a !== '--detach' && a !== '-d');
  const out = openSync(log, 'a');
  const child = spawn(process.execPath, [...process.execArgv, ...args], {
    detached: true,
    stdio: ['ignore', out, out],
    env: { ...process.env, NUBO_DETACHED: '1' },
  });
  closeSync(out);
  child.unref();
  let exited: number | null = null;
  child.once('exit', (code) => {
    exited = code ?? 1;
  });
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (exited !== null) throw new ExitError(`nubo exited with code ${exited} while starting; see ${log}`);
    if (runningPid(dataDir) === child.pid) {
      try {
        const response = await fetch(authUrl);
        if (response.ok) break;
      } catch {
        // not listening yet
      }
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  if (Date.now() >= deadline) throw new ExitError(`nubo did not answer on ${authUrl} within 60 s; see ${log}`);
  const credentialsFile = join(dataDir, 'credentials.json');
  if (!existsSync(credentialsFile)) throw new ExitError(`nubo started but wrote no ${credentialsFile}; see ${log}`);
  const credentials = JSON.parse(readFileSync(credentialsFile, 'utf8')) as BootstrapCredentials;
  const endpointsFile = join(dataDir, 'endpoints.json');
  const endpoints = existsSync(endpointsFile)
    ? (JSON.parse(readFileSync(endpointsFile, 'utf8')) as UpSummary['endpoints'])
    : [];
  process.stdout.write(
    formatSummary({
      authUrl,
      endpoints,
      credentials,
      cloudsYaml:
        options.cloudsYaml === false
          ? '(not written: --no-clouds-yaml)'
          : (options.cloudsYaml ?? '~/.config/openstack/clouds.yaml'),
      dataDir,
      logFile: log,
      seconds: (performance.now() - started) / 1000,
      pid: child.pid ?? 0,
    }),
  );
  process.stdout.write('Running in the background; stop it with: nubo down\n');
}
