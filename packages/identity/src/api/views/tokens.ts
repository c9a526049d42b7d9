// The token body Keystone returns from POST and GET /v3/auth/tokens.
import { isoMicros } from '@nubo/core';
import type { IdentityToken } from '../../auth/identity-token.js';
import type { CatalogEntry } from '../../catalog.js';

export function tokenView(token: IdentityToken, catalog: CatalogEntry[] | undefined): Record<string, unknown> {
  const body: Record<string, unknown> = {
    methods: token.methods,
    user: {
      id: token.userId,
      name: token.userName,
      domain: { id: token.userDomainId, name: token.userDomainName },
      password_expires_at: token.passwordExpiresAt,
    },
    audit_ids: token.auditIds,
    expires_at: isoMicros(token.expiresAt),
    issued_at: isoMicros(token.issuedAt),
  };
  if (token.project) {
    body.project = {
      id: token.project.id,
      name: token.project.name,
      domain: { id: token.project.domainId, name: token.project.domainName },
    };
    body.is_domain = false;
  } else if (token.domain) {
    body.domain = { id: token.domain.id, name: token.domain.name };
  } else if (token.system) {
    body.system = { all: true };
  }
  if (token.project || token.domain || token.system) {
    body.roles = token.roleIds.map((id, i) => ({ id, name: token.roles[i] }));
    if (catalog) body.catalog = catalog;
  }
  if (token.applicationCredential) body.application_credential = token.applicationCredential;
  return { token: body };
}
