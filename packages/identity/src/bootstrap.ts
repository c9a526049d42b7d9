// What `keystone-manage bootstrap` does, idempotently: the default domain, the admin/member/reader roles with
// their implications, the admin project and user (admin on it and on the system), the identity service with its
// endpoints, and nubo's own addition, a `demo` project whose `demo` user has the member role.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { newHexId, newSecret, toDbBool, toDbJson } from '@nubo/core';
import type { IdentityContext } from './context.js';
import { insertAssignment } from './db/assignments.js';
import * as catalog from './db/catalog.js';
import { findDomain, insertDomain } from './db/domains.js';
import { findProjectByName, insertProject } from './db/projects.js';
import { findRoleByName, insertImpliedRole, insertRole, listImpliedRoles } from './db/roles.js';
import { GLOBAL_ROLE_DOMAIN, SYSTEM_TARGET } from './db/tables.js';
import { findUserByName, insertUser, updateUser } from './db/users.js';
import { DEFAULT_DOMAIN_ID } from './domains.js';

export interface BootstrapCredentials {
  admin: { username: string; password: string; projectName: string };
  demo: { username: string; password: string; projectName: string };
  /** Passwords of the service users (`nova`, `glance`, …), members of project `service`. */
  serviceUsers?: Record<string, string>;
}

export interface ServiceEndpoint {
  type: string;
  name: string;
  url: string;
}

