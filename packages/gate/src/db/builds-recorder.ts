// The BuildsRecorder over the builds database: what the scheduler writes as items and builds progress.
import { randomUUID } from 'node:crypto';
import { isUniqueViolation, migrate, toDbBool, toDbJson } from '@nubo/core';
import type { Kysely } from 'kysely';
import type { BuildsRecorder } from '../builds/builds-recorder.js';
import { gateMigrations } from './migrations/index.js';
import type { GateDb } from './tables.js';

/** Applies the gate's pending builds-database migrations (run once at start, before any recorder is used). */
// biome-ignore lint/suspicious/noExplicitAny: the shared database is untyped until the gate narrows it
export async function migrateGateBuilds(db: Kysely<any>): Promise<string[]> {
  return migrate(db, 'gate', gateMigrations);
}

/**
 * Records buildsets, builds, artifacts and events. A record written twice (a scheduler restarted after a crash
 * replays what it was doing) keeps the first row, so every call is safe to repeat.
 */
export function createBuildsRecorder(db: GateDb): BuildsRecorder {
  return {
    async buildsetCreated(buildset) {
      const now = new Date().toISOString();
      await ignoreDuplicate(
        db
          .insertInto('gate_buildsets')
          .values({
            uuid: buildset.uuid,
            tenant: buildset.tenant,
            pipeline: buildset.pipeline,
            project: buildset.project,
            branch: buildset.branch,
            change: buildset.change,
            patchset: buildset.patchset,
            ref: buildset.ref,
            newrev: buildset.commit,
            event_id: buildset.eventId,
            result: null,
            message: null,
            first_build_start: buildset.firstBuildStart?.toISOString() ?? null,
            last_build_end: null,
            created_at: now,
            updated_at: now,
          })
          .execute(),
      );
    },

    async buildsetFinished(uuid, result, message, endTime) {
      await db
        .updateTable('gate_buildsets')
        .set({ result, message, last_build_end: endTime.toISOString(), updated_at: new Date().toISOString() })
        .where('uuid', '=', uuid)
        .execute();
    },

    async buildStarted(build) {
      const start = build.startTime.toISOString();
      await ignoreDuplicate(
        db
          .insertInto('gate_builds')
          .values({
            uuid: build.uuid,
            buildset_uuid: build.buildsetUuid,
            job_name: build.jobName,
            result: null,
            voting: toDbBool(build.voting),
            nodes: toDbJson([...build.nodes]),
            start_time: start,
            end_time: null,
            duration_ms: null,
            log_url: null,
            error_detail: null,
            final: 1,
            held: 0,
          })
          .execute(),
      );
      // Zuul's first_build_start_time: when the buildset's first build began.
      await db
        .updateTable('gate_buildsets')
        .set({ first_build_start: start, updated_at: new Date().toISOString() })
        .where('uuid', '=', build.buildsetUuid)
        .where('first_build_start', 'is', null)
        .execute();
    },

    async buildFinished(uuid, outcome) {
      const row = await db.selectFrom('gate_builds').select('start_time').where('uuid', '=', uuid).executeTakeFirst();
      const duration = row ? Math.max(0, outcome.endTime.getTime() - Date.parse(row.start_time)) : null;
      await db.transaction().execute(async (tx) => {
        await tx
          .updateTable('gate_builds')
          .set({
            result: outcome.result,
            end_time: outcome.endTime.toISOString(),
            duration_ms: duration === null ? null : Math.round(duration),
            error_detail: outcome.error,
            log_url: outcome.logUrl,
            final: toDbBool(!outcome.retried),
          })
          .where('uuid', '=', uuid)
          .execute();
        await tx.deleteFrom('gate_artifacts').where('build_uuid', '=', uuid).execute();
        if (outcome.artifacts.length > 0) {
          await tx
            .insertInto('gate_artifacts')
            .values(
              outcome.artifacts.map((a, position) => ({
                build_uuid: uuid,
                position,
                name: a.name,
                url: a.url,
                metadata: null,
              })),
            )
            .execute();
        }
      });
    },

    async buildsetEvent(uuid, eventType, description, at) {
      await db
        .insertInto('gate_buildset_events')
        .values({
          id: randomUUID(),
          buildset_uuid: uuid,
          event_type: eventType,
          description,
          event_time: at.toISOString(),
        })
        .execute();
    },
  };
}

async function ignoreDuplicate(write: Promise<unknown>): Promise<void> {
  try {
    await write;
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
  }
}
