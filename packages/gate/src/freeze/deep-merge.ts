// Zuul's Job._deepUpdate: how job variables combine across parents, variants and project vars.
import type { ConfigMap, ConfigValue } from '../model/config-value.js';

function isPlainMap(value: ConfigValue | undefined): value is ConfigMap {
  // Tagged values (EncryptedValue, UnsafeValue …) are class instances and count as leaves.
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

/**
 * Merges `b` into `a` without changing either: a key whose values are mappings on both sides is merged
 * recursively; otherwise `b`'s value (a leaf, a list, a tagged value) replaces `a`'s. New keys are added.
 */
export function deepMerge(a: ConfigMap, b: ConfigMap): ConfigMap {
  const out: Record<string, ConfigValue> = {};
  for (const [k, v] of Object.entries(a)) if (!Object.hasOwn(b, k)) out[k] = v;
  for (const [k, bv] of Object.entries(b)) {
    const av = Object.hasOwn(a, k) ? a[k] : undefined;
    out[k] = isPlainMap(av) && isPlainMap(bv) ? deepMerge(av, bv) : bv;
  }
  return out;
}
