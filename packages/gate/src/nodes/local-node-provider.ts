// The `local` node provider: each node of a nodeset is a fresh, empty directory on the executor host, reached by
// Ansible's `local` connection. It is what a host that cannot run containers gets; a container-per-node variant
// (crun, through the compute package's container driver) would implement the same NodeProvider and give nodes an
// `ssh` (or `community.general.chroot`-style) connection instead — the executor does not change.
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FrozenNodeset } from '../model/frozen-job.js';
import { type NodeAllocation, NodeFailure, type NodeProvider, type ProvidedNode } from './node-provider.js';

export interface LocalNodeProviderOptions {
  /** Where node directories are made (one `nubo-nodes-*` directory per allocation). Default: the OS temp dir. */
  readonly root?: string;
  /** The labels it serves; a nodeset asking for another one fails with NODE_FAILURE. Default: any label. */
  readonly labels?: readonly string[];
  /** The Python that Ansible runs modules with on the nodes. */
  readonly python?: string;
}

export class LocalNodeProvider implements NodeProvider {
  readonly name = 'local';
  private readonly root: string;

  constructor(private readonly options: LocalNodeProviderOptions = {}) {
    this.root = options.root ?? tmpdir();
  }

  async acquire(nodeset: FrozenNodeset, signal: AbortSignal): Promise<NodeAllocation> {
    signal.throwIfAborted();
    const { labels } = this.options;
    const unknown = nodeset.nodes.filter((n) => labels && !labels.includes(n.label)).map((n) => n.label);
    if (unknown.length > 0) {
      throw new NodeFailure(`the local provider has no label ${[...new Set(unknown)].join(', ')}`);
    }
    if (nodeset.nodes.length === 0) return { id: randomUUID(), provider: this.name, nodes: [], groups: [] };
    let base: string;
    try {
      await mkdir(this.root, { recursive: true });
      base = await mkdtemp(join(this.root, 'nubo-nodes-'));
    } catch (err) {
      throw new NodeFailure(`cannot make a node directory under ${this.root}: ${(err as Error).message}`);
    }
    const nodes: ProvidedNode[] = [];
    for (const [index, node] of nodeset.nodes.entries()) {
      // Several names of one nodeset node are one host: they share the directory.
      const workdir = join(base, `node-${index}`);
      await mkdir(join(workdir, '.ansible-tmp'), { recursive: true });
      for (const name of node.name) nodes.push(localNode(name, node.label, workdir, this.options.python));
    }
    return { id: base, provider: this.name, nodes, groups: nodeset.groups.map((g) => ({ ...g })) };
  }

  async release(allocation: NodeAllocation): Promise<void> {
    if (allocation.nodes.length === 0) return;
    await rm(allocation.id, { recursive: true, force: true });
  }
}

function localNode(name: string, label: string, workdir: string, python = '/usr/bin/python3'): ProvidedNode {
  return {
    name,
    label,
    connection: 'local',
    host: 'localhost',
    port: null,
    username: null,
    privateKeyPath: null,
    workdir,
    // `ansible_user_dir` is a fact; with fact gathering off (the executor's default) this inventory value stands in
    // for it, so Zuul-style paths such as `{{ ansible_user_dir }}/{{ zuul.project.src_dir }}` land in the node.
    hostVars: {
      ansible_python_interpreter: python,
      ansible_user_dir: workdir,
      ansible_remote_tmp: join(workdir, '.ansible-tmp'),
    },
  };
}
