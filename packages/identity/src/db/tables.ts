// The Identity tables as Kysely sees them (booleans are 0/1 integers, JSON and timestamps are text).
import type { Kysely } from 'kysely';

export interface DomainRow {
  id: string;
  name: string;
  description: string;
  enabled: number;
  extra: string;
}

export interface ProjectRow {
  id: string;
  name: string;
  domain_id: string;
  /** null for a top-level project (its parent is its domain, as Keystone reports). */
  parent_id: string | null;
  description: string;
  enabled: number;
  extra: string;
}

export interface ProjectTagRow {
  project_id: string;
  name: string;
}

export interface UserRow {
  id: string;
  name: string;
  domain_id: string;
  enabled: number;
  default_project_id: string | null;
  password_hash: string | null;
  password_created_at: string | null;
  password_expires_at: string | null;
  extra: string;
  created_at: string;
}

export interface GroupRow {
  id: string;
  name: string;
  domain_id: string;
  description: string;
  extra: string;
}

export interface MembershipRow {
  user_id: string;
  group_id: string;
}

/** Global roles carry the domain id `<<null>>` so that (name, domain_id) can be unique on every engine. */
export const GLOBAL_ROLE_DOMAIN = '<<null>>';

export interface RoleRow {
  id: string;
  name: string;
  domain_id: string;
  description: string;
  extra: string;
}

export interface ImpliedRoleRow {
  prior_role_id: string;
  implied_role_id: string;
}

export type AssignmentType =
  | 'UserProject'
  | 'GroupProject'
  | 'UserDomain'
  | 'GroupDomain'
  | 'UserSystem'
  | 'GroupSystem';

/** The target of a system assignment is the literal `system`. */
export const SYSTEM_TARGET = 'system';

export interface AssignmentRow {
  type: AssignmentType;
  actor_id: string;
  target_id: string;
  role_id: string;
  inherited: number;
}

export interface RegionRow {
  id: string;
  description: string;
  parent_region_id: string | null;
  extra: string;
}

export interface ServiceRow {
  id: string;
  type: string;
  enabled: number;
  extra: string;
}

export interface EndpointRow {
  id: string;
  service_id: string;
  interface: string;
  url: string;
  region_id: string | null;
  enabled: number;
  extra: string;
}

export interface AppCredentialRow {
  id: string;
  name: string;
  user_id: string;
  project_id: string | null;
  secret_hash: string;
  description: string;
  expires_at: string | null;
  unrestricted: number;
  system: string | null;
  created_at: string;
}

export interface AppCredentialRoleRow {
  application_credential_id: string;
  role_id: string;
}

/** A revocation event: a token matching every non-null field and issued at or before `issued_before` is revoked. */
export interface RevocationEventRow {
  id: string;
  user_id: string | null;
  project_id: string | null;
  domain_id: string | null;
  audit_id: string | null;
  issued_before: string;
  revoked_at: string;
}

export interface IdentityTables {
  identity_domains: DomainRow;
  identity_projects: ProjectRow;
  identity_project_tags: ProjectTagRow;
  identity_users: UserRow;
  identity_groups: GroupRow;
  identity_memberships: MembershipRow;
  identity_roles: RoleRow;
  identity_implied_roles: ImpliedRoleRow;
  identity_assignments: AssignmentRow;
  identity_regions: RegionRow;
  identity_services: ServiceRow;
  identity_endpoints: EndpointRow;
  identity_app_credentials: AppCredentialRow;
  identity_app_credential_roles: AppCredentialRoleRow;
  identity_revocation_events: RevocationEventRow;
}

export type IdentityDb = Kysely<IdentityTables>;
