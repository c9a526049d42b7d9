// Turns free-form YAML (vars, secret data, trigger filters) into ConfigValues, Zuul's tags as value objects.
import type { ConfigMap, ConfigValue } from '../model/config-value.js';
import { EncryptedValue } from '../model/encrypted-value.js';
import { OverrideValue } from '../model/override-value.js';
import type { SourcePosition } from '../model/source-position.js';
import { UnsafeValue } from '../model/unsafe-value.js';
import type { DecodeContext, Decoder } from './decoders.js';
import type { YamlNode } from './yaml-node.js';

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Converts a node to data. `!encrypted/pkcs1-oaep` (scalar or list of chunks) becomes an EncryptedValue, `!unsafe`
 * an UnsafeValue, and — only where `allowOverride` — `!override`/`!inherit` an OverrideValue. Strings, including
 * Jinja expressions and block scalars, are kept verbatim.
 */
export function nodeToValue(node: YamlNode, ctx: DecodeContext, allowOverride = false): ConfigValue | undefined {
  switch (node.tag) {
    case '!encrypted/pkcs1-oaep':
      return encrypted(node, ctx);
    case '!unsafe':
      if (node.kind === 'scalar' && node.value !== null) return new UnsafeValue(String(node.value));
      ctx.reporter.error(node.pos, `${ctx.subject}: '${ctx.path}': the !unsafe tag applies to a string`);
      return undefined;
    case '!override':
    case '!inherit': {
      if (!allowOverride) {
        ctx.reporter.error(node.pos, `${ctx.subject}: '${ctx.path}': ${node.tag} may only tag a whole job attribute`);
        return undefined;
      }
      const inner = nodeToValue({ ...node, tag: null } as YamlNode, ctx);
      return inner === undefined
        ? undefined
        : new OverrideValue(node.tag === '!override' ? 'override' : 'inherit', inner);
    }
  }
  if (node.kind === 'scalar') return node.value;
  if (node.kind === 'seq') {
    const out: ConfigValue[] = [];
    let ok = true;
    node.items.forEach((item, i) => {
      const v = nodeToValue(item, { ...ctx, path: `${ctx.path}[${i}]` });
      if (v === undefined) ok = false;
      else out.push(v);
    });
    return ok ? out : undefined;
  }
  const out: Record<string, ConfigValue> = {};
  let ok = true;
  for (const entry of node.entries) {
    const v = nodeToValue(entry.value, { ...ctx, path: `${ctx.path}.${entry.key}` });
    if (v === undefined) ok = false;
    else out[entry.key] = v;
  }
  return ok ? out : undefined;
}

function encrypted(node: YamlNode, ctx: DecodeContext): EncryptedValue | undefined {
  const chunks = node.kind === 'seq' ? node.items : [node];
  const ciphertext: string[] = [];
  for (const chunk of chunks) {
    const text = chunk.kind === 'scalar' && typeof chunk.value === 'string' ? chunk.value.replace(/\s+/g, '') : null;
    if (text === null || text.length === 0 || text.length % 4 !== 0 || !BASE64.test(text)) {
      ctx.reporter.error(chunk.pos, `${ctx.subject}: '${ctx.path}' is not valid base64 ciphertext`);
      return undefined;
    }
    ciphertext.push(text);
  }
  return new EncryptedValue(ciphertext);
}

/** Any value (tags other than override control allowed). */
export const anyValue: Decoder<ConfigValue> = {
  expected: 'any value',
  accepts: () => true,
  decode: (node, ctx) => nodeToValue(node, ctx),
};

/** A mapping of free-form data. */
export const dataMap: Decoder<ConfigMap> = {
  expected: 'a mapping',
  accepts: (node) => node.kind === 'map',
  decode(node, ctx) {
    if (node.kind !== 'map') {
      ctx.reporter.error(node.pos, `${ctx.subject}: '${ctx.path}' must be a mapping`);
      return undefined;
    }
    return nodeToValue(node, ctx) as ConfigMap | undefined;
  },
};

// Zuul's ansible_var_name and check_varnames: names Ansible accepts, minus those Zuul reserves for itself or for
// the connection to the node.
const VAR_NAME = /^[a-zA-Z][a-zA-Z0-9_]*$/;
const RESERVED_VARS = new Set([
  'zuul',
  'nodepool',
  'unsafe_vars',
  'ansible_connection',
  'ansible_host',
  'ansible_python_interpreter',
  'ansible_shell_executable',
  'ansible_user',
]);

/** Reports a variable name Ansible would not accept or Zuul reserves; true when the name is fine. */
export function checkVarName(name: string, pos: SourcePosition, ctx: DecodeContext): boolean {
  if (!VAR_NAME.test(name)) {
    ctx.reporter.error(pos, `${ctx.subject}: '${ctx.path}': invalid Ansible variable name '${name}'`);
    return false;
  }
  if (RESERVED_VARS.has(name)) {
    ctx.reporter.error(pos, `${ctx.subject}: '${ctx.path}': defining a variable named '${name}' is not allowed`);
    return false;
  }
  return true;
}

/** A mapping of Ansible variables: data whose top-level keys are valid, unreserved variable names. */
export const varsMap: Decoder<ConfigMap> = {
  expected: 'a mapping of variables',
  accepts: (node) => node.kind === 'map',
  decode(node, ctx) {
    if (node.kind !== 'map') {
      ctx.reporter.error(node.pos, `${ctx.subject}: '${ctx.path}' must be a mapping of variables`);
      return undefined;
    }
    let ok = true;
    for (const entry of node.entries) if (!checkVarName(entry.key, entry.keyPos, ctx)) ok = false;
    const value = nodeToValue(node, ctx) as ConfigMap | undefined;
    return ok ? value : undefined;
  },
};

/** Host or group variables: node (or group) name → variables mapping. */
export const hostVarsMap: Decoder<ConfigMap> = {
  expected: 'a mapping of names to variables',
  accepts: (node) => node.kind === 'map',
  decode(node, ctx) {
    if (node.kind !== 'map') {
      ctx.reporter.error(node.pos, `${ctx.subject}: '${ctx.path}' must be a mapping of names to variables`);
      return undefined;
    }
    const out: Record<string, ConfigMap> = {};
    let ok = true;
    for (const entry of node.entries) {
      const v = varsMap.decode(entry.value, { ...ctx, path: `${ctx.path}.${entry.key}` });
      if (v === undefined) ok = false;
      else out[entry.key] = v;
    }
    return ok ? out : undefined;
  },
};
