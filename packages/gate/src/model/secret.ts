// A secret: named private data (usually encrypted values) that jobs of the same project may use.
import type { ConfigMap } from './config-value.js';
import type { SourceContext } from './source-context.js';
import type { SourcePosition } from './source-position.js';

/** A secret; `data` keeps `!encrypted/pkcs1-oaep` values as EncryptedValue objects. */
export interface Secret {
  readonly name: string;
  readonly data: ConfigMap;
  readonly source: SourceContext;
  readonly pos: SourcePosition;
}
