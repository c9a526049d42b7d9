// The JSON Schema subset Glance's schemas use, checked with the messages of Python's jsonschema (Glance's validator).

/** A JSON Schema document as Glance writes them (draft 4 keywords plus its own `is_base`, `readOnly`, `links`). */
export interface JsonSchema {
  type?: string | string[];
  description?: string;
  enum?: unknown[];
  pattern?: string;
  maxLength?: number;
  minLength?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  additionalProperties?: JsonSchema | boolean;
  required?: string[];
  readOnly?: boolean;
  writeOnly?: boolean;
  is_base?: boolean;
  name?: string;
  links?: { rel: string; href: string }[];
}

/** Python's repr() of a JSON value, as jsonschema prints instances and schemas in its messages. */
export function pyRepr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(value);
  if (typeof value === 'string') {
    const escaped = value.replaceAll('\\', '\\\\').replaceAll('\n', '\\n').replaceAll('\t', '\\t');
    if (value.includes("'") && !value.includes('"')) return `"${escaped}"`;
    return `'${escaped.replaceAll("'", "\\'")}'`;
  }
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(', ')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).map(([k, v]) => `${pyRepr(k)}: ${pyRepr(v)}`);
    return `{${entries.join(', ')}}`;
  }
  return String(value);
}

function typeMatches(value: unknown, type: string): boolean {
  switch (type) {
    case 'null':
      return value === null;
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
      return typeof value === 'number';
    case 'array':
      return Array.isArray(value);
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    default:
      return true;
  }
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The first way `value` breaks `schema`, as jsonschema's ValidationError would print it; undefined when it fits. */
export function validateJson(schema: JsonSchema, value: unknown): string | undefined {
  return check(schema, value, [], []);
}

function check(schema: JsonSchema, value: unknown, schemaPath: string[], instancePath: string[]): string | undefined {
  const fail = (keyword: string, message: string): string => {
    const where = schemaPath.map((p) => `[${p}]`).join('');
    const at = instancePath.map((p) => `[${p}]`).join('');
    return `${message}\n\nFailed validating ${pyRepr(keyword)} in schema${where}:\n    ${pyRepr(schema)}\n\nOn instance${at}:\n    ${pyRepr(value)}`;
  };
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (!types.some((t) => typeMatches(value, t))) {
      return fail('type', `${pyRepr(value)} is not of type ${types.map(pyRepr).join(', ')}`);
    }
  }
  if (schema.enum !== undefined && !schema.enum.some((e) => sameJson(e, value))) {
    return fail('enum', `${pyRepr(value)} is not one of ${pyRepr(schema.enum)}`);
  }
  if (typeof value === 'string') {
    // jsonschema counts code points, not UTF-16 units.
    const length = [...value].length;
    if (schema.maxLength !== undefined && length > schema.maxLength)
      return fail('maxLength', `${pyRepr(value)} is too long`);
    if (schema.minLength !== undefined && length < schema.minLength)
      return fail('minLength', `${pyRepr(value)} is too short`);
    if (schema.pattern !== undefined && !new RegExp(schema.pattern, 'u').test(value)) {
      return fail('pattern', `${pyRepr(value)} does not match ${pyRepr(schema.pattern)}`);
    }
  }
  if (Array.isArray(value) && schema.items !== undefined) {
    for (const [i, item] of value.entries()) {
      const found = check(schema.items, item, [...schemaPath, "'items'"], [...instancePath, String(i)]);
      if (found) return found;
    }
  }
  if (typeMatches(value, 'object')) {
    const object = value as Record<string, unknown>;
    for (const name of schema.required ?? []) {
      if (!(name in object)) return fail('required', `${pyRepr(name)} is a required property`);
    }
    const extras: string[] = [];
    for (const [key, item] of Object.entries(object)) {
      const known = schema.properties?.[key];
      if (known) {
        const found = check(known, item, [...schemaPath, "'properties'", pyRepr(key)], [...instancePath, pyRepr(key)]);
        if (found) return found;
      } else if (schema.additionalProperties === false) {
        extras.push(key);
      } else if (typeof schema.additionalProperties === 'object') {
        const found = check(
          schema.additionalProperties,
          item,
          [...schemaPath, "'additionalProperties'"],
          [...instancePath, pyRepr(key)],
        );
        if (found) return found;
      }
    }
    if (extras.length > 0) {
      const verb = extras.length === 1 ? 'was' : 'were';
      return fail(
        'additionalProperties',
        `Additional properties are not allowed (${extras.map(pyRepr).join(', ')} ${verb} unexpected)`,
      );
    }
  }
  return undefined;
}
