// Table-driven tests of the small parsers: semaphore, queue, secret and pragma.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EncryptedValue } from '../model/encrypted-value.js';
import { UnsafeValue } from '../model/unsafe-value.js';
import type { ConfigParser } from './config-parser.js';
import { pragmaParser } from './pragma-parser.js';
import { queueParser } from './queue-parser.js';
import { secretParser } from './secret-parser.js';
import { semaphoreParser } from './semaphore-parser.js';
import { parseItem, yaml } from './test-helpers.js';

type Case = { what: string; parser: ConfigParser<object>; text: string; value?: object; errors?: string[] };

const pos = { file: 'zuul.yaml', line: 1, column: 3 };
const cases: Case[] = [
  {
    what: "the documentation's semaphore",
    parser: semaphoreParser,
    text: '- semaphore:\n    name: semaphore-foo\n    max: 5\n',
    value: { name: 'semaphore-foo', max: 5 },
  },
  {
    what: 'a semaphore with the default max',
    parser: semaphoreParser,
    text: '- semaphore:\n    name: s\n',
    value: { name: 's', max: 1 },
  },
  {
    what: 'a semaphore with a string max',
    parser: semaphoreParser,
    text: '- semaphore:\n    name: s\n    max: many\n',
    errors: ["zuul.yaml:3:10: semaphore 's': 'max' must be an integer, not a string"],
  },
  {
    what: "the documentation's queue",
    parser: queueParser,
    text: '- queue:\n    name: integrated\n    per-branch: false\n',
    value: { name: 'integrated', perBranch: false, allowCircularDependencies: false, dependenciesByTopic: false },
  },
  {
    what: 'a queue with topic dependencies but no circular dependencies',
    parser: queueParser,
    text: '- queue:\n    name: q\n    dependencies-by-topic: true\n',
    errors: ["zuul.yaml:1:3: queue 'q': 'dependencies-by-topic' requires 'allow-circular-dependencies'"],
  },
  {
    what: 'a queue with an unknown attribute',
    parser: queueParser,
    text: '- queue:\n    name: q\n    window: 3\n',
    errors: ["zuul.yaml:3:5: queue 'q': unknown attribute 'window'"],
  },
  {
    what: 'a secret without data',
    parser: secretParser,
    text: '- secret:\n    name: s\n',
    errors: ["zuul.yaml:2:5: secret 's': missing required attribute 'data'"],
  },
  {
    what: 'a secret with ciphertext that is not base64',
    parser: secretParser,
    text: '- secret:\n    name: s\n    data:\n      key: !encrypted/pkcs1-oaep not*base64\n',
    errors: ["zuul.yaml:4:34: secret 's': 'data.key' is not valid base64 ciphertext"],
  },
  {
    what: 'a pragma',
    parser: pragmaParser,
    text: '- pragma:\n    implied-branch-matchers: False\n',
    value: { impliedBranchMatchers: false, impliedBranches: null },
  },
  {
    what: 'a pragma with an unknown directive',
    parser: pragmaParser,
    text: '- pragma:\n    implied-branch: [a]\n',
    errors: ["zuul.yaml:2:5: pragma: unknown attribute 'implied-branch'"],
  },
];

describe('semaphore, queue, secret and pragma parsers', () => {
  for (const c of cases) {
    it(`reads ${c.what}`, () => {
      const { value, errors } = parseItem(c.parser, c.text);
      assert.deepEqual(errors, c.errors ?? []);
      if (c.value) {
        const { source: _s, pos: p, ...rest } = value as { source?: unknown; pos: unknown };
        assert.deepEqual(rest, c.value);
        assert.deepEqual(p, pos);
      } else assert.equal(value, undefined);
    });
  }

  it("keeps a secret's encrypted values (scalar and chunked) and unsafe strings as value objects", () => {
    const { value, errors } = parseItem(
      secretParser,
      yaml`
      - secret:
          name: test_secret
          data:
            username: zuul
            password: !encrypted/pkcs1-oaep |
              CzBVep/E6Q4zWH2ix+wRNluApcrvFDleg6jN8hc8YYar0PUaP2SJrtP4HUJnjLHW+yBFao+0
              2f4jSG2St9wBJg==
            long: !encrypted/pkcs1-oaep
              - er1UXNOD3OqtsRJaP0Wvaqiqx0ZY2zzRt6V9vqIsRaz1R5C4/AEtIad/DERZHwk3Nk+KV
                w==
              - HdWDS9lCBaBJnhMsm/O9tpzCq+GKRELpRzUwVgU5k822uBwhZemeSrUOLQ8hQ7q/vVHln
                Q==
            template: !unsafe "{{ lookup('env', 'HOME') }}"
    `,
    );
    assert.deepEqual(errors, []);
    const data = value!.data;
    assert.equal(data.username, 'zuul');
    assert.ok(data.password instanceof EncryptedValue);
    assert.deepEqual(data.password.ciphertext, [
      'CzBVep/E6Q4zWH2ix+wRNluApcrvFDleg6jN8hc8YYar0PUaP2SJrtP4HUJnjLHW+yBFao+02f4jSG2St9wBJg==',
    ]);
    assert.ok(data.long instanceof EncryptedValue);
    assert.equal(data.long.ciphertext.length, 2);
    assert.deepEqual(data.template, new UnsafeValue("{{ lookup('env', 'HOME') }}"));
  });
});
