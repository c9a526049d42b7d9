// Tests of the YAML loader: positions everywhere, anchors and merge keys, block scalars, tags, and errors.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ConfigError } from '../model/config-error.js';
import { formatConfigError } from '../model/config-error.js';
import { yaml } from './test-helpers.js';
import { loadYaml } from './yaml-loader.js';
import type { YamlMapNode, YamlNode, YamlSeqNode } from './yaml-node.js';

function load(text: string) {
  const errors: ConfigError[] = [];
  const root = loadYaml(text, '.zuul.yaml', errors, { project: 'org/p', branch: 'master' });
  return { root, errors: errors.map(formatConfigError), raw: errors };
}

const get = (node: YamlNode | null | undefined, key: string): YamlNode => {
  assert.equal(node?.kind, 'map');
  const entry = (node as YamlMapNode).entries.find((e) => e.key === key);
  assert.ok(entry, `no key ${key}`);
  return entry.value;
};
const at = (node: YamlNode, i: number): YamlNode => (node as YamlSeqNode).items[i]!;

describe('loadYaml', () => {
  it('keeps file, line and column (1-based) for every node and key', () => {
    const { root, errors } = load(yaml`
      - job:
          name: unit
          vars:
            answer: 42
    `);
    assert.deepEqual(errors, []);
    const job = at(root!, 0);
    assert.deepEqual(job.pos, { file: '.zuul.yaml', line: 1, column: 3 });
    const body = get(job, 'job') as YamlMapNode;
    assert.deepEqual(body.entries[1]!.keyPos, { file: '.zuul.yaml', line: 3, column: 5 });
    assert.deepEqual(get(get(body, 'vars'), 'answer'), {
      kind: 'scalar',
      value: 42,
      tag: null,
      pos: { file: '.zuul.yaml', line: 4, column: 15 },
    });
  });

  it('resolves aliases to the anchored node, keeping the anchor positions', () => {
    const { root } = load(yaml`
      - job:
          irrelevant-files: &docs
            - ^doc/.*$
      - job:
          irrelevant-files: *docs
    `);
    const first = get(get(at(root!, 0), 'job'), 'irrelevant-files');
    const second = get(get(at(root!, 1), 'job'), 'irrelevant-files');
    assert.equal(second, first);
    assert.equal((at(second, 0) as { value: unknown }).value, '^doc/.*$');
    assert.equal(at(second, 0).pos.line, 3);
  });

  it('expands merge keys (<<) with the mapping’s own keys winning', () => {
    const { root, errors } = load(yaml`
      - base: &base
          a: 1
          b: 2
      - child:
          <<: *base
          b: 3
    `);
    assert.deepEqual(errors, []);
    const child = get(at(root!, 1), 'child') as YamlMapNode;
    assert.deepEqual(
      child.entries.map((e) => [e.key, (e.value as { value: unknown }).value]),
      [
        ['a', 1],
        ['b', 3],
      ],
    );
  });

  it('keeps block scalars and Jinja expressions verbatim', () => {
    const { root } = load(yaml`
      - job:
          description: |
            Runs {{ tox_envlist }}.
            Second line.
          folded: >
            one
            two
          jinja: "{{ zuul.project.src_dir }}"
    `);
    const job = get(at(root!, 0), 'job');
    assert.equal((get(job, 'description') as { value: unknown }).value, 'Runs {{ tox_envlist }}.\nSecond line.\n');
    assert.equal((get(job, 'folded') as { value: unknown }).value, 'one two\n');
    assert.equal((get(job, 'jinja') as { value: unknown }).value, '{{ zuul.project.src_dir }}');
  });

  it("reads YAML 1.1 scalars as PyYAML does (Zuul's loader)", () => {
    const { root } = load('- {a: yes, b: off, c: True, d: 0o7, e: ~, f: 1.5}\n');
    const map = at(root!, 0) as YamlMapNode;
    assert.deepEqual(
      map.entries.map((e) => (e.value as { value: unknown }).value),
      [true, false, true, '0o7', null, 1.5],
    );
  });

  it('keeps the tags of Zuul and Ansible on the node', () => {
    const { root, errors } = load(yaml`
      - secret:
          data:
            password: !encrypted/pkcs1-oaep |
              BFhtdnm8uXx7kn79
            chunks: !encrypted/pkcs1-oaep
              - abcd
              - efgh
            raw: !unsafe "{{ not templated }}"
            tags: !override [a]
            vars: !inherit {a: 1}
    `);
    assert.deepEqual(errors, []);
    const data = get(get(at(root!, 0), 'secret'), 'data');
    assert.deepEqual(
      (data as YamlMapNode).entries.map((e) => [e.key, e.value.kind, e.value.tag]),
      [
        ['password', 'scalar', '!encrypted/pkcs1-oaep'],
        ['chunks', 'seq', '!encrypted/pkcs1-oaep'],
        ['raw', 'scalar', '!unsafe'],
        ['tags', 'seq', '!override'],
        ['vars', 'map', '!inherit'],
      ],
    );
  });

  const bad: [string, string, string[]][] = [
    ['a syntax error', '- job:\n    name: [unclosed\n', ['.zuul.yaml:3:1: YAML syntax error: ']],
    [
      'a duplicate key',
      '- job:\n    name: a\n    name: b\n',
      ['.zuul.yaml:3:5: YAML syntax error: Map keys must be unique'],
    ],
    ['an unknown tag', '- job:\n    name: !foo bar\n', [".zuul.yaml:2:16: unknown YAML tag '!foo'"]],
    ['an unquoted Jinja key', '- job:\n    {{ x }}: 1\n', ['.zuul.yaml:2:5: mapping keys must be scalars']],
    ['a recursive alias', '- &a [*a]\n', ['.zuul.yaml:1:6: YAML alias refers to a node containing it']],
    ['two documents', '- a\n---\n- b\n', ['.zuul.yaml:2:1: YAML syntax error: ']],
  ];
  for (const [what, text, expected] of bad) {
    it(`reports ${what} with its position and yields no tree`, () => {
      const { root, errors, raw } = load(text);
      assert.equal(root, null);
      assert.equal(errors.length, expected.length, errors.join('\n'));
      for (const [i, e] of errors.entries())
        assert.ok(e.startsWith(expected[i]!), `${e} does not start with ${expected[i]}`);
      assert.ok(raw.every((e) => e.project === 'org/p' && e.branch === 'master' && e.severity === 'error'));
    });
  }

  it('treats an empty file as no configuration', () => {
    assert.deepEqual(load('# nothing here\n'), { root: null, errors: [], raw: [] });
  });
});
