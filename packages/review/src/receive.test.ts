// Magic refs and upload options.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseMagicRef, parseUploadOptions } from './receive.js';

describe('pushes for review', () => {
  test('refs/for/<branch>%options', () => {
    assert.deepEqual(parseMagicRef('refs/for/master'), { branch: 'master', options: [] });
    assert.deepEqual(parseMagicRef('refs/for/refs/heads/stable/1.0%topic=x,wip'), {
      branch: 'stable/1.0',
      options: ['topic=x', 'wip'],
    });
    assert.equal(parseMagicRef('refs/heads/master'), undefined);
  });

  test('upload options: topic, message (with _ and %XX), wip and ready; unknown ones refused', () => {
    assert.deepEqual(parseUploadOptions(['topic=feature', 'm=Hello_world%21', 'wip']), {
      topic: 'feature',
      message: 'Hello world!',
      workInProgress: true,
    });
    assert.deepEqual(parseUploadOptions(['ready', 'r=alice', 'notify=NONE']), { workInProgress: false });
    assert.throws(() => parseUploadOptions(['bogus']), /"--bogus" is not a valid option/);
  });
});
