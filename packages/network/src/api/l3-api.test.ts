// The security group, router and floating IP routes over HTTP: bodies, status codes and NeutronError faults as the
// api-ref gives them, on a real database, with two projects and an admin.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type AuthContext, createApp, type HttpError, registerService, Unauthorized } from '@nubo/core';
import { testBackends } from '@nubo/core/testing';
import type { FastifyInstance } from 'fastify';
import { externalNetwork, type L3TestContext, l3TestContext, projectNetwork, vmPort } from '../l3-test-context.js';
import { floatingIpRoutes } from './floating-ips.js';
import { routerRoutes } from './routers.js';
import { securityGroupRuleRoutes } from './security-group-rules.js';
import { securityGroupRoutes } from './security-groups.js';

type Body = Record<string, any>;

/** Tokens `alice`, `bob` (members of project-a / project-b) and `admin`. */
function authFor(token: string): AuthContext {
  const project = token === 'admin' ? 'admin-project' : `project-${token.charAt(0)}`;
  if (!['alice', 'bob', 'admin'].includes(token)) throw new Unauthorized();
  return {
    token,
    userId: `user-${token}`,
    userName: token,
    userDomainId: 'default',
    userDomainName: 'Default',
    project: { id: project, name: project, domainId: 'default', domainName: 'Default' },
    roles: token === 'admin' ? ['admin', 'member', 'reader'] : ['member', 'reader'],
    roleIds: [],
    methods: ['password'],
    auditIds: [],
    issuedAt: new Date(),
    expiresAt: new Date(Date.now() + 3_600_000),
  };
}

/** Neutron's fault body (neutron/api/v2/resource.py): the exception class name, its message, no detail. */
function neutronFault(error: HttpError): unknown {
  const typed = (error as { type?: string }).type;
  const type = typed ?? (error.status === 404 ? 'HTTPNotFound' : error.status === 400 ? 'HTTPBadRequest' : 'Error');
  return { NeutronError: { type, message: error.message, detail: '' } };
}

