// `nubo status`: is nubo running for this data dir, and does its endpoint answer?
import { ConfigSource, compileCoreConfig } from '@nubo/core';
import { ExitError } from '../../errors.js';
import { type CommonOptions, loadOptions } from '../../options.js';
import { runningPid } from '../../runtime-files.js';

export async function run(options: CommonOptions): Promise<void> {
  const config = compileCoreConfig(new ConfigSource(loadOptions(options)));
  const pid = runningPid(config.dataDir);
  const authUrl = `${config.publicUrl}/identity/v3`;
  let answer = 'no answer';
  try {
    const response = await fetch(authUrl, { signal: AbortSignal.timeout(2000) });
    answer = `HTTP ${response.status}`;
  } catch (err) {
    answer = `no answer (${(err as Error).message})`;
  }
  process.stdout.write(
    [
      `nubo ${pid ? `running (pid ${pid})` : 'not running'} for ${config.dataDir}`,
      `  identity  ${authUrl}  ${answer}`,
      `  database  ${config.database.url || `sqlite://${config.dataDir}/nubo.db`}`,
      '',
    ].join('\n'),
  );
  if (!pid) throw new ExitError('', 3);
}
