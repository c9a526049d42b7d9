// Nova's extra_specs_ops semantics, case by case (nova/tests/unit/scheduler/filters/test_extra_specs_ops.py).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { matchExtraSpec } from './extra-specs-ops.js';

test('no operator is string equality', () => {
  assert.equal(matchExtraSpec('ssd', 'ssd'), true);
  assert.equal(matchExtraSpec('hdd', 'ssd'), false);
});

test('numeric operators compare as numbers; "=" means at least', () => {
  assert.equal(matchExtraSpec('12', '= 11'), true);
  assert.equal(matchExtraSpec('10', '= 11'), false);
  assert.equal(matchExtraSpec('11', '== 11'), true);
  assert.equal(matchExtraSpec('12', '!= 11'), true);
  assert.equal(matchExtraSpec('12', '>= 12'), true);
  assert.equal(matchExtraSpec('13', '<= 12'), false);
  assert.equal(matchExtraSpec('abc', '>= 1'), false);
});

test('string operators, <in>, <all-in> and <or>', () => {
  assert.equal(matchExtraSpec('abc', 's== abc'), true);
  assert.equal(matchExtraSpec('abc', 's!= abc'), false);
  assert.equal(matchExtraSpec('b', 's> a'), true);
  assert.equal(matchExtraSpec('fast ssd disk', '<in> ssd'), true);
  assert.equal(matchExtraSpec('fast ssd disk', '<all-in> ssd fast'), true);
  assert.equal(matchExtraSpec('fast ssd disk', '<all-in> ssd nvme'), false);
  assert.equal(matchExtraSpec('v2', '<or> v1 <or> v2 <or> v3'), true);
  assert.equal(matchExtraSpec('v4', '<or> v1 <or> v2'), false);
  assert.equal(matchExtraSpec(undefined, '<in> x'), false);
});
