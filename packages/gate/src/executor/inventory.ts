// The Ansible inventory of a build, in Zuul's shape: every node under `all.hosts` (connection variables, `nodepool`
// facts, the job's host-vars), the nodeset's groups under `all.children` with the job's group-vars, and the job's
// vars plus the `zuul` variable under `all.vars`. `!unsafe` values are written back with their tag so that Ansible
// never templates them; encrypted values (secrets) are not decrypted by nubo yet and are left out.
import { Document, Scalar } from 'yaml';
import type { ConfigMap, ConfigValue } from '../model/config-value.js';
import { EncryptedValue } from '../model/encrypted-value.js';
import type { FrozenJob } from '../model/frozen-job.js';
import { OverrideValue } from '../model/override-value.js';
import { UnsafeValue } from '../model/unsafe-value.js';
import type { NodeAllocation, ProvidedNode } from '../nodes/node-provider.js';

const OMIT = Symbol('omit');

/** A config value as plain YAML data; `!unsafe` strings become tagged scalars. */
function toYamlData(value: ConfigValue | unknown): unknown {
  if (value instanceof UnsafeValue) {
    const scalar = new Scalar(value.value);
    scalar.tag = '!unsafe';
    return scalar;
  }
  if (value instanceof EncryptedValue) return OMIT;
  if (value instanceof OverrideValue) return toYamlData(value.value);
  if (Array.isArray(value)) return value.map(toYamlData).filter((v) => v !== OMIT);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const data = toYamlData(v);
      if (data !== OMIT) out[k] = data;
    }
    return out;
  }
  return value;
}

/** Writes data (config values or plain JSON-like data) as a YAML document. */
export function yamlText(data: unknown): string {
  return new Document(toYamlData(data), { aliasDuplicateObjects: false }).toString({ lineWidth: 0 });
}

function connectionVars(node: ProvidedNode): Record<string, unknown> {
  const vars: Record<string, unknown> = { ansible_connection: node.connection, ansible_host: node.host };
  if (node.port !== null) vars.ansible_port = node.port;
  if (node.username !== null) vars.ansible_user = node.username;
  if (node.privateKeyPath !== null) vars.ansible_ssh_private_key_file = node.privateKeyPath;
  return vars;
}

export interface InventoryInput {
  readonly job: FrozenJob;
  readonly allocation: NodeAllocation;
  readonly zuul: Record<string, unknown>;
}

/** The inventory as data (before YAML), so that tests and zuul-info can look at it. */
export function buildInventory({ job, allocation, zuul }: InventoryInput): Record<string, unknown> {
  const hostVars = job.hostVars as Readonly<Record<string, ConfigMap>>;
  const groupVars = job.groupVars as Readonly<Record<string, ConfigMap>>;
  const hosts: Record<string, unknown> = {};
  for (const node of allocation.nodes) {
    hosts[node.name] = {
      ...connectionVars(node),
      nodepool: {
        label: node.label,
        provider: allocation.provider,
        host_id: allocation.id,
        interface_ip: node.host,
        workdir: node.workdir,
      },
      ...node.hostVars,
      ...(hostVars[node.name] ?? {}),
    };
  }
  const children: Record<string, unknown> = {};
  for (const group of allocation.groups) {
    children[group.name] = {
      hosts: Object.fromEntries(group.nodes.map((n) => [n, null])),
      ...(groupVars[group.name] ? { vars: groupVars[group.name] } : {}),
    };
  }
  return {
    all: {
      hosts,
      ...(Object.keys(children).length > 0 ? { children } : {}),
      vars: { ...job.vars, zuul },
    },
  };
}
