// The shared parameter types of Nova's request schemas (nova/api/validation/parameter_types.py) as TypeBox.
import { type TSchema, Type } from 'typebox';

/** Printable characters (Unicode categories other than C and Z, plus the space separators Zs). */
const PRINTABLE = '[^\\p{C}\\p{Zl}\\p{Zp}]';
/** What a name may not start or end with: a control character or any whitespace. */
const EDGE = '[\\p{C}\\p{Z}]';

/** Nova's `valid_name_regex`: printable characters, not starting or ending with whitespace. */
export const NAME_PATTERN = `^(?!${EDGE})${PRINTABLE}*(?<!${EDGE})$`;

/** Nova's `name`: 1–255 printable characters without leading or trailing whitespace. */
export const name = Type.String({ minLength: 1, maxLength: 255, pattern: NAME_PATTERN });

/** Nova's `az_name`: a name without ':' (the separator of `zone:host:node`). */
export const azName = Type.String({
  minLength: 1,
  maxLength: 255,
  pattern: `^(?!${EDGE})(?:(?!:)${PRINTABLE})*(?<!${EDGE})$`,
});

/** Nova's `description`: up to 255 printable characters, or null. */
export const description = Type.Union([Type.String({ maxLength: 255, pattern: `^${PRINTABLE}*$` }), Type.Null()]);

/** A UUID as `uuidutils.is_uuid_like` accepts it (dashes optional, any case). */
export const UUID_PATTERN = '^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$';
export const uuid = Type.String({ pattern: UUID_PATTERN });

/** Nova's `boolean`: JSON booleans or their usual spellings as strings. */
export const boolean = Type.Union([
  Type.Boolean(),
  Type.String({
    enum: ['True', 'TRUE', 'true', '1', 'ON', 'On', 'on', 'YES', 'Yes', 'yes'].concat([
      'False',
      'FALSE',
      'false',
      '0',
      'OFF',
      'Off',
      'off',
      'NO',
      'No',
      'no',
    ]),
  }),
]);

/** Nova's `positive_integer`: an integer ≥ 1, or its decimal string. */
export const positiveInteger = Type.Union([Type.Integer({ minimum: 1 }), Type.String({ pattern: '^0*[1-9][0-9]*$' })]);

/** Nova's `non_negative_integer`. */
export const nonNegativeInteger = Type.Union([Type.Integer({ minimum: 0 }), Type.String({ pattern: '^[0-9]+$' })]);

/** Nova's flavor sizes: integers (or their strings) in [minimum, 2^31 - 1]. */
export function flavorSize(minimum: 0 | 1): TSchema {
  return Type.Union([
    Type.Integer({ minimum, maximum: 0x7fffffff }),
    Type.String({ pattern: minimum === 1 ? '^0*[1-9][0-9]*$' : '^[0-9]+$', maxLength: 10 }),
  ]);
}

/** Nova's `metadata`: keys of 1–255 of [a-zA-Z0-9-_:. ], string values up to 255. */
export const METADATA_KEY = '^[a-zA-Z0-9-_:. ]{1,255}$';
export const metadata = Type.Object(
  {},
  { patternProperties: { [METADATA_KEY]: Type.String({ maxLength: 255 }) }, additionalProperties: false },
);

/** Nova's `tag`: 1–60 characters without ',' or '/'. */
export const tag = Type.String({ minLength: 1, maxLength: 60, pattern: '^[^,/]*$' });

/** Nova's `hostname` (2.90): an RFC 952 label. */
export const hostname = Type.String({
  minLength: 2,
  maxLength: 63,
  pattern: '^[a-zA-Z0-9]+[a-zA-Z0-9-]*[a-zA-Z0-9]+$',
});

/** Nova's `fqdn` (2.94 hostnames, hosts). */
export const fqdn = Type.String({ minLength: 1, maxLength: 255, pattern: '^[a-zA-Z0-9-._]*$' });

export const ipv4 = Type.String({ format: 'ipv4' });
export const ipv6 = Type.String({ format: 'ipv6' });
export const ipAddress = Type.Union([ipv4, ipv6]);

/** Nova's `OS-DCF:diskConfig`. */
export const diskConfig = Type.String({ enum: ['AUTO', 'MANUAL'] });

/** Base64 text (Nova's `base64` format: decodable, padded). */
export const BASE64_PATTERN = '^[A-Za-z0-9+/\\s]*={0,2}\\s*$';
export const base64 = Type.String({ pattern: BASE64_PATTERN });

/** Nova's `personality` (files to inject; gone in 2.57). */
export const personality = Type.Array(
  Type.Object({ path: Type.String(), contents: base64 }, { required: [], additionalProperties: false }),
);

/** Nova's `trusted_certs` (2.63). */
export const trustedCerts = Type.Union([
  Type.Array(Type.String({ minLength: 1 }), { minItems: 1, maxItems: 50, uniqueItems: true }),
  Type.Null(),
]);

/** A body `{<name>: null}` or `{<name>: {}}` an action takes without arguments. */
export function noArguments(action: string): TSchema {
  return Type.Object(
    { [action]: Type.Union([Type.Null(), Type.Object({}, { required: [], additionalProperties: false })]) },
    { required: [action], additionalProperties: false },
  );
}
