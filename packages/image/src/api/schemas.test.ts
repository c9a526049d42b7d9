// /v2/schemas/*: the documents clients fetch, and the image schema as the validator of bodies.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Harness, startHarness } from '../../test/harness.js';
import { imageSchema } from './schemas/image.js';
import { pyRepr, validateJson } from './schemas/json-schema.js';

describe('image schemas', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(() => h.close());

  it('serves the image schema as Glance does: base and shipped custom properties, string extras, links', async () => {
    const r = await h.call('alice', 'GET', '/v2/schemas/image');
    assert.equal(r.statusCode, 200);
    const schema = r.data as Record<string, any>;
    assert.equal(schema.name, 'image');
    assert.deepEqual(schema.additionalProperties, { type: 'string' });
    assert.deepEqual(schema.links, [
      { rel: 'self', href: '{self}' },
      { rel: 'enclosure', href: '{file}' },
      { rel: 'describedby', href: '{schema}' },
    ]);
    for (const key of ['id', 'name', 'status', 'visibility', 'protected', 'os_hidden', 'checksum', 'owner', 'size']) {
      assert.ok(key in schema.properties, key);
    }
    assert.deepEqual(schema.properties.disk_format.enum, [
      null,
      ...['ami', 'ari', 'aki', 'vhd', 'vhdx', 'vmdk', 'raw', 'qcow2', 'vdi', 'iso', 'ploop'],
    ]);
    assert.equal(schema.properties.kernel_id.is_base, false);
    assert.equal(schema.properties.name.is_base, undefined);
  });

  it('serves the images, member and members schemas', async () => {
    const images = (await h.call('alice', 'GET', '/v2/schemas/images')).data as Record<string, any>;
    assert.equal(images.name, 'images');
    assert.equal(images.properties.images.items.name, 'image');
    assert.deepEqual(Object.keys(images.properties), ['images', 'first', 'next', 'schema']);
    const member = (await h.call('alice', 'GET', '/v2/schemas/member')).data as Record<string, any>;
    assert.deepEqual(member.properties.status.enum, ['pending', 'accepted', 'rejected']);
    const members = (await h.call('alice', 'GET', '/v2/schemas/members')).data as Record<string, any>;
    assert.equal(members.properties.members.items.name, 'member');
  });

  it('needs a token', async () => {
    assert.equal((await h.call(null, 'GET', '/v2/schemas/image')).statusCode, 401);
  });

  it("words validation errors as Python's jsonschema does", () => {
    assert.equal(
      validateJson(imageSchema, { name: 5 }),
      "5 is not of type 'null', 'string'\n\nFailed validating 'type' in schema['properties']['name']:\n" +
        "    {'type': ['null', 'string'], 'description': 'Descriptive name for the image', 'maxLength': 255}\n\n" +
        "On instance['name']:\n    5",
    );
    assert.match(
      String(validateJson(imageSchema, { tags: ['a', 7] })),
      /^7 is not of type 'string'[\s\S]*instance\['tags'\]\[1\]/,
    );
    assert.equal(validateJson(imageSchema, { name: 'ok', extra: 'fine', tags: [] }), undefined);
    assert.equal(pyRepr({ a: [true, null, "it's"] }), `{'a': [True, None, "it's"]}`);
  });
});
