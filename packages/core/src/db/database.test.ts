import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Kysely } from 'kysely';
import { testBackends } from '../testing.js';
import { migrate } from './migrations.js';
import { fromDbBool, fromDbJson, isUniqueViolation, toDbBool, toDbJson } from './portable.js';

interface Tables {
  things: { id: string; name: string; enabled: number; extra: string };
}

const migrations = {
  '0001_things': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('things')
        .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('name', 'varchar(255)', (c) => c.notNull().unique())
        .addColumn('enabled', 'integer', (c) => c.notNull())
        .addColumn('extra', 'text', (c) => c.notNull())
        .execute();
    },
  },
};

for (const backend of testBackends()) {
  describe(`database on ${backend.name}`, () => {
    test('migrates once, stores portable values, and reports unique violations', async () => {
      const database = await backend.create();
      try {
        assert.equal(database.dialect, backend.dialect);
        assert.deepEqual(await migrate(database.db, 'coretest', migrations), ['0001_things']);
        assert.deepEqual(await migrate(database.db, 'coretest', migrations), [], 'a second run applies nothing');
        const db = database.db as Kysely<Tables>;
        await db
          .insertInto('things')
          .values({ id: 'a', name: 'one', enabled: toDbBool(true), extra: toDbJson({ k: [1, 'x'] }) })
          .execute();
        const row = await db.selectFrom('things').selectAll().where('id', '=', 'a').executeTakeFirstOrThrow();
        assert.equal(fromDbBool(row.enabled), true);
        assert.deepEqual(fromDbJson(row.extra, {}), { k: [1, 'x'] });
        await assert.rejects(
          db.insertInto('things').values({ id: 'b', name: 'one', enabled: 0, extra: '{}' }).execute(),
          (err) => isUniqueViolation(err),
        );
        const count = await db
          .selectFrom('things')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow();
        assert.equal(Number(count.n), 1, 'the failed insert changed nothing');
      } finally {
        await database.drop();
      }
    });

    test('a transaction that throws leaves nothing behind', async () => {
      const database = await backend.create();
      try {
        await migrate(database.db, 'coretest', migrations);
        const db = database.db as Kysely<Tables>;
        await assert.rejects(
          db.transaction().execute(async (trx) => {
            await trx.insertInto('things').values({ id: 'a', name: 'one', enabled: 1, extra: '{}' }).execute();
            throw new Error('abort');
          }),
          /abort/,
        );
        assert.equal((await db.selectFrom('things').selectAll().execute()).length, 0);
      } finally {
        await database.drop();
      }
    });
  });
}