/** Bootstraps the identity data; passwords come from config, else from `<dataDir>/credentials.json`, else new. */
export async function bootstrapIdentity(
  ctx: IdentityContext,
  dataDir: string,
  services: ServiceEndpoint[],
  serviceUsers: string[] = [],
): Promise<BootstrapCredentials> {
  const saved = loadSaved(dataDir);
  const adminPassword = ctx.config.adminPassword || saved?.admin.password || newSecret(12);
  const demoPassword = ctx.config.demoPassword || saved?.demo.password || newSecret(12);

  if (!(await findDomain(ctx.db, DEFAULT_DOMAIN_ID))) {
    await insertDomain(ctx.db, {
      id: DEFAULT_DOMAIN_ID,
      name: 'Default',
      description: 'The default domain',
      enabled: 1,
      extra: '{}',
    });
  }
  const roleIds: Record<string, string> = {};
  for (const name of ['admin', 'member', 'reader', 'service']) roleIds[name] = await ensureRole(ctx, name);
  const rules = await listImpliedRoles(ctx.db);
  for (const [prior, implied] of [
    ['admin', 'member'],
    ['member', 'reader'],
  ] as const) {
    if (!rules.some((r) => r.prior_role_id === roleIds[prior] && r.implied_role_id === roleIds[implied])) {
      await insertImpliedRole(ctx.db, { prior_role_id: roleIds[prior]!, implied_role_id: roleIds[implied]! });
    }
  }
  const adminProject = await ensureProject(ctx, 'admin', 'Bootstrap project for initializing the cloud.');
  const adminUser = await ensureUser(ctx, 'admin', adminPassword, adminProject, Boolean(ctx.config.adminPassword));
  await insertAssignment(ctx.db, {
    type: 'UserProject',
    actor_id: adminUser,
    target_id: adminProject,
    role_id: roleIds.admin!,
    inherited: 0,
  });
  await insertAssignment(ctx.db, {
    type: 'UserSystem',
    actor_id: adminUser,
    target_id: SYSTEM_TARGET,
    role_id: roleIds.admin!,
    inherited: 0,
  });
  const demoProject = await ensureProject(ctx, 'demo', 'Demo project of an ordinary member.');
  const demoUser = await ensureUser(ctx, 'demo', demoPassword, demoProject, Boolean(ctx.config.demoPassword));
  await insertAssignment(ctx.db, {
    type: 'UserProject',
    actor_id: demoUser,
    target_id: demoProject,
    role_id: roleIds.member!,
    inherited: 0,
  });

  // Service users, as DevStack makes them: admin and service roles in project `service`.
  const servicePasswords: Record<string, string> = {};
  if (serviceUsers.length > 0) {
    const serviceProject = await ensureProject(ctx, 'service', 'Project of the service users.');
    for (const name of serviceUsers) {
      const known = saved?.serviceUsers?.[name];
      const password = known ?? newSecret(18);
      servicePasswords[name] = password;
      // A password we did not write ourselves is reset; checking a known one would cost a bcrypt per start.
      const userId = await ensureUser(ctx, name, password, serviceProject, known === undefined);
      for (const role of ['admin', 'service']) {
        await insertAssignment(ctx.db, {
          type: 'UserProject',
          actor_id: userId,
          target_id: serviceProject,
          role_id: roleIds[role]!,
          inherited: 0,
        });
      }
    }
  }

  if (!(await catalog.findRegion(ctx.db, ctx.config.region))) {
    await catalog.insertRegion(ctx.db, { id: ctx.config.region, description: '', parent_region_id: null, extra: '{}' });
  }
  for (const service of [{ type: 'identity', name: 'keystone', url: ctx.baseUrl }, ...services]) {
    await ensureService(ctx, service);
  }
  ctx.changes.bump();

  const credentials: BootstrapCredentials = {
    admin: { username: 'admin', password: adminPassword, projectName: 'admin' },
    demo: { username: 'demo', password: demoPassword, projectName: 'demo' },
    serviceUsers: servicePasswords,
  };
  writeFileSync(join(dataDir, 'credentials.json'), `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  return credentials;
}

function loadSaved(dataDir: string): BootstrapCredentials | undefined {
  const file = join(dataDir, 'credentials.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as BootstrapCredentials) : undefined;
}

async function ensureRole(ctx: IdentityContext, name: string): Promise<string> {
  const existing = await findRoleByName(ctx.db, name);
  if (existing) return existing.id;
  const id = newHexId();
  await insertRole(ctx.db, { id, name, domain_id: GLOBAL_ROLE_DOMAIN, description: '', extra: '{}' });
  return id;
}

async function ensureProject(ctx: IdentityContext, name: string, description: string): Promise<string> {
  const existing = await findProjectByName(ctx.db, DEFAULT_DOMAIN_ID, name);
  if (existing) return existing.id;
  const id = newHexId();
  await insertProject(ctx.db, {
    id,
    name,
    domain_id: DEFAULT_DOMAIN_ID,
    parent_id: null,
    description,
    enabled: 1,
    extra: '{}',
  });
  return id;
}

/** Creates the user, or (like keystone-manage bootstrap) resets its password when one was configured. */
async function ensureUser(
  ctx: IdentityContext,
  name: string,
  password: string,
  projectId: string,
  resetPassword: boolean,
): Promise<string> {
  const existing = await findUserByName(ctx.db, DEFAULT_DOMAIN_ID, name);
  const now = new Date().toISOString();
  if (existing) {
    if (resetPassword && !(await ctx.passwords.verify(password, existing.password_hash))) {
      await updateUser(ctx.db, existing.id, {
        password_hash: await ctx.passwords.hash(password),
        password_created_at: now,
        enabled: 1,
      });
    }
    return existing.id;
  }
  const id = newHexId();
  await insertUser(ctx.db, {
    id,
    name,
    domain_id: DEFAULT_DOMAIN_ID,
    enabled: toDbBool(true),
    default_project_id: projectId,
    password_hash: await ctx.passwords.hash(password),
    password_created_at: now,
    password_expires_at: null,
    extra: '{}',
    created_at: now,
  });
  return id;
}

/** One service with public, internal and admin endpoints at `url` in the configured region. */
async function ensureService(ctx: IdentityContext, service: ServiceEndpoint): Promise<void> {
  let row = (await catalog.listServices(ctx.db, { type: service.type }))[0];
  if (!row) {
    row = { id: newHexId(), type: service.type, enabled: 1, extra: toDbJson({ name: service.name }) };
    await catalog.insertService(ctx.db, row);
  }
  const endpoints = await catalog.listEndpoints(ctx.db, { serviceId: row.id });
  for (const iface of ['public', 'internal', 'admin']) {
    const endpoint = endpoints.find((e) => e.interface === iface && e.region_id === ctx.config.region);
    if (!endpoint) {
      await catalog.insertEndpoint(ctx.db, {
        id: newHexId(),
        service_id: row.id,
        interface: iface,
        url: service.url,
        region_id: ctx.config.region,
        enabled: 1,
        extra: '{}',
      });
    } else if (endpoint.url !== service.url) {
      // The listen address moved since the last start: keep the catalog pointing at where we are.
      await catalog.updateEndpoint(ctx.db, endpoint.id, { url: service.url });
    }
  }
}
