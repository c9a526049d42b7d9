// Free-form configuration values (vars) as JSON: tagged values become what Zuul's API shows for them.
import type { ConfigMap, ConfigValue } from '../../model/config-value.js';
import { EncryptedValue } from '../../model/encrypted-value.js';
import { OverrideValue } from '../../model/override-value.js';
import { UnsafeValue } from '../../model/unsafe-value.js';

/** A JSON rendering; encrypted values never show their ciphertext's meaning, only that they are encrypted. */
export function plain(value: ConfigValue | undefined): unknown {
  if (value === undefined) return null;
  if (value instanceof EncryptedValue) return '<encrypted>';
  if (value instanceof UnsafeValue) return value.value;
  if (value instanceof OverrideValue) return plain(value.value as ConfigValue);
  if (Array.isArray(value)) return value.map((v) => plain(v as ConfigValue));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as ConfigMap)) out[k] = plain(v);
    return out;
  }
  return value;
}
