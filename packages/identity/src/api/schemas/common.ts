// JSON-schema pieces Keystone's validators share (keystone/common/validation/parameter_types.py).
import { Type } from 'typebox';

export const name64 = Type.String({ minLength: 1, maxLength: 64, pattern: '\\S' });
export const name255 = Type.String({ minLength: 1, maxLength: 255, pattern: '\\S' });
export const description = Type.Union([Type.String(), Type.Null()]);
export const enabled = Type.Boolean();
export const idString = Type.String({ minLength: 1, maxLength: 64 });
export const nullableId = Type.Union([Type.String({ minLength: 1, maxLength: 64 }), Type.Null()]);
/** Project tags: no '/' or ',' (they are URL path segments and list separators), at most 80. */
export const tag = Type.String({ minLength: 1, maxLength: 255, pattern: '^[^,/]*$' });
export const tags = Type.Array(tag, { maxItems: 80 });

/** `{ <member>: {…} }` with extra attributes allowed inside, as Keystone's create/update schemas. */
export function wrapped<T extends Record<string, import('typebox').TSchema>>(
  member: string,
  properties: T,
  required: string[] = [],
) {
  return Type.Object(
    {
      [member]: Type.Object(properties, {
        required,
        additionalProperties: true,
        minProperties: required.length > 0 ? 0 : 1,
      }),
    },
    // Keystone's *_request_body schemas refuse unknown top-level keys (extra attributes go inside the member).
    { required: [member], additionalProperties: false },
  );
}

export const idParams = (...names: string[]) =>
  Type.Object(Object.fromEntries(names.map((n) => [n, Type.String({ minLength: 1, maxLength: 255 })])), {
    required: names,
  });
