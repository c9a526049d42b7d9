// `nubo down`: stop the nubo running in the background for this data dir.
import { rmSync } from 'node:fs';
import { ConfigSource, compileCoreConfig } from '@nubo/core';
import { ExitError } from '../../errors.js';
import { type CommonOptions, loadOptions } from '../../options.js';
import { pidFile, runningPid } from '../../runtime-files.js';

export async function run(options: CommonOptions & { timeout?: string }): Promise<void> {
  const config = compileCoreConfig(new ConfigSource(loadOptions(options)));
  const pid = runningPid(config.dataDir);
  if (!pid) {
    rmSync(pidFile(config.dataDir), { force: true });
    process.stdout.write(`nubo is not running for ${config.dataDir}\n`);
    return;
  }
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + Number(options.timeout ?? 30) * 1000;
  while (Date.now() < deadline) {
    if (runningPid(config.dataDir) !== pid) {
      rmSync(pidFile(config.dataDir), { force: true });
      process.stdout.write(`nubo stopped (pid ${pid})\n`);
      return;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new ExitError(`nubo (pid ${pid}) did not stop within ${options.timeout ?? 30} s; kill it with: kill -9 ${pid}`);
}
