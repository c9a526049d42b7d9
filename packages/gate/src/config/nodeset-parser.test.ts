// Table-driven tests of the nodeset parser: Zuul's documented examples and bad input with positions.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Tenant } from '../model/tenant.js';
import { nodesetParser } from './nodeset-parser.js';
import { parseItem, testTenantView, yaml } from './test-helpers.js';

describe('nodesetParser', () => {
  it("reads the documentation's nodeset1 (a node with two names, groups)", () => {
    const { value, errors } = parseItem(
      nodesetParser,
      yaml`
      - nodeset:
          name: nodeset1
          nodes:
            - name: controller
              label: controller-label
            - name: compute1
              label: compute-label
            - name:
                - compute2
                - web
              label: compute-label
          groups:
            - name: ceph-osd
              nodes:
                - controller
            - name: ceph-monitor
              nodes:
                - controller
                - compute1
                - compute2
            - name: ceph-web
              nodes:
                - web
    `,
    );
    assert.deepEqual(errors, []);
    assert.deepEqual(value?.nodes, [
      { name: ['controller'], label: 'controller-label' },
      { name: ['compute1'], label: 'compute-label' },
      { name: ['compute2', 'web'], label: 'compute-label' },
    ]);
    assert.deepEqual(
      value?.groups.map((g) => [g.name, g.nodes]),
      [
        ['ceph-osd', ['controller']],
        ['ceph-monitor', ['controller', 'compute1', 'compute2']],
        ['ceph-web', ['web']],
      ],
    );
    assert.deepEqual(value?.alternatives, []);
  });

  it("reads the documentation's alternatives (fast-or-slow), names and inline nodesets mixed", () => {
    const { value, errors } = parseItem(
      nodesetParser,
      yaml`
      - nodeset:
          name: fast-or-slow
          alternatives:
            - fast-nodeset
            - nodes:
                - label: slow-label
                  name: controller
    `,
    );
    assert.deepEqual(errors, []);
    assert.ok(value);
    assert.equal(value.alternatives[0], 'fast-nodeset');
    assert.deepEqual((value.alternatives[1] as { nodes: unknown }).nodes, [
      { name: ['controller'], label: 'slow-label' },
    ]);
    assert.deepEqual(value?.nodes, []);
  });

  const bad: [string, string, string[]][] = [
    ['a missing name', '- nodeset:\n    nodes: []\n', ["zuul.yaml:2:5: nodeset: missing required attribute 'name'"]],
    [
      'a node without label and an unknown attribute',
      '- nodeset:\n    name: n\n    nodes:\n      - name: a\n    labels: x\n',
      [
        "zuul.yaml:4:9: nodeset 'n': missing required attribute 'nodes.label'",
        "zuul.yaml:5:5: nodeset 'n': unknown attribute 'labels'",
      ],
    ],
    [
      'duplicate node names and a localhost node',
      '- nodeset:\n    name: n\n    nodes:\n      - {name: a, label: l}\n      - {name: [a, localhost], label: l}\n',
      [
        "zuul.yaml:5:9: nodeset 'n': duplicate node name 'a'",
        "zuul.yaml:5:9: nodeset 'n': nodes named 'localhost' are not allowed",
      ],
    ],
    [
      'a duplicate group and a group naming an unknown node',
      '- nodeset:\n    name: n\n    nodes: [{name: a, label: l}]\n    groups:\n      - {name: g, nodes: [a]}\n      - {name: g, nodes: [z]}\n',
      [
        "zuul.yaml:6:9: nodeset 'n': duplicate group name 'g'",
        "zuul.yaml:6:9: nodeset 'n': group 'g' names node 'z', which is not in the nodeset",
      ],
    ],
    [
      'alternatives mixed with nodes',
      '- nodeset:\n    name: n\n    nodes: []\n    alternatives: [a]\n',
      ["zuul.yaml:3:5: nodeset 'n': unknown attribute 'nodes'"],
    ],
  ];
  for (const [what, text, expected] of bad) {
    it(`reports ${what}`, () => {
      const { value, errors } = parseItem(nodesetParser, text);
      assert.equal(value, undefined);
      assert.deepEqual(errors, expected);
    });
  }

  it("refuses labels outside the tenant's allowed-labels", () => {
    const view = testTenantView({ 'org/project': ['master'] });
    const tenant: Tenant = { ...view.tenant, allowedLabels: [{ regex: 'ubuntu-.*', negate: false }] };
    const { errors } = parseItem(
      nodesetParser,
      '- nodeset:\n    name: n\n    nodes: [{name: a, label: centos-9}]\n',
      {},
      { ...view, tenant },
    );
    assert.deepEqual(errors, ["zuul.yaml:3:13: nodeset 'n': label 'centos-9' is not allowed in this tenant"]);
  });
});
