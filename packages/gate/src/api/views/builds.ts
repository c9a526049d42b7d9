// Builds as Zuul's REST API shows them (zuul-web's build dict: flat buildset fields plus `buildset.uuid`).
import { fromDbBool, fromDbJson } from '@nubo/core';
import { buildNodes } from '../../db/builds.js';
import type { ArtifactRow, BuildRow, BuildsetRow } from '../../db/tables.js';

/** Zuul's time format in API answers: UTC, seconds, no zone suffix (`2026-01-01T00:00:00`). */
export function zuulTime(iso: string | null): string | null {
  return iso === null ? null : iso.slice(0, 19);
}

/** A build, optionally with the flat fields of its buildset as `/builds` and `/build/{uuid}` give them. */
export function buildView(build: BuildRow, artifacts: ArtifactRow[], buildset?: BuildsetRow): Record<string, unknown> {
  const view: Record<string, unknown> = {
    _id: build.uuid,
    uuid: build.uuid,
    job_name: build.job_name,
    result: build.result,
    held: fromDbBool(build.held),
    start_time: zuulTime(build.start_time),
    end_time: zuulTime(build.end_time),
    duration: build.duration_ms === null ? null : build.duration_ms / 1000,
    voting: fromDbBool(build.voting),
    log_url: build.log_url,
    nodeset: null,
    node_name: buildNodes(build)[0] ?? null,
    nodes: buildNodes(build),
    error_detail: build.error_detail,
    final: fromDbBool(build.final),
    artifacts: artifacts.map((a) => artifactView(a, build.log_url)),
    provides: [],
  };
  if (buildset) {
    Object.assign(view, buildsetFields(buildset), { buildset: { uuid: buildset.uuid } });
  }
  return view;
}

/** A buildset; with `builds` the final ones go under `builds` and retried attempts under `retry_builds`. */
export function buildsetView(
  buildset: BuildsetRow,
  builds?: { build: BuildRow; artifacts: ArtifactRow[] }[],
  events?: { event_type: string; description: string; event_time: string }[],
): Record<string, unknown> {
  const view: Record<string, unknown> = {
    _id: buildset.uuid,
    uuid: buildset.uuid,
    result: buildset.result,
    message: buildset.message,
    ...buildsetFields(buildset),
    first_build_start_time: zuulTime(buildset.first_build_start),
    last_build_end_time: zuulTime(buildset.last_build_end),
  };
  if (builds) {
    view.builds = builds.filter((b) => fromDbBool(b.build.final)).map((b) => buildView(b.build, b.artifacts));
    view.retry_builds = builds.filter((b) => !fromDbBool(b.build.final)).map((b) => buildView(b.build, b.artifacts));
  }
  if (events) {
    view.events = events.map((e) => ({
      event_type: e.event_type,
      event_time: zuulTime(e.event_time),
      description: e.description,
    }));
  }
  return view;
}

function buildsetFields(buildset: BuildsetRow): Record<string, unknown> {
  return {
    project: buildset.project,
    branch: buildset.branch,
    pipeline: buildset.pipeline,
    change: buildset.change,
    patchset: buildset.patchset === null ? null : String(buildset.patchset),
    ref: buildset.ref,
    newrev: buildset.newrev,
    ref_url: null,
    event_id: buildset.event_id,
  };
}

/** Artifact URLs relative to the log directory are made absolute, as Zuul's are. */
function artifactView(a: ArtifactRow, logUrl: string | null): Record<string, unknown> {
  const absolute = /^[a-z][a-z0-9+.-]*:/i.test(a.url) || logUrl === null;
  const view: Record<string, unknown> = { name: a.name, url: absolute ? a.url : new URL(a.url, logUrl).href };
  if (a.metadata !== null) view.metadata = fromDbJson(a.metadata, {});
  return view;
}
