// The `nubo` command: registers every subcommand and imports only the one invoked (start-up time matters).
import { Command, Option } from 'commander';
import { ExitError } from './errors.js';
import type { CommonOptions } from './options.js';

function common(command: Command): Command {
  return command
    .option('-c, --config <file>', 'nubo.yaml to read (default: $NUBO_CONFIG, then <data dir>/nubo.yaml)')
    .option('--data-dir <dir>', 'where state lives (default: $NUBO_DATA_DIR or ~/.nubo)')
    .option('--host <address>', 'address to listen on (default 127.0.0.1)')
    .option('--port <port>', 'port of the one HTTP endpoint (default 5000)')
    .option('--database <url>', 'sqlite:///path.db, postgresql://… or mysql://… (default: SQLite in the data dir)')
    .addOption(
      new Option('--log-level <level>', 'log level').choices(['trace', 'debug', 'info', 'warn', 'error', 'silent']),
    );
}

const program = new Command('nubo')
  .description(
    'An OpenStack-compatible cloud in one process. Every option can also be set in nubo.yaml or as NUBO_<SECTION>_<KEY>.',
  )
  .showHelpAfterError()
  .enablePositionalOptions();

common(program.command('up'))
  .description('bring the cloud up: migrate the database, bootstrap admin and demo, serve the APIs, write clouds.yaml')
  .option('-d, --detach', 'run in the background (stop with `nubo down`)')
  .option(
    '--clouds-yaml <file>',
    'clouds.yaml to add nubo-admin and nubo-demo to (default ~/.config/openstack/clouds.yaml)',
  )
  .option('--no-clouds-yaml', 'do not touch any clouds.yaml')
  .action(async (options) => (await import('./commands/up/index.js')).run(options as CommonOptions));

common(program.command('down'))
  .description('stop the nubo running in the background for the data dir')
  .option('--timeout <seconds>', 'how long to wait for a clean stop', '30')
  .action(async (options) => (await import('./commands/down/index.js')).run(options as CommonOptions));

common(program.command('status'))
  .description('tell whether nubo runs for the data dir and whether its endpoint answers (exit 3 when not running)')
  .action(async (options) => (await import('./commands/status/index.js')).run(options as CommonOptions));

const identity = program.command('identity').description('Identity (Keystone) maintenance');
common(identity.command('fernet-rotate'))
  .description(
    'rotate the Fernet keys like keystone-manage fernet_rotate: the staged key becomes primary, the oldest beyond the limit is removed',
  )
  .action(async (options) => (await import('./commands/identity/fernet-rotate.js')).run(options as CommonOptions));

const image = program.command('image').description('Stock images for the container compute driver');
common(image.command('build').argument('<name>', 'tiny (busybox + dropbear) or debian-12 (debootstrap + openssh)'))
  .description('build a stock image (cached under <data dir>/images) and upload it to the running nubo')
  .option('--force', 'rebuild even when cached')
  .option('--replace', 'replace an image of that name already in the Image service')
  .option('--no-upload', 'only build the tarball')
  .action(async (name, options) => (await import('./commands/image/build.js')).run(name, options as CommonOptions));

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof ExitError) {
    if (err.message) process.stderr.write(`nubo: ${err.message}\n`);
    process.exitCode = err.code;
  } else {
    process.stderr.write(`nubo: ${(err as Error).stack ?? String(err)}\n`);
    process.exitCode = 1;
  }
}
