// Who is calling: what a validated token says, in the shape every service's policy checks read.

/** The facts of a validated token, as Keystone's token body states them. */
export interface AuthContext {
  token: string;
  userId: string;
  userName: string;
  userDomainId: string;
  userDomainName: string;
  /** Set on project-scoped tokens. */
  project?: { id: string; name: string; domainId: string; domainName: string };
  /** Set on domain-scoped tokens. */
  domain?: { id: string; name: string };
  /** Set on system-scoped tokens ("all" is the only system Keystone knows). */
  system?: 'all';
  /** Effective role names (implied roles expanded). */
  roles: string[];
  roleIds: string[];
  methods: string[];
  auditIds: string[];
  issuedAt: Date;
  expiresAt: Date;
  applicationCredentialId?: string;
  /** The application credential allows creating more application credentials and trusts. */
  applicationCredentialUnrestricted?: boolean;
}

/** Validates a token string; throws Unauthorized (401) when it is bad, expired or revoked. */
export interface TokenValidator {
  validate(token: string): Promise<AuthContext>;
}

/** The credentials dict an oslo.policy rule reads (`role:`, `project_id:`, `system_scope:` …). */
export function policyCredentials(auth: AuthContext): Record<string, unknown> {
  return {
    user_id: auth.userId,
    user_domain_id: auth.userDomainId,
    project_id: auth.project?.id ?? null,
    project_domain_id: auth.project?.domainId ?? null,
    domain_id: auth.domain?.id ?? null,
    system_scope: auth.system ?? null,
    roles: auth.roles,
    is_admin_project: true,
    // Keystone's own rule texts read these nested forms; operators copy them into overrides.
    token: { domain: { id: auth.domain?.id ?? null }, project: { domain: { id: auth.project?.domainId ?? null } } },
  };
}
