import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { HttpError } from '../errors.js';
import { Microversion, microversionHeaders, negotiateMicroversion } from './microversion.js';

const range = { service: 'compute', min: '2.1', max: '2.96', legacyHeader: 'x-openstack-nova-api-version' };

test('absent means the minimum, latest the maximum', () => {
  assert.equal(String(negotiateMicroversion({}, range)), '2.1');
  assert.equal(String(negotiateMicroversion({ 'openstack-api-version': 'compute latest' }, range)), '2.96');
});

test('the service-named header wins; other services in it are ignored; the legacy header is read', () => {
  assert.equal(
    String(negotiateMicroversion({ 'openstack-api-version': 'placement 1.3, compute 2.47' }, range)),
    '2.47',
  );
  assert.equal(String(negotiateMicroversion({ 'x-openstack-nova-api-version': '2.60' }, range)), '2.60');
  assert.equal(
    String(
      negotiateMicroversion({ 'openstack-api-version': 'compute 2.10', 'x-openstack-nova-api-version': '2.60' }, range),
    ),
    '2.10',
  );
});

test('malformed is 400, out of range is 406', () => {
  const status = (headers: Record<string, string>) => {
    try {
      negotiateMicroversion(headers, range);
      return 200;
    } catch (err) {
      return (err as HttpError).status;
    }
  };
  assert.equal(status({ 'openstack-api-version': 'compute two' }), 400);
  assert.equal(status({ 'openstack-api-version': 'compute 2.97' }), 406);
  assert.equal(status({ 'openstack-api-version': 'compute 1.9' }), 406);
});

test('comparisons and response headers', () => {
  const v = Microversion.parse('2.47')!;
  assert.ok(v.atLeast('2.47') && v.atLeast('2.9') && !v.atLeast('2.48'));
  assert.deepEqual(microversionHeaders(v, range)['openstack-api-version'], 'compute 2.47');
});
