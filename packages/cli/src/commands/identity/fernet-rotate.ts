// `nubo identity fernet-rotate`: like keystone-manage fernet_rotate (the staged key becomes primary).
import { ConfigSource, compileCoreConfig } from '@nubo/core';
import { FernetKeyRepository, fernetKeyDir, identitySection } from '@nubo/identity';
import { type CommonOptions, loadOptions } from '../../options.js';
import { runningPid } from '../../runtime-files.js';

export async function run(options: CommonOptions): Promise<void> {
  const source = new ConfigSource(loadOptions(options));
  const core = compileCoreConfig(source);
  const identity = source.section('identity', identitySection);
  const dir = fernetKeyDir(core, identity.fernetKeyDir);
  const repo = new FernetKeyRepository(dir, identity.maxActiveKeys);
  repo.setup();
  repo.rotate();
  const pid = runningPid(core.dataDir);
  // A running nubo reloads its keys on SIGHUP, so new tokens use the new primary key at once.
  if (pid) process.kill(pid, 'SIGHUP');
  process.stdout.write(
    `rotated ${dir}: ${repo.keys().length} keys active${pid ? `; told pid ${pid} to reload` : ''}\n`,
  );
}
