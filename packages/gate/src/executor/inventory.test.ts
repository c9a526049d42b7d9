// The inventory's shape (Zuul's), and how config values reach Ansible: `!unsafe` kept tagged, secrets left out.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EncryptedValue } from '../model/encrypted-value.js';
import { UnsafeValue } from '../model/unsafe-value.js';
import { frozenJob } from './executor-test-helpers.js';
import { buildInventory, yamlText } from './inventory.js';
import { consoleTimestamp } from './job-output.js';

describe('inventory', () => {
  it('writes !unsafe values with their tag and leaves encrypted values out', () => {
    const text = yamlText({
      plain: '{{ templated }}',
      raw: new UnsafeValue('{{ kept }}'),
      secret: new EncryptedValue(['AAAA']),
      list: [1, new EncryptedValue(['BBBB']), new UnsafeValue('{% x %}')],
    });
    assert.equal(text, 'plain: "{{ templated }}"\nraw: !unsafe "{{ kept }}"\nlist:\n  - 1\n  - !unsafe "{% x %}"\n');
  });

  it('puts nodes, nodepool facts, host-vars, groups with group-vars and zuul vars where Zuul puts them', () => {
    const job = frozenJob({
      vars: { a: 1 },
      hostVars: { web: { port: 80 } },
      groupVars: { front: { tier: 'front' } },
    });
    const inventory = buildInventory({
      job,
      zuul: { build: 'b1' },
      allocation: {
        id: 'alloc-1',
        provider: 'cloud',
        groups: [{ name: 'front', nodes: ['web'] }],
        nodes: [
          {
            name: 'web',
            label: 'debian',
            connection: 'ssh',
            host: '192.0.2.10',
            port: 2222,
            username: 'zuul',
            privateKeyPath: '/keys/id',
            workdir: null,
            hostVars: { ansible_python_interpreter: 'auto' },
          },
        ],
      },
    });
    assert.deepEqual(inventory, {
      all: {
        hosts: {
          web: {
            ansible_connection: 'ssh',
            ansible_host: '192.0.2.10',
            ansible_port: 2222,
            ansible_user: 'zuul',
            ansible_ssh_private_key_file: '/keys/id',
            nodepool: {
              label: 'debian',
              provider: 'cloud',
              host_id: 'alloc-1',
              interface_ip: '192.0.2.10',
              workdir: null,
            },
            ansible_python_interpreter: 'auto',
            port: 80,
          },
        },
        children: { front: { hosts: { web: null }, vars: { tier: 'front' } } },
        vars: { a: 1, zuul: { build: 'b1' } },
      },
    });
  });

  it('stamps console lines as Zuul does (UTC, microseconds)', () => {
    assert.equal(consoleTimestamp(new Date(Date.UTC(2024, 4, 1, 12, 3, 4, 56))), '2024-05-01 12:03:04.056000');
  });
});
