// The data a user may put in free-form places (vars, secret data, trigger filters): YAML data plus Zuul's tags.
import type { EncryptedValue } from './encrypted-value.js';
import type { OverrideValue } from './override-value.js';
import type { UnsafeValue } from './unsafe-value.js';

/** A scalar as YAML gives it. Jinja expressions such as `"{{ foo }}"` stay verbatim strings. */
export type ConfigScalar = string | number | boolean | null;

/** A mapping of free-form data (job variables, secret data, reporter parameters). */
export interface ConfigMap {
  readonly [key: string]: ConfigValue;
}

/** Any free-form configuration value, tagged values kept as value objects. */
export type ConfigValue =
  | ConfigScalar
  | readonly ConfigValue[]
  | ConfigMap
  | EncryptedValue
  | UnsafeValue
  | OverrideValue<ConfigValue>;
