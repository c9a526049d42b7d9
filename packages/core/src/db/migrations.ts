// Per-package migrations, run at start: a static list (it bundles), one history table per package.
import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely';

/** A package's migrations in order; names sort in apply order (e.g. `0001_initial`). */
export type MigrationList = Record<string, Migration>;

/** Applies every pending migration of `pkg`; throws with the failing migration's name. */
// biome-ignore lint/suspicious/noExplicitAny: migrations run before the package's typed view exists
export async function migrate(db: Kysely<any>, pkg: string, migrations: MigrationList): Promise<string[]> {
  const provider: MigrationProvider = { getMigrations: async () => migrations };
  const migrator = new Migrator({
    db,
    provider,
    migrationTableName: `${pkg}_migrations`,
    migrationLockTableName: `${pkg}_migrations_lock`,
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`${pkg}: migration ${failed?.migrationName ?? '(lock)'} failed: ${reason}`);
  }
  return (results ?? []).map((r) => r.migrationName);
}
