// Footers, the Change-Id checks in Gerrit's words, and Depends-On.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { changeIdOf, dependsOnOf, parseFooters } from './commit-message.js';

const ID = 'I0123456789abcdef0123456789abcdef01234567';

describe('commit message footers', () => {
  test("footers are the last paragraph's Key: value lines, with continuations", () => {
    assert.deepEqual(parseFooters(`Subject\n\nBody text: not a footer\n\nSigned-off-by: A <a@x>\nChange-Id: ${ID}\n`), [
      { key: 'Signed-off-by', value: 'A <a@x>' },
      { key: 'Change-Id', value: ID },
    ]);
    assert.deepEqual(parseFooters('Subject\n\nBug: 1\n  continued'), [{ key: 'Bug', value: '1 continued' }]);
    assert.deepEqual(parseFooters(`Change-Id: ${ID}`), [], 'a message of one paragraph has no footer');
  });

  test('the Change-Id, or the problem Gerrit names', () => {
    assert.deepEqual(changeIdOf(`Fix\n\nChange-Id: ${ID}\n`), { changeId: ID });
    assert.deepEqual(changeIdOf('Fix\n'), { problem: 'missing Change-Id in message footer' });
    assert.deepEqual(changeIdOf(`Change-Id: ${ID}\n`), {
      problem: 'missing subject; Change-Id must be in message footer',
    });
    assert.deepEqual(changeIdOf(`Fix\n\nChange-Id: ${ID}\n\nMore text\n`), {
      problem: 'Change-Id must be in message footer',
    });
    assert.deepEqual(changeIdOf(`Fix\n\nChange-Id: ${ID}\nChange-Id: ${ID}\n`), {
      problem: 'multiple Change-Id lines in message footer',
    });
    assert.deepEqual(changeIdOf('Fix\n\nChange-Id: Ixyz\n'), {
      problem: 'invalid Change-Id line format in message footer',
    });
    assert.deepEqual(changeIdOf(`Fix\n\nChange-Id: I${'0'.repeat(40)}\n`), {
      problem: 'invalid Change-Id line format in message footer',
    });
  });

  test('Depends-On lines anywhere, any case, each once', () => {
    const message = `Fix\n\ndepends-on: https://r.example/c/a/+/1\nDepends-On: ${ID}\nDepends-On: ${ID}\n`;
    assert.deepEqual(dependsOnOf(message), ['https://r.example/c/a/+/1', ID]);
    assert.deepEqual(dependsOnOf('Fix\n'), []);
  });
});
