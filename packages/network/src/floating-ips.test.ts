// Floating IPs on a real database: allocation from the external subnet, association only through a router with a
// gateway on that network (else ExternalGatewayForFloatingIPNotFound), the checks on the port and fixed IP, the
// interface a floating IP needs, disassociation, exhaustion, quotas and cross-project refusal.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testBackends } from '@nubo/core/testing';
import { selectPort } from './db/ports.js';
import { inTransaction } from './db/transaction.js';
import {
  createFloatingIp,
  deleteFloatingIp,
  disassociateFloatingIpsOfPort,
  getFloatingIp,
  listFloatingIps,
  setFloatingIpStatus,
  updateFloatingIp,
} from './floating-ips.js';
import {
  callerOf,
  externalNetwork,
  type L3TestContext,
  l3TestContext,
  projectNetwork,
  vmPort,
} from './l3-test-context.js';
import { createNetwork } from './networks.js';
import { setLimits } from './quotas.js';
import { addRouterInterface, removeRouterInterface } from './router-interfaces.js';
import { createRouter, updateRouter } from './routers.js';
import { createSubnet } from './subnets.js';

const alice = callerOf('project-a');
const bob = callerOf('project-b');

for (const backend of testBackends()) {
  describe(`floating IPs (${backend.name})`, () => {
    let t: L3TestContext;
    let ext: Awaited<ReturnType<typeof externalNetwork>>;
    before(async () => {
      t = await l3TestContext(backend);
      ext = await externalNetwork(t.ctx);
    });
    after(async () => t.drop());

    test('allocation takes an address of the external subnet on a network:floatingip port', async () => {
      const fip = await createFloatingIp(t.ctx, alice, { floating_network_id: ext.network.id });
      assert.match(fip.floating_ip_address, /^203\.0\.113\.\d+$/);
      assert.equal(fip.status, 'DOWN');
      assert.deepEqual([fip.port_id, fip.fixed_ip_address, fip.router_id], [null, null, null]);
      const holder = await selectPort(t.ctx.db, fip.floating_port_id);
      assert.equal(holder?.device_owner, 'network:floatingip');
      assert.equal(holder?.device_id, fip.id);
      await deleteFloatingIp(t.ctx, alice, fip.id);
      assert.equal(await selectPort(t.ctx.db, fip.floating_port_id), undefined, 'the address is released');
    });

    test('only external networks with an IPv4 subnet; the address is an admin choice', async () => {
      const { network } = await projectNetwork(t.ctx, alice, '10.8.0.0/24');
      await assert.rejects(createFloatingIp(t.ctx, alice, { floating_network_id: network.id }), {
        type: 'BadRequest',
        status: 400,
        message: `Bad floatingip request: Network ${network.id} is not a valid external network.`,
      });
      await assert.rejects(
        createFloatingIp(t.ctx, alice, { floating_network_id: ext.network.id, floating_ip_address: '203.0.113.50' }),
        { type: 'PolicyNotAuthorized', status: 403 },
      );
      const admin = callerOf('admin-project', true);
      const chosen = await createFloatingIp(t.ctx, admin, {
        floating_network_id: ext.network.id,
        floating_ip_address: '203.0.113.50',
      });
      assert.equal(chosen.floating_ip_address, '203.0.113.50');
      await assert.rejects(
        createFloatingIp(t.ctx, admin, { floating_network_id: ext.network.id, floating_ip_address: '203.0.113.50' }),
        { type: 'IpAddressAlreadyAllocated', status: 409 },
      );
    });

    test('association needs a router from the port’s subnet with its gateway on the network', async () => {
      const { network, subnet } = await projectNetwork(t.ctx, alice, '10.1.0.0/24');
      const { port, ip } = await vmPort(t.ctx, alice, network, subnet);
      const fip = await createFloatingIp(t.ctx, alice, { floating_network_id: ext.network.id });
      const unreachable = {
        type: 'ExternalGatewayForFloatingIPNotFound',
        status: 404,
        message: `External network ${ext.network.id} is not reachable from subnet ${subnet.id}.  Therefore, cannot associate Port ${port.id} with a Floating IP.`,
      };
      await assert.rejects(updateFloatingIp(t.ctx, alice, fip.id, { port_id: port.id }), unreachable);
      const router = await createRouter(t.ctx, alice, { name: 'r' });
      await addRouterInterface(t.ctx, alice, router.row.id, { subnet_id: subnet.id });
      await assert.rejects(updateFloatingIp(t.ctx, alice, fip.id, { port_id: port.id }), unreachable);
      await updateRouter(t.ctx, alice, router.row.id, { external_gateway_info: { network_id: ext.network.id } });
      const bound = await updateFloatingIp(t.ctx, alice, fip.id, { port_id: port.id });
      assert.deepEqual([bound.port_id, bound.fixed_ip_address, bound.router_id], [port.id, ip, router.row.id]);
      assert.equal(bound.revision_number, fip.revision_number + 1);

      const second = await createFloatingIp(t.ctx, alice, { floating_network_id: ext.network.id });
      await assert.rejects(updateFloatingIp(t.ctx, alice, second.id, { port_id: port.id }), {
        type: 'FloatingIPPortAlreadyAssociated',
        status: 409,
      });
      await assert.rejects(
        updateFloatingIp(t.ctx, alice, second.id, { port_id: port.id, fixed_ip_address: '10.1.0.77' }),
        {
          type: 'BadRequest',
          message: `Bad floatingip request: Port ${port.id} does not have fixed ip 10.1.0.77.`,
        },
      );
      await assert.rejects(updateFloatingIp(t.ctx, alice, second.id, { port_id: null, fixed_ip_address: ip }), {
        message: 'Bad floatingip request: fixed_ip_address cannot be specified without a port_id.',
      });

      await assert.rejects(removeRouterInterface(t.ctx, alice, router.row.id, { subnet_id: subnet.id }), {
        type: 'RouterInterfaceInUseByFloatingIP',
        status: 409,
        message: `Router interface for subnet ${subnet.id} on router ${router.row.id} cannot be deleted, as it is required by one or more floating IPs.`,
      });
      await assert.rejects(updateRouter(t.ctx, alice, router.row.id, { external_gateway_info: null }), {
        type: 'RouterExternalGatewayInUseByFloatingIp',
        status: 409,
      });

      await setFloatingIpStatus(t.ctx, fip.id, 'ACTIVE');
      assert.equal((await getFloatingIp(t.ctx, alice, fip.id)).status, 'ACTIVE');
      const kept = await updateFloatingIp(t.ctx, alice, fip.id, { description: 'web' });
      assert.equal(kept.port_id, port.id, 'a body without port_id keeps the association');
      const freed = await updateFloatingIp(t.ctx, alice, fip.id, { port_id: null });
      assert.deepEqual([freed.port_id, freed.fixed_ip_address, freed.router_id], [null, null, null]);
      await removeRouterInterface(t.ctx, alice, router.row.id, { subnet_id: subnet.id });
    });

    test('deleting a port disassociates its floating IPs', async () => {
      const { network, subnet } = await projectNetwork(t.ctx, alice, '10.2.0.0/24');
      const { port } = await vmPort(t.ctx, alice, network, subnet);
      const router = await createRouter(t.ctx, alice, { external_gateway_info: { network_id: ext.network.id } });
      await addRouterInterface(t.ctx, alice, router.row.id, { subnet_id: subnet.id });
      const fip = await createFloatingIp(t.ctx, alice, { floating_network_id: ext.network.id, port_id: port.id });
      assert.equal(fip.router_id, router.row.id, 'associated at creation');
      await inTransaction(t.ctx.db, t.ctx.dialect, (trx) => disassociateFloatingIpsOfPort(trx, port.id));
      assert.equal((await getFloatingIp(t.ctx, alice, fip.id)).port_id, null);
    });

    test('another project’s port is refused; its floating IPs are invisible', async () => {
      const { network, subnet } = await projectNetwork(t.ctx, bob, '10.3.0.0/24');
      const { port } = await vmPort(t.ctx, bob, network, subnet);
      const fip = await createFloatingIp(t.ctx, alice, { floating_network_id: ext.network.id });
      await assert.rejects(updateFloatingIp(t.ctx, alice, fip.id, { port_id: port.id }), {
        type: 'PortNotFound',
        status: 404,
      });
      await assert.rejects(getFloatingIp(t.ctx, bob, fip.id), {
        type: 'FloatingIPNotFound',
        status: 404,
        message: `Floating IP ${fip.id} could not be found`,
      });
      await assert.rejects(deleteFloatingIp(t.ctx, bob, fip.id), { type: 'FloatingIPNotFound' });
      assert.ok(!(await listFloatingIps(t.ctx, bob)).some((f) => f.id === fip.id));
    });

    test('an exhausted external network and the floatingip quota', async () => {
      const admin = callerOf('admin-project', true);
      const { row: tiny } = await createNetwork(t.ctx, admin, { name: 'tiny', 'router:external': true });
      await createSubnet(t.ctx, admin, { network_id: tiny.id, cidr: '198.51.100.0/30', ip_version: 4 });
      await createFloatingIp(t.ctx, alice, { floating_network_id: tiny.id });
      await assert.rejects(createFloatingIp(t.ctx, alice, { floating_network_id: tiny.id }), {
        type: 'ExternalIpAddressExhausted',
        status: 400,
        message: `Unable to find any IP address on external network ${tiny.id}.`,
      });
      await setLimits(t.ctx, bob.projectId, { floatingip: 0 });
      await assert.rejects(createFloatingIp(t.ctx, bob, { floating_network_id: ext.network.id }), {
        type: 'OverQuota',
        status: 409,
      });
    });
  });
}
