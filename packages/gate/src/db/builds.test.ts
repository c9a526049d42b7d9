// The builds database on every backend in NUBO_TEST_DB: the recorder's writes, Zuul's filters and paging, retries,
// artifacts, events and the duration estimates.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { testBackends } from '@nubo/core/testing';
import { buildsOfBuildset, estimatedDurations, findBuild, listBuilds } from './builds.js';
import { createBuildsRecorder, migrateGateBuilds } from './builds-recorder.js';
import { eventsOfBuildset, findBuildset, listBuildsets } from './buildsets.js';
import type { GateDb } from './tables.js';

const t0 = Date.parse('2026-01-01T00:00:00Z');
const at = (seconds: number) => new Date(t0 + seconds * 1000);

for (const backend of testBackends()) {
  describe(`gate builds database on ${backend.name}`, () => {
    test('records buildsets and builds and answers Zuul-style queries', async () => {
      const database = await backend.create();
      try {
        assert.deepEqual(await migrateGateBuilds(database.db), ['0001_builds']);
        assert.deepEqual(await migrateGateBuilds(database.db), [], 'a second run applies nothing');
        const db = database.db as GateDb;
        const rec = createBuildsRecorder(db);
        const base = { tenant: 'main', branch: 'master', eventId: 'e1', commit: null } as const;
        await rec.buildsetCreated({
          ...base,
          uuid: 'bs1',
          pipeline: 'check',
          project: 'org/a',
          change: 1,
          patchset: 1,
          ref: 'refs/changes/01/1/1',
        });
        await rec.buildsetCreated({
          ...base,
          uuid: 'bs1',
          pipeline: 'check',
          project: 'org/a',
          change: 1,
          patchset: 1,
          ref: 'refs/changes/01/1/1',
        });
        await rec.buildsetCreated({
          ...base,
          uuid: 'bs2',
          pipeline: 'gate',
          project: 'org/b',
          change: 2,
          patchset: 3,
          ref: 'refs/changes/02/2/3',
        });
        await rec.buildsetCreated({
          ...base,
          tenant: 'other',
          uuid: 'bs3',
          pipeline: 'check',
          project: 'org/a',
          change: 9,
          patchset: 1,
          ref: 'r',
        });
        await rec.buildStarted({
          uuid: 'b1',
          buildsetUuid: 'bs1',
          jobName: 'tox',
          voting: true,
          nodes: ['n1'],
          startTime: at(0),
        });
        await rec.buildStarted({
          uuid: 'b2',
          buildsetUuid: 'bs1',
          jobName: 'lint',
          voting: false,
          nodes: [],
          startTime: at(1),
        });
        await rec.buildStarted({
          uuid: 'b3',
          buildsetUuid: 'bs2',
          jobName: 'tox',
          voting: true,
          nodes: [],
          startTime: at(2),
        });
        await rec.buildStarted({
          uuid: 'b4',
          buildsetUuid: 'bs2',
          jobName: 'tox',
          voting: true,
          nodes: [],
          startTime: at(3),
        });
        await rec.buildStarted({
          uuid: 'b5',
          buildsetUuid: 'bs3',
          jobName: 'tox',
          voting: true,
          nodes: [],
          startTime: at(4),
        });
        const done = { error: null, logUrl: null, artifacts: [], retried: false } as const;
        await rec.buildFinished('b1', {
          ...done,
          result: 'SUCCESS',
          endTime: at(100),
          logUrl: 'http://x/logs/b1/',
          artifacts: [
            { name: 'docs', url: 'docs/' },
            { name: 'wheel', url: 'dist/a.whl' },
          ],
        });
        await rec.buildFinished('b3', {
          ...done,
          result: 'NODE_FAILURE',
          endTime: at(5),
          error: 'no node',
          retried: true,
        });
        await rec.buildFinished('b4', { ...done, result: 'SUCCESS', endTime: at(303) });
        await rec.buildsetFinished('bs2', 'SUCCESS', 'Build succeeded.', at(303));
        await rec.buildsetEvent('bs2', 'enqueued', 'Enqueued by an event', at(0));
        await rec.buildsetEvent('bs2', 'reported', 'Reported to review', at(304));

        const all = await listBuilds(db, { tenant: 'main', limit: 50, skip: 0 });
        assert.deepEqual(
          all.map((b) => b.build.uuid),
          ['b4', 'b3', 'b2', 'b1'],
          'newest first, one tenant only',
        );
        const page = await listBuilds(db, { tenant: 'main', limit: 2, skip: 1 });
        assert.deepEqual(
          page.map((b) => b.build.uuid),
          ['b3', 'b2'],
        );
        const filtered = async (f: object) =>
          (await listBuilds(db, { tenant: 'main', limit: 50, skip: 0, ...f })).map((b) => b.build.uuid);
        assert.deepEqual(await filtered({ jobName: ['tox'] }), ['b4', 'b3', 'b1']);
        assert.deepEqual(await filtered({ project: ['org/a'], voting: false }), ['b2']);
        assert.deepEqual(await filtered({ change: [2], patchset: [3] }), ['b4', 'b3']);
        assert.deepEqual(await filtered({ final: false }), ['b3'], 'the retried attempt is kept as non-final');
        assert.deepEqual(await filtered({ complete: false }), ['b2']);
        assert.deepEqual(await filtered({ result: ['SUCCESS', 'NODE_FAILURE'], pipeline: ['gate'] }), ['b4', 'b3']);
        assert.deepEqual(await filtered({ ref: ['refs/changes/01/1/1'], branch: ['master'] }), ['b2', 'b1']);
        assert.deepEqual(await filtered({ project: [] }), []);

        const b1 = await findBuild(db, 'main', 'b1');
        assert.ok(b1);
        assert.equal(b1.build.duration_ms, 100_000);
        assert.equal(b1.build.voting, 1);
        assert.equal(b1.buildset.change, 1);
        assert.deepEqual(
          b1.artifacts.map((a) => [a.name, a.url]),
          [
            ['docs', 'docs/'],
            ['wheel', 'dist/a.whl'],
          ],
        );
        assert.equal(await findBuild(db, 'other', 'b1'), undefined, 'a build of another tenant is not found');

        const bs1 = await findBuildset(db, 'main', 'bs1');
        assert.equal(bs1?.first_build_start, at(0).toISOString());
        const sets = await listBuildsets(db, { tenant: 'main', limit: 50, skip: 0, complete: true });
        assert.deepEqual(
          sets.map((s) => [s.uuid, s.result, s.message]),
          [['bs2', 'SUCCESS', 'Build succeeded.']],
        );
        assert.deepEqual(
          (await listBuildsets(db, { tenant: 'main', limit: 50, skip: 0, change: [1] })).map((s) => s.uuid),
          ['bs1'],
        );
        assert.deepEqual(
          (await buildsOfBuildset(db, 'bs2')).map((b) => [b.build.uuid, b.build.final]),
          [
            ['b3', 0],
            ['b4', 1],
          ],
        );
        assert.deepEqual(
          (await eventsOfBuildset(db, 'bs2')).map((e) => e.event_type),
          ['enqueued', 'reported'],
        );

        const estimates = await estimatedDurations(db, 'main', ['tox', 'lint', 'unknown']);
        assert.equal(estimates.get('tox'), 200, 'the mean of 100 s and 300 s');
        assert.equal(estimates.has('lint'), false, 'never finished');
        assert.equal(estimates.has('unknown'), false);
      } finally {
        await database.drop();
      }
    });
  });
}
