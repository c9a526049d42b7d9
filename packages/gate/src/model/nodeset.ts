// A nodeset: the named nodes (by label) a job needs, their Ansible groups, or alternatives tried in order.
import type { SourceContext } from './source-context.js';
import type { SourcePosition } from './source-position.js';

/** One node; several names share one host in the Ansible inventory. */
export interface NodesetNode {
  readonly name: readonly string[];
  readonly label: string;
}

/** An Ansible group of nodes of the nodeset. */
export interface NodesetGroup {
  readonly name: string;
  readonly nodes: readonly string[];
}

/**
 * A nodeset. Either `nodes`/`groups`, or `alternatives` (names of other nodesets or anonymous nodesets, requested
 * in order until one is supplied). `name` is null for an anonymous nodeset written inline in a job.
 */
export interface Nodeset {
  readonly name: string | null;
  readonly nodes: readonly NodesetNode[];
  readonly groups: readonly NodesetGroup[];
  readonly alternatives: readonly (string | Nodeset)[];
  readonly source: SourceContext;
  readonly pos: SourcePosition;
}
