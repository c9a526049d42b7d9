// The shared filter parsers: resources, required (forbidden at 1.22, any-of at 1.39), member_of (1.24, 1.32),
// in_tree, each with the values Placement accepts and the ones it refuses.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BadRequest, Microversion } from '@nubo/core';
import { parseInTree, parseMemberOf, parseRequired, parseResources } from './query-params.js';

const v = (text: string) => Microversion.parse(text)!;
const uuid1 = '9323b2b1-82c9-4e91-bdff-e95e808ef954';
const uuid2 = '8592a199-7d73-4465-8df6-ab00a6243c82';

describe('query parameter parsers', () => {
  test('resources', () => {
    assert.deepEqual(
      parseResources('VCPU:2,MEMORY_MB:1024'),
      new Map([
        ['VCPU', 2],
        ['MEMORY_MB', 1024],
      ]),
    );
    for (const bad of ['', ' ', 'VCPU', 'VCPU:1:2', 'VCPU:x', 'VCPU:0', 'VCPU:-1', 'VCPU:1.5']) {
      assert.throws(() => parseResources(bad), BadRequest, bad);
    }
  });

  test('required: plain, forbidden from 1.22, any-of and repeats from 1.39', () => {
    assert.deepEqual(parseRequired(['A,B'], v('1.17')), {
      required: [new Set(['A']), new Set(['B'])],
      forbidden: new Set(),
    });
    assert.throws(() => parseRequired(['A,!B'], v('1.21')), BadRequest);
    assert.deepEqual(parseRequired(['A,!B'], v('1.22')), { required: [new Set(['A'])], forbidden: new Set(['B']) });
    assert.deepEqual(parseRequired(['A', 'B'], v('1.38')).required, [new Set(['B'])], 'before 1.39 the last counts');
    assert.deepEqual(parseRequired(['in:A,B', 'C,!D'], v('1.39')), {
      required: [new Set(['A', 'B']), new Set(['C'])],
      forbidden: new Set(['D']),
    });
    assert.throws(() => parseRequired(['in:A,B'], v('1.38')), /only supported since microversion 1.39/);
    assert.throws(() => parseRequired(['in:A,!B'], v('1.39')), /does not support forbidden traits/);
    assert.throws(() => parseRequired(['in:A,'], v('1.39')), /Got an empty trait/);
    assert.throws(() => parseRequired(['A,,B'], v('1.39')), /Got an empty trait/);
    assert.throws(() => parseRequired(['!'], v('1.39')), /Got an empty trait/);
    assert.deepEqual(parseRequired(['!!A'], v('1.39')).forbidden, new Set(['A']), "upstream's lstrip quirk");
  });

  test('member_of: one uuid, in:, repeats from 1.24, forbidden from 1.32', () => {
    assert.deepEqual(parseMemberOf([uuid1], v('1.3')), { memberOf: [new Set([uuid1])], forbidden: new Set() });
    assert.deepEqual(parseMemberOf([`in:${uuid1},${uuid2}`], v('1.3')).memberOf, [new Set([uuid1, uuid2])]);
    assert.throws(() => parseMemberOf([uuid1, uuid2], v('1.23')), /Multiple member_of parameters are not supported/);
    assert.equal(parseMemberOf([uuid1, uuid2], v('1.24')).memberOf.length, 2);
    assert.throws(() => parseMemberOf([`!${uuid1}`], v('1.31')), /Forbidden member_of parameters/);
    assert.deepEqual(parseMemberOf([`!in:${uuid1},${uuid2}`], v('1.32')).forbidden, new Set([uuid1, uuid2]));
    assert.throws(() => parseMemberOf([`${uuid1},${uuid2}`], v('1.39')), /must be prefixed with the 'in:'/);
    assert.throws(() => parseMemberOf(['in:nope'], v('1.39')), /valid UUID/);
  });

  test('in_tree', () => {
    assert.equal(parseInTree(` ${uuid1} `), uuid1);
    assert.equal(parseInTree(uuid1.replaceAll('-', '')), uuid1.replaceAll('-', ''));
    assert.throws(() => parseInTree('nope'), /Expected 'in_tree' parameter to be a format of uuid/);
  });
});
