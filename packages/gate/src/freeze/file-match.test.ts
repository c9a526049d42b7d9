// Table-driven tests of Zuul's file matchers and of variable deep-merging.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EncryptedValue } from '../model/encrypted-value.js';
import { deepMerge } from './deep-merge.js';
import { matchesFiles } from './file-match.js';

const re = (regex: string, negate = false) => ({ regex, negate });

describe('matchesFiles', () => {
  const cases: [string, string[] | undefined, string[], string[], boolean][] = [
    ['no matchers', ['a.py'], [], [], true],
    ['files: one file matches', ['doc/a.rst', 'src/b.py'], ['^src/.*$'], [], true],
    ['files: none matches', ['doc/a.rst'], ['^src/.*$'], [], false],
    ['files: matched from the start only (implicit ^)', ['lib/src/x.py'], ['src/.*'], [], false],
    ['files: .* prefix to match anywhere', ['lib/src/x.py'], ['.*src/.*'], [], true],
    ['irrelevant: all files irrelevant', ['doc/a.rst', 'README.rst'], [], ['^doc/.*$', '^.*\\.rst$'], false],
    ['irrelevant: one relevant file', ['doc/a.rst', 'src/b.py'], [], ['^doc/.*$'], true],
    ['both: relevant and not all irrelevant', ['src/a.py'], ['^src/.*$'], ['^doc/.*$'], true],
    ['both: relevant but all irrelevant', ['src/a.py'], ['^src/.*$'], ['^src/.*$'], false],
    ['/COMMIT_MSG is ignored', ['/COMMIT_MSG', 'doc/a.rst'], [], ['^doc/.*$'], false],
    ['only /COMMIT_MSG: no files, the job runs', ['/COMMIT_MSG'], ['^src/.*$'], [], true],
    ['no file list: the job runs', undefined, ['^src/.*$'], ['^.*$'], true],
    ['an empty file list: the job runs', [], ['^src/.*$'], [], true],
  ];
  for (const [what, files, relevant, irrelevant, expected] of cases) {
    it(what, () =>
      assert.equal(
        matchesFiles(
          files,
          relevant.map((r) => re(r)),
          irrelevant.map((r) => re(r)),
        ),
        expected,
      ),
    );
  }

  it('honours negated regexes', () => {
    assert.equal(matchesFiles(['src/a.py'], [re('^doc/.*$', true)], []), true);
    assert.equal(matchesFiles(['doc/a.rst'], [re('^doc/.*$', true)], []), false);
  });
});

describe('deepMerge', () => {
  it("merges mappings recursively and replaces leaves, lists and tagged values (Zuul's _deepUpdate)", () => {
    const secret = new EncryptedValue(['YWJj']);
    assert.deepEqual(
      deepMerge(
        { a: { b: 1, c: { d: 2 } }, list: [1], keep: true, s: { x: 1 } },
        { a: { c: { e: 3 } }, list: [2], s: secret, n: null },
      ),
      { keep: true, a: { b: 1, c: { d: 2, e: 3 } }, list: [2], s: secret, n: null },
    );
  });

  it('changes neither input', () => {
    const a = { x: { y: 1 } };
    const b = { x: { z: 2 } };
    deepMerge(a, b);
    assert.deepEqual(a, { x: { y: 1 } });
    assert.deepEqual(b, { x: { z: 2 } });
  });
});
