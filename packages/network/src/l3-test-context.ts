// For the L3 and security group domain tests: a migrated database per backend, a NetworkContext on it, callers,
// and the small topology most tests need (an external network, a project network, a VM port). Not shipped.
import { createLogger, migrate, PolicyEngine } from '@nubo/core';
import type { TestBackend } from '@nubo/core/testing';
import type { NetworkConfig } from './config.js';
import type { Caller, NetworkContext } from './context.js';
import { networkMigrations } from './db/migrations/index.js';
import type { NetworkDb, NetworkRow, PortRow, SubnetRow } from './db/tables.js';
import { inTransaction } from './db/transaction.js';
import { createNetwork } from './networks.js';
import { networkPolicyRules } from './policies/index.js';
import { createServicePort } from './service-ports.js';
import { createSubnet } from './subnets.js';

export const testConfig: NetworkConfig = {
  globalPhysnetMtu: 1500,
  tenantNetworkOverhead: 50,
  defaultQuotas: {
    network: 100,
    subnet: 100,
    port: 500,
    router: 10,
    floatingip: 50,
    security_group: 10,
    security_group_rule: 100,
  },
  dnsDomain: 'openstacklocal.',
};

/** A member (and reader) of `projectId`, or an admin of it. */
export function callerOf(projectId: string, admin = false): Caller {
  const roles = admin ? ['admin', 'member', 'reader'] : ['member', 'reader'];
  return { projectId, isAdmin: admin, creds: { roles, project_id: projectId, user_id: `user-${projectId}` } };
}

export interface L3TestContext {
  ctx: NetworkContext;
  drop(): Promise<void>;
}

/** A fresh migrated database on `backend` and a context on it; `drop()` removes it. */
export async function l3TestContext(backend: TestBackend): Promise<L3TestContext> {
  const database = await backend.create();
  await migrate(database.db, 'network', networkMigrations);
  const ctx: NetworkContext = {
    db: database.db as unknown as NetworkDb,
    dialect: backend.dialect,
    config: testConfig,
    policy: new PolicyEngine(networkPolicyRules),
    baseUrl: 'http://127.0.0.1/networking',
    log: createLogger({ level: 'silent', file: '' }),
  };
  return { ctx, drop: () => database.drop() };
}

/** An external network `public` (admin-made) with one IPv4 subnet. */
export async function externalNetwork(
  ctx: NetworkContext,
  cidr = '203.0.113.0/24',
): Promise<{ network: NetworkRow; subnet: SubnetRow }> {
  const admin = callerOf('admin-project', true);
  const { row: network } = await createNetwork(ctx, admin, { name: 'public', 'router:external': true });
  const subnet = await createSubnet(ctx, admin, { network_id: network.id, cidr, ip_version: 4 });
  return { network, subnet };
}

/** A project network with one IPv4 subnet. */
export async function projectNetwork(
  ctx: NetworkContext,
  caller: Caller,
  cidr = '10.0.0.0/24',
): Promise<{ network: NetworkRow; subnet: SubnetRow }> {
  const { row: network } = await createNetwork(ctx, caller, { name: `net-${cidr}` });
  const subnet = await createSubnet(ctx, caller, { network_id: network.id, cidr, ip_version: 4 });
  return { network, subnet };
}

/** A VM's port on a project network (made as the port API would, minus its checks); `''` leaves it unattached. */
export async function vmPort(
  ctx: NetworkContext,
  caller: Caller,
  network: NetworkRow,
  subnet: SubnetRow,
  deviceId = 'server-1',
): Promise<{ port: PortRow; ip: string }> {
  const made = await inTransaction(ctx.db, ctx.dialect, (trx) =>
    createServicePort(ctx, trx, {
      network,
      projectId: caller.projectId,
      deviceId,
      deviceOwner: deviceId ? 'compute:nova' : '',
      addresses: [{ subnet }],
    }),
  );
  return { port: made.port, ip: made.fixedIps[0]!.ip_address };
}