for (const backend of testBackends()) {
  describe(`L3 API (${backend.name})`, () => {
    let t: L3TestContext;
    let app: FastifyInstance;
    let ext: Awaited<ReturnType<typeof externalNetwork>>;

    const call = async (token: string, method: string, url: string, payload?: unknown) => {
      const res = await app.inject({
        method: method as 'GET',
        url: `/networking${url}`,
        headers: { 'x-auth-token': token, ...(payload !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(payload !== undefined ? { payload: JSON.stringify(payload) } : {}),
      });
      return { status: res.statusCode, body: (res.body ? JSON.parse(res.body) : undefined) as Body };
    };
    const fault = async (
      token: string,
      method: string,
      url: string,
      payload: unknown,
      status: number,
      type: string,
      message?: string | RegExp,
    ) => {
      const res = await call(token, method, url, payload);
      assert.equal(res.status, status, JSON.stringify(res.body));
      assert.equal(res.body.NeutronError.type, type);
      if (typeof message === 'string') assert.equal(res.body.NeutronError.message, message);
      else if (message) assert.match(res.body.NeutronError.message, message);
    };

    before(async () => {
      t = await l3TestContext(backend);
      ext = await externalNetwork(t.ctx);
      app = createApp({ logger: false, bodyLimitBytes: 1 << 20 });
      await registerService(app, {
        prefix: '/networking',
        fault: neutronFault,
        tokens: { validate: async (token) => authFor(token) },
        routes: (scope) => {
          securityGroupRoutes(scope, t.ctx);
          securityGroupRuleRoutes(scope, t.ctx);
          routerRoutes(scope, t.ctx);
          floatingIpRoutes(scope, t.ctx);
        },
      });
      await app.ready();
    });
    after(async () => {
      await app?.close();
      await t?.drop();
    });

    test('security groups: the default group in the list, create with fields, bad bodies, 404 for others', async () => {
      const list = await call('alice', 'GET', '/v2.0/security-groups?fields=id&fields=name');
      assert.equal(list.status, 200);
      assert.deepEqual(Object.keys(list.body.security_groups[0]).sort(), ['id', 'name']);
      assert.equal(list.body.security_groups[0].name, 'default');
      const shown = await call('alice', 'GET', `/v2.0/security-groups/${list.body.security_groups[0].id}`);
      assert.equal(shown.body.security_group.security_group_rules.length, 4);
      assert.ok(shown.body.security_group.security_group_rules.every((r: Body) => r.belongs_to_default_sg === true));

      const created = await call('alice', 'POST', '/v2.0/security-groups', {
        security_group: { name: 'web', description: 'web tier' },
      });
      assert.equal(created.status, 201);
      const group = created.body.security_group;
      assert.deepEqual(Object.keys(group).sort(), [
        'created_at',
        'description',
        'id',
        'name',
        'project_id',
        'revision_number',
        'security_group_rules',
        'shared',
        'stateful',
        'tags',
        'tenant_id',
        'updated_at',
      ]);
      assert.equal(group.project_id, 'project-a');
      assert.equal(group.stateful, true);
      assert.match(group.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      assert.equal(group.security_group_rules.length, 2);

      await fault(
        'alice',
        'POST',
        '/v2.0/security-groups',
        { security_group: { nam: 'x' } },
        400,
        'HTTPBadRequest',
        "Unrecognized attribute(s) 'nam'",
      );
      await fault(
        'alice',
        'POST',
        '/v2.0/security-groups',
        { group: {} },
        400,
        'HTTPBadRequest',
        "Unable to find 'security_group' in request body",
      );
      await fault(
        'alice',
        'POST',
        '/v2.0/security-groups',
        { security_group: { name: 7 } },
        400,
        'HTTPBadRequest',
        "Invalid input for name. Reason: '7' is not a valid string.",
      );
      await fault(
        'alice',
        'POST',
        '/v2.0/security-groups',
        { security_group: { name: 'default' } },
        409,
        'SecurityGroupDefaultAlreadyExists',
      );
      await fault(
        'bob',
        'GET',
        `/v2.0/security-groups/${group.id}`,
        undefined,
        404,
        'SecurityGroupNotFound',
        `Security group ${group.id} does not exist`,
      );
      const bobs = await call('bob', 'GET', '/v2.0/security-groups');
      assert.deepEqual(
        bobs.body.security_groups.map((g: Body) => g.project_id),
        ['project-b'],
      );

      const renamed = await call('alice', 'PUT', `/v2.0/security-groups/${group.id}`, {
        security_group: { name: 'www' },
      });
      assert.equal(renamed.status, 200);
      assert.equal(renamed.body.security_group.revision_number, 2);
      const deleted = await call('alice', 'DELETE', `/v2.0/security-groups/${group.id}`);
      assert.equal(deleted.status, 204);
    });

    test('an admin (a service) listing by project_id makes that project’s default group; a member cannot', async () => {
      const bobs = await call('bob', 'GET', '/v2.0/security-groups?project_id=project-z');
      assert.deepEqual(bobs.body.security_groups, []);
      const found = await call('admin', 'GET', '/v2.0/security-groups?project_id=project-z&name=default');
      assert.equal(found.status, 200);
      assert.equal(found.body.security_groups.length, 1);
      assert.equal(found.body.security_groups[0].project_id, 'project-z');
      assert.equal(found.body.security_groups[0].security_group_rules.length, 4);
      const again = await call('admin', 'GET', '/v2.0/security-groups?tenant_id=project-z');
      assert.deepEqual(
        again.body.security_groups.map((g: Body) => g.id),
        [found.body.security_groups[0].id],
      );
    });

    test('security group rules: create, duplicate 409, filter by group, bad values, delete', async () => {
      const group = (await call('alice', 'POST', '/v2.0/security-groups', { security_group: { name: 'db' } })).body
        .security_group;
      const body = {
        security_group_rule: {
          security_group_id: group.id,
          direction: 'ingress',
          protocol: 'tcp',
          port_range_min: 5432,
          port_range_max: 5432,
          remote_ip_prefix: '10.0.0.0/8',
        },
      };
      const created = await call('alice', 'POST', '/v2.0/security-group-rules', body);
      assert.equal(created.status, 201);
      const rule = created.body.security_group_rule;
      assert.equal(rule.ethertype, 'IPv4');
      assert.equal(rule.normalized_cidr, '10.0.0.0/8');
      assert.equal(rule.belongs_to_default_sg, false);
      assert.equal(rule.remote_group_id, null);
      await fault(
        'alice',
        'POST',
        '/v2.0/security-group-rules',
        body,
        409,
        'SecurityGroupRuleExists',
        `Security group rule already exists. Rule id is ${rule.id}.`,
      );
      await fault(
        'alice',
        'POST',
        '/v2.0/security-group-rules',
        {
          security_group_rule: {
            security_group_id: group.id,
            direction: 'ingress',
            protocol: 'tcp',
            port_range_min: 9,
            port_range_max: 8,
          },
        },
        400,
        'SecurityGroupInvalidPortRange',
      );
      await fault(
        'alice',
        'POST',
        '/v2.0/security-group-rules',
        {
          security_group_rule: {
            security_group_id: group.id,
            direction: 'ingress',
            ethertype: 'IPv6',
            remote_ip_prefix: '10.0.0.0/8',
          },
        },
        400,
        'SecurityGroupRuleParameterConflict',
      );
      await fault(
        'alice',
        'POST',
        '/v2.0/security-group-rules',
        { security_group_rule: { security_group_id: group.id } },
        400,
        'HTTPBadRequest',
        "Failed to parse request. Required attribute 'direction' not specified",
      );
      await fault('bob', 'POST', '/v2.0/security-group-rules', body, 404, 'SecurityGroupNotFound');
      const filtered = await call(
        'alice',
        'GET',
        `/v2.0/security-group-rules?security_group_id=${group.id}&direction=ingress`,
      );
      assert.deepEqual(
        filtered.body.security_group_rules.map((r: Body) => r.id),
        [rule.id],
      );
      await fault(
        'bob',
        'DELETE',
        `/v2.0/security-group-rules/${rule.id}`,
        undefined,
        404,
        'SecurityGroupRuleNotFound',
      );
      assert.equal((await call('alice', 'DELETE', `/v2.0/security-group-rules/${rule.id}`)).status, 204);
      await fault('alice', 'GET', `/v2.0/security-group-rules/${rule.id}`, undefined, 404, 'SecurityGroupRuleNotFound');
    });

    test('routers: gateway, interfaces, routes and the faults on the way', async () => {
      const { subnet, network } = await projectNetwork(
        t.ctx,
        { projectId: 'project-a', isAdmin: false, creds: { roles: ['member', 'reader'], project_id: 'project-a' } },
        '10.30.0.0/24',
      );
      const created = await call('alice', 'POST', '/v2.0/routers', {
        router: { name: 'r', external_gateway_info: { network_id: ext.network.id } },
      });
      assert.equal(created.status, 201);
      const router = created.body.router;
      assert.deepEqual(Object.keys(router).sort(), [
        'admin_state_up',
        'created_at',
        'description',
        'external_gateway_info',
        'id',
        'name',
        'project_id',
        'revision_number',
        'routes',
        'status',
        'tags',
        'tenant_id',
        'updated_at',
      ]);
      assert.equal(router.external_gateway_info.network_id, ext.network.id);
      assert.equal(router.external_gateway_info.enable_snat, true);
      assert.equal(router.external_gateway_info.external_fixed_ips[0].subnet_id, ext.subnet.id);

      const added = await call('alice', 'PUT', `/v2.0/routers/${router.id}/add_router_interface`, {
        subnet_id: subnet.id,
      });
      assert.equal(added.status, 200);
      assert.equal(added.body.id, router.id);
      assert.equal(added.body.network_id, network.id);
      assert.deepEqual(added.body.subnet_ids, [subnet.id]);
      await fault(
        'alice',
        'PUT',
        `/v2.0/routers/${router.id}/add_router_interface`,
        {},
        400,
        'BadRequest',
        'Bad router request: Either subnet_id or port_id must be specified.',
      );
      await fault('alice', 'DELETE', `/v2.0/routers/${router.id}`, undefined, 409, 'RouterInUse');

      const routed = await call('alice', 'PUT', `/v2.0/routers/${router.id}`, {
        router: { routes: [{ destination: '172.16.0.0/12', nexthop: '10.30.0.5' }] },
      });
      assert.equal(routed.status, 200);
      assert.deepEqual(routed.body.router.routes, [{ destination: '172.16.0.0/12', nexthop: '10.30.0.5' }]);
      const atomic = await call('alice', 'PUT', `/v2.0/routers/${router.id}/add_extraroutes`, {
        router: { routes: [{ destination: '192.168.7.0/24', nexthop: '10.30.0.6' }] },
      });
      assert.equal(atomic.body.router.routes.length, 2);
      await call('alice', 'PUT', `/v2.0/routers/${router.id}/remove_extraroutes`, {
        router: { routes: [{ destination: '192.168.7.0/24', nexthop: '10.30.0.6' }] },
      });
      await fault(
        'alice',
        'PUT',
        `/v2.0/routers/${router.id}`,
        { router: { routes: [{ destination: '0.0.0.0/0', nexthop: '9.9.9.9' }] } },
        400,
        'InvalidRoutes',
      );
      await fault(
        'alice',
        'POST',
        '/v2.0/routers',
        { router: { routes: [] } },
        400,
        'HTTPBadRequest',
        "Attribute 'routes' not allowed in POST",
      );
      await fault(
        'alice',
        'PUT',
        `/v2.0/routers/${router.id}`,
        { router: { status: 'DOWN' } },
        400,
        'HTTPBadRequest',
        "Unrecognized attribute(s) 'status'",
      );
      await fault(
        'bob',
        'GET',
        `/v2.0/routers/${router.id}`,
        undefined,
        404,
        'RouterNotFound',
        `Router ${router.id} could not be found`,
      );
      await fault(
        'bob',
        'PUT',
        `/v2.0/routers/${router.id}/add_router_interface`,
        { subnet_id: subnet.id },
        404,
        'RouterNotFound',
      );
      await fault(
        'alice',
        'PUT',
        `/v2.0/routers/${router.id}/remove_router_interface`,
        { subnet_id: subnet.id },
        409,
        'RouterInterfaceInUseByRoute',
      );
      const none = await call('alice', 'PUT', `/v2.0/routers/${router.id}`, { router: { routes: null } });
      assert.deepEqual(none.body.router.routes, [], 'null clears the routes');
      const removed = await call('alice', 'PUT', `/v2.0/routers/${router.id}/remove_router_interface`, {
        subnet_id: subnet.id,
      });
      assert.equal(removed.status, 200);
      assert.equal(removed.body.port_id, added.body.port_id);
      const cleared = await call('alice', 'PUT', `/v2.0/routers/${router.id}`, {
        router: { external_gateway_info: null },
      });
      assert.equal(cleared.body.router.external_gateway_info, null);
      assert.equal((await call('alice', 'DELETE', `/v2.0/routers/${router.id}`)).status, 204);
    });

    test('floating IPs: create on the external network, associate through a router, 404 when unreachable', async () => {
      const alice = {
        projectId: 'project-a',
        isAdmin: false,
        creds: { roles: ['member', 'reader'], project_id: 'project-a' },
      };
      const { subnet, network } = await projectNetwork(t.ctx, alice, '10.40.0.0/24');
      const { port, ip } = await vmPort(t.ctx, alice, network, subnet);
      const created = await call('alice', 'POST', '/v2.0/floatingips', {
        floatingip: { floating_network_id: ext.network.id },
      });
      assert.equal(created.status, 201);
      const fip = created.body.floatingip;
      assert.deepEqual(Object.keys(fip).sort(), [
        'created_at',
        'description',
        'fixed_ip_address',
        'floating_ip_address',
        'floating_network_id',
        'id',
        'port_details',
        'port_id',
        'project_id',
        'revision_number',
        'router_id',
        'status',
        'tags',
        'tenant_id',
        'updated_at',
      ]);
      assert.equal(fip.status, 'DOWN');
      assert.equal(fip.port_details, null);
      await fault(
        'alice',
        'POST',
        '/v2.0/floatingips',
        { floatingip: {} },
        400,
        'HTTPBadRequest',
        "Failed to parse request. Required attribute 'floating_network_id' not specified",
      );
      await fault(
        'alice',
        'POST',
        '/v2.0/floatingips',
        { floatingip: { floating_network_id: network.id } },
        400,
        'BadRequest',
      );
      await fault(
        'alice',
        'PUT',
        `/v2.0/floatingips/${fip.id}`,
        { floatingip: { port_id: port.id } },
        404,
        'ExternalGatewayForFloatingIPNotFound',
      );
      const router = (
        await call('alice', 'POST', '/v2.0/routers', {
          router: { external_gateway_info: { network_id: ext.network.id } },
        })
      ).body.router;
      await call('alice', 'PUT', `/v2.0/routers/${router.id}/add_router_interface`, { subnet_id: subnet.id });
      const bound = await call('alice', 'PUT', `/v2.0/floatingips/${fip.id}`, { floatingip: { port_id: port.id } });
      assert.equal(bound.status, 200);
      assert.equal(bound.body.floatingip.fixed_ip_address, ip);
      assert.equal(bound.body.floatingip.router_id, router.id);
      assert.deepEqual(bound.body.floatingip.port_details, {
        name: port.name,
        network_id: network.id,
        mac_address: port.mac_address,
        admin_state_up: true,
        status: port.status,
        device_id: port.device_id,
        device_owner: port.device_owner,
      });
      const byPort = await call('alice', 'GET', `/v2.0/floatingips?port_id=${port.id}`);
      assert.deepEqual(
        byPort.body.floatingips.map((f: Body) => f.id),
        [fip.id],
      );
      await fault('bob', 'GET', `/v2.0/floatingips/${fip.id}`, undefined, 404, 'FloatingIPNotFound');
      await fault(
        'alice',
        'PUT',
        `/v2.0/routers/${router.id}/remove_router_interface`,
        { subnet_id: subnet.id },
        409,
        'RouterInterfaceInUseByFloatingIP',
      );
      const freed = await call('alice', 'PUT', `/v2.0/floatingips/${fip.id}`, { floatingip: { port_id: null } });
      assert.equal(freed.body.floatingip.port_id, null);
      assert.equal((await call('alice', 'DELETE', `/v2.0/floatingips/${fip.id}`)).status, 204);
      await fault('alice', 'GET', `/v2.0/floatingips/${fip.id}`, undefined, 404, 'FloatingIPNotFound');
    });
  });
}
