// Routers on a real database: the gateway on an external network, interfaces by subnet and by port, one router per
// subnet, extra routes, delete in use, quotas and cross-project refusal.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testBackends } from '@nubo/core/testing';
import { selectPort } from './db/ports.js';
import {
  callerOf,
  externalNetwork,
  type L3TestContext,
  l3TestContext,
  projectNetwork,
  vmPort,
} from './l3-test-context.js';
import { setLimits } from './quotas.js';
import { addRouterInterface, removeRouterInterface } from './router-interfaces.js';
import { createRouter, deleteRouter, listRouters, routerInterfaces, showRouter, updateRouter } from './routers.js';
import { fixedIpsOf } from './service-ports.js';

const alice = callerOf('project-a');
const bob = callerOf('project-b');

for (const backend of testBackends()) {
  describe(`routers (${backend.name})`, () => {
    let t: L3TestContext;
    let ext: Awaited<ReturnType<typeof externalNetwork>>;
    before(async () => {
      t = await l3TestContext(backend);
      ext = await externalNetwork(t.ctx);
    });
    after(async () => t.drop());

    test('a gateway on the external network holds an address from its subnet', async () => {
      const router = await createRouter(t.ctx, alice, {
        name: 'r1',
        external_gateway_info: { network_id: ext.network.id },
      });
      assert.equal(router.row.status, 'ACTIVE');
      assert.equal(router.row.gw_network_id, ext.network.id);
      assert.equal(router.row.enable_snat, 1);
      assert.equal(router.gatewayIps.length, 1);
      assert.equal(router.gatewayIps[0]!.subnet_id, ext.subnet.id);
      assert.match(router.gatewayIps[0]!.ip_address, /^203\.0\.113\.\d+$/);
      const gwPort = await selectPort(t.ctx.db, router.row.gw_port_id!);
      assert.equal(gwPort?.device_owner, 'network:router_gateway');
      assert.equal(gwPort?.device_id, router.row.id);
      const cleared = await updateRouter(t.ctx, alice, router.row.id, { external_gateway_info: {} });
      assert.equal(cleared.row.gw_port_id, null);
      assert.equal(await selectPort(t.ctx.db, router.row.gw_port_id!), undefined, 'the gateway port is gone');
    });

    test('an empty external_gateway_info makes a router without a gateway', async () => {
      const router = await createRouter(t.ctx, alice, { name: 'empty-gw', external_gateway_info: {} });
      assert.equal(router.row.gw_network_id, null);
      assert.deepEqual(router.gatewayIps, []);
    });

    test('gateways only on external networks; enable_snat is for admins', async () => {
      const { network } = await projectNetwork(t.ctx, alice, '10.9.0.0/24');
      await assert.rejects(createRouter(t.ctx, alice, { external_gateway_info: { network_id: network.id } }), {
        type: 'BadRequest',
        status: 400,
        message: `Bad router request: Network ${network.id} is not an external network.`,
      });
      await assert.rejects(
        createRouter(t.ctx, alice, {
          external_gateway_info: { network_id: '00000000-0000-0000-0000-000000000000' },
        }),
        { type: 'NetworkNotFound', status: 404 },
      );
      await assert.rejects(
        createRouter(t.ctx, alice, { external_gateway_info: { network_id: ext.network.id, enable_snat: false } }),
        { type: 'PolicyNotAuthorized', status: 403 },
      );
    });

    test('interfaces by subnet take the gateway IP; one router per subnet; delete in use', async () => {
      const { subnet, network } = await projectNetwork(t.ctx, alice, '10.1.0.0/24');
      const r1 = await createRouter(t.ctx, alice, { name: 'a' });
      const info = await addRouterInterface(t.ctx, alice, r1.row.id, { subnet_id: subnet.id });
      assert.deepEqual(Object.keys(info).sort(), [
        'id',
        'network_id',
        'port_id',
        'project_id',
        'subnet_id',
        'subnet_ids',
        'tenant_id',
      ]);
      assert.equal(info.id, r1.row.id);
      assert.equal(info.network_id, network.id);
      assert.deepEqual(info.subnet_ids, [subnet.id]);
      const ips = (await fixedIpsOf(t.ctx.db, [info.port_id])).get(info.port_id);
      assert.deepEqual(ips, [{ subnet_id: subnet.id, ip_address: '10.1.0.1' }]);
      await assert.rejects(addRouterInterface(t.ctx, alice, r1.row.id, { subnet_id: subnet.id }), {
        type: 'BadRequest',
        message: `Bad router request: Router already has a port on subnet ${subnet.id}.`,
      });
      const r2 = await createRouter(t.ctx, alice, { name: 'b' });
      await assert.rejects(addRouterInterface(t.ctx, alice, r2.row.id, { subnet_id: subnet.id }), {
        type: 'IpAddressAlreadyAllocated',
        status: 409,
        message: `IP address 10.1.0.1 already allocated in subnet ${subnet.id}`,
      });
      await assert.rejects(deleteRouter(t.ctx, alice, r1.row.id), {
        type: 'RouterInUse',
        status: 409,
        message: `Router ${r1.row.id} has ports still attached: ${info.port_id}`,
      });
      const removed = await removeRouterInterface(t.ctx, alice, r1.row.id, { subnet_id: subnet.id });
      assert.equal(removed.port_id, info.port_id);
      assert.equal(await selectPort(t.ctx.db, info.port_id), undefined);
      await assert.rejects(removeRouterInterface(t.ctx, alice, r1.row.id, { subnet_id: subnet.id }), {
        type: 'RouterInterfaceNotFoundForSubnet',
        status: 404,
      });
      await deleteRouter(t.ctx, alice, r1.row.id);
      await assert.rejects(showRouter(t.ctx, alice, r1.row.id), { type: 'RouterNotFound', status: 404 });
    });

    test('interface body checks and interfaces by port', async () => {
      const r = await createRouter(t.ctx, alice, { name: 'c' });
      await assert.rejects(addRouterInterface(t.ctx, alice, r.row.id, {}), {
        message: 'Bad router request: Either subnet_id or port_id must be specified.',
      });
      await assert.rejects(addRouterInterface(t.ctx, alice, r.row.id, { subnet_id: 'nope' }), {
        message: "Bad router request: 'nope' is not a valid UUID.",
      });
      const { network, subnet } = await projectNetwork(t.ctx, alice, '10.2.0.0/24');
      const { port } = await vmPort(t.ctx, alice, network, subnet);
      await assert.rejects(addRouterInterface(t.ctx, alice, r.row.id, { subnet_id: subnet.id, port_id: port.id }), {
        message: 'Bad router request: Cannot specify both subnet-id and port-id.',
      });
      await assert.rejects(addRouterInterface(t.ctx, alice, r.row.id, { port_id: port.id }), {
        type: 'PortInUse',
        status: 409,
      });
      const { port: free } = await vmPort(t.ctx, alice, network, subnet, '');
      const info = await addRouterInterface(t.ctx, alice, r.row.id, { port_id: free.id });
      assert.equal(info.port_id, free.id);
      assert.equal((await selectPort(t.ctx.db, free.id))?.device_owner, 'network:router_interface');
      assert.equal((await routerInterfaces(t.ctx.db, r.row.id)).length, 1);
      await assert.rejects(removeRouterInterface(t.ctx, alice, r.row.id, { port_id: port.id }), {
        type: 'RouterInterfaceNotFound',
        message: `Router ${r.row.id} does not have an interface with id ${port.id}`,
      });
      await removeRouterInterface(t.ctx, alice, r.row.id, { port_id: free.id });
      assert.equal((await routerInterfaces(t.ctx.db, r.row.id)).length, 0);
    });

    test('extra routes: next hop on an attached subnet, not the router itself; in use blocks removal', async () => {
      const r = await createRouter(t.ctx, alice, { name: 'd' });
      const { subnet } = await projectNetwork(t.ctx, alice, '10.3.0.0/24');
      await addRouterInterface(t.ctx, alice, r.row.id, { subnet_id: subnet.id });
      await assert.rejects(
        updateRouter(t.ctx, alice, r.row.id, { routes: [{ destination: '192.168.0.0/16', nexthop: '10.4.0.9' }] }),
        {
          type: 'InvalidRoutes',
          status: 400,
          message:
            "Invalid format for routes: [{'destination': '192.168.0.0/16', 'nexthop': '10.4.0.9'}], the nexthop is not connected with router",
        },
      );
      await assert.rejects(
        updateRouter(t.ctx, alice, r.row.id, { routes: [{ destination: '192.168.0.0/16', nexthop: '10.3.0.1' }] }),
        { type: 'InvalidRoutes', message: /the nexthop is used by router$/ },
      );
      const routed = await updateRouter(t.ctx, alice, r.row.id, {
        routes: [{ destination: '192.168.0.0/16', nexthop: '10.3.0.9' }],
      });
      assert.deepEqual(routed.routes, [{ destination: '192.168.0.0/16', nexthop: '10.3.0.9' }]);
      await assert.rejects(removeRouterInterface(t.ctx, alice, r.row.id, { subnet_id: subnet.id }), {
        type: 'RouterInterfaceInUseByRoute',
        status: 409,
      });
      await updateRouter(t.ctx, alice, r.row.id, { routes: [] });
      await removeRouterInterface(t.ctx, alice, r.row.id, { subnet_id: subnet.id });
    });

    test('another project neither sees nor changes the router; quota', async () => {
      const r = await createRouter(t.ctx, alice, { name: 'e' });
      await assert.rejects(showRouter(t.ctx, bob, r.row.id), { type: 'RouterNotFound', status: 404 });
      await assert.rejects(updateRouter(t.ctx, bob, r.row.id, { name: 'x' }), { type: 'RouterNotFound' });
      const { subnet } = await projectNetwork(t.ctx, bob, '10.5.0.0/24');
      await assert.rejects(addRouterInterface(t.ctx, bob, r.row.id, { subnet_id: subnet.id }), {
        type: 'RouterNotFound',
      });
      await assert.rejects(addRouterInterface(t.ctx, alice, r.row.id, { subnet_id: subnet.id }), {
        type: 'SubnetNotFound',
      });
      assert.ok(!(await listRouters(t.ctx, bob)).some((x) => x.row.id === r.row.id));
      await setLimits(t.ctx, bob.projectId, { router: 0 });
      await assert.rejects(createRouter(t.ctx, bob, { name: 'no' }), { type: 'OverQuota', status: 409 });
    });
  });
}
