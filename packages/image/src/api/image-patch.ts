// PATCH /v2/images/{id} bodies: Glance's JSON-patch media types parsed into changes, with its 400/403/415 answers.
import { BadRequest, Forbidden, HttpError } from '@nubo/core';
import { type ImageChange, RESERVED_NAMESPACE } from '../images.js';
import { imageSchema } from './schemas/image.js';
import { validateJson } from './schemas/json-schema.js';

/** The media types an image PATCH accepts and the JSON-patch draft each follows (api-ref "Update image"). */
const PATCH_MEDIA_TYPES: Record<string, 4 | 10> = {
  'application/openstack-images-v2.0-json-patch': 4,
  'application/openstack-images-v2.1-json-patch': 10,
};

/** The PATCH media types, for the body parser. */
export const PATCH_CONTENT_TYPES = Object.keys(PATCH_MEDIA_TYPES);

/** Deserializer's _readonly_properties (plus `stores`, which only the service sets). */
const READ_ONLY = new Set([
  'created_at',
  'updated_at',
  'status',
  'checksum',
  'size',
  'virtual_size',
  'direct_url',
  'self',
  'file',
  'schema',
  'id',
  'os_hash_algo',
  'os_hash_value',
  'stores',
]);
const RESERVED = new Set(['location', 'deleted', 'deleted_at']);
const OPERATIONS = ['add', 'remove', 'replace'] as const;

/** The draft of a request's content type, or Glance's 415 with the Accept-Patch header. */
export function patchDraft(contentType: string | undefined): 4 | 10 {
  const mediaType = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  const draft = PATCH_MEDIA_TYPES[mediaType];
  if (draft === undefined) {
    const allowed = [...PATCH_CONTENT_TYPES].sort().join(', ');
    throw new HttpError(415, 'Unsupported Media Type', `Image PATCH expects Content-Type one of: ${allowed}`, {
      'accept-patch': allowed,
    });
  }
  return draft;
}

/** Glance's limited JSON pointer: must start with '/', no empty tokens, only ~0 and ~1 escapes. */
function decodePointer(pointer: unknown): string[] {
  if (typeof pointer !== 'string') throw new BadRequest(`Pointer \`${String(pointer)}\` does not start with "/".`);
  if (!pointer.startsWith('/')) throw new BadRequest(`Pointer \`${pointer}\` does not start with "/".`);
  if (/\/\s*?\//.test(pointer.slice(1))) throw new BadRequest(`Pointer \`${pointer}\` contains adjacent "/".`);
  if (pointer.length > 1 && pointer.endsWith('/')) throw new BadRequest(`Pointer \`${pointer}\` end with "/".`);
  if (pointer.slice(1).trim() === '/') throw new BadRequest(`Pointer \`${pointer}\` does not contains valid token.`);
  if (/~[^01]/.test(pointer) || pointer.endsWith('~')) {
    throw new BadRequest(`Pointer \`${pointer}\` contains "~" not part of a recognized escape sequence.`);
  }
  return pointer
    .replace(/^\/+/, '')
    .split('/')
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~').trim());
}

function operationOf(raw: Record<string, unknown>, draft: 4 | 10): { op: ImageChange['op']; path: unknown } {
  if (draft === 10) {
    const op = raw.op;
    if (op === undefined || op === null) {
      throw new BadRequest(
        `Unable to find \`op\` in JSON Schema change. It must be one of the following: ${OPERATIONS.join(', ')}.`,
      );
    }
    if (!OPERATIONS.includes(op as ImageChange['op'])) {
      throw new BadRequest(
        `Invalid operation: \`${String(op)}\`. It must be one of the following: ${OPERATIONS.join(', ')}.`,
      );
    }
    if (!('path' in raw)) throw new BadRequest("Unable to find 'path' in JSON Schema change");
    return { op: op as ImageChange['op'], path: raw.path };
  }
  const present = OPERATIONS.filter((op) => op in raw);
  if (present.length > 1) {
    throw new BadRequest('Operation objects must contain only one member named "add", "remove", or "replace".');
  }
  if (present.length === 0) {
    throw new BadRequest('Operation objects must contain exactly one member named "add", "remove", or "replace".');
  }
  return { op: present[0]!, path: raw[present[0]!] };
}

/** One parsed change: its draft matters for `add` on an existing property (409 under draft 4). */
export type ParsedChange = ImageChange & { draft: 4 | 10 };

/**
 * Parses and checks a patch body as glance/api/v2/images.py RequestDeserializer.update does.
 *
 * @throws BadRequest for a malformed body, operation, pointer or value; Forbidden for read-only or reserved names
 *   and for `locations` (Glance hides locations by default, so it refuses changing them).
 */
export function parseImagePatch(body: unknown, draft: 4 | 10): ParsedChange[] {
  if (body === undefined) throw new BadRequest('Body expected in request.');
  if (!Array.isArray(body)) throw new BadRequest('Request body must be a JSON array of operation objects.');
  return body.map((raw) => {
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
      throw new BadRequest('Operations must be JSON objects.');
    }
    const { op, path: pointer } = operationOf(raw as Record<string, unknown>, draft);
    const path = decodePointer(pointer);
    const name = path[0]!;
    const depth = name === 'locations' ? { add: 2, remove: 2, replace: 1 }[op] : 1;
    if (path.length !== depth) throw new BadRequest(`Invalid JSON pointer for this resource: '/${path.join('/')}'`);
    const change: ParsedChange = { op, name, draft };
    if (op !== 'remove') {
      if (!('value' in raw)) throw new BadRequest(`Operation "${op}" requires a member named "value".`);
      change.value = (raw as Record<string, unknown>).value;
    }
    if (READ_ONLY.has(name)) throw new Forbidden(`Attribute '${name}' is read-only.`);
    if (RESERVED.has(name) || name.startsWith(RESERVED_NAMESPACE))
      throw new Forbidden(`Attribute '${name}' is reserved.`);
    if (name === 'locations') {
      throw new Forbidden(
        `It's not allowed to ${op === 'remove' ? 'remove' : 'update'} locations if locations are invisible.`,
      );
    }
    if (op === 'remove') return change;
    if ([...name].length > 255) throw new BadRequest('Custom property should not be greater than 255 characters.');
    const problem = validateJson(imageSchema, { [name]: change.value });
    if (problem) throw new BadRequest(`Provided object does not match schema 'image': ${problem}`);
    return change;
  });
}
