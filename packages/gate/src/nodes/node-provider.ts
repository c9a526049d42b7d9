// Where the nodes of a job come from. This issue ships `local` (a fresh container per node where the host can run
// them, else a clean temporary directory); the launcher (OpenStack clouds) implements the same interface later.
import type { FrozenNodeset } from '../model/frozen-job.js';

/** A node as the executor's Ansible inventory needs it. */
export interface ProvidedNode {
  readonly name: string;
  readonly label: string;
  /** `local` runs tasks on the executor host in `workdir`; `ssh` connects to `host`. */
  readonly connection: 'local' | 'ssh';
  readonly host: string;
  readonly port: number | null;
  readonly username: string | null;
  readonly privateKeyPath: string | null;
  /** The node's own directory (for `local`), where `src/` checkouts go. */
  readonly workdir: string | null;
  /** Extra inventory variables (e.g. `ansible_python_interpreter`). */
  readonly hostVars: Readonly<Record<string, unknown>>;
}

export interface NodeAllocation {
  readonly id: string;
  readonly provider: string;
  readonly nodes: readonly ProvidedNode[];
  readonly groups: readonly { readonly name: string; readonly nodes: readonly string[] }[];
}

export interface NodeProvider {
  readonly name: string;
  /** Gets fresh nodes for a nodeset; throws `NodeFailure` when it cannot. An empty nodeset gives no nodes. */
  acquire(nodeset: FrozenNodeset, signal: AbortSignal): Promise<NodeAllocation>;
  /** Destroys the nodes (single use); never throws for nodes already gone. */
  release(allocation: NodeAllocation): Promise<void>;
}

export class NodeFailure extends Error {
  override name = 'NodeFailure';
}
