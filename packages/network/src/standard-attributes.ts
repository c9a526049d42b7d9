// The standard attributes every Neutron resource row carries, and the helpers to make and bump them.
import { newUuid } from '@nubo/core';

/** Timestamps are stored with milliseconds so lists keep creation order; views print seconds. */
export function now(): string {
  return new Date().toISOString();
}

/** id, project, name, description, tags, revision and timestamps for a new row. */
export function standardColumns(
  projectId: string,
  attrs: { name?: unknown; description?: unknown },
): {
  id: string;
  project_id: string;
  name: string;
  description: string;
  tags: string;
  revision_number: number;
  created_at: string;
  updated_at: string;
} {
  const stamp = now();
  return {
    id: newUuid(),
    project_id: projectId,
    name: typeof attrs.name === 'string' ? attrs.name : '',
    description: typeof attrs.description === 'string' ? attrs.description : '',
    tags: '[]',
    revision_number: 1,
    created_at: stamp,
    updated_at: stamp,
  };
}

/** The columns an update always changes: the revision goes up by one, updated_at moves. */
export function bumped(row: { revision_number: number }): { revision_number: number; updated_at: string } {
  return { revision_number: row.revision_number + 1, updated_at: now() };
}

/** Neutron prints `2026-11-23T19:18:20Z`. */
export function printedTime(stamp: string): string {
  return `${stamp.slice(0, 19)}Z`;
}
