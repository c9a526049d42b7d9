// Every tenant route starts by checking that the tenant exists (Zuul answers 404 "Tenant x does not exist.").
import { NotFound } from '@nubo/core';
import type { Layout } from '../model/layout.js';
import type { GateControl } from '../scheduler/gate-control.js';

/** Throws 404 unless the gate knows the tenant. */
export function requireTenant(control: GateControl, tenant: string): void {
  if (!control.tenants().includes(tenant)) throw new NotFound(`Tenant ${tenant} does not exist.`);
}

/** The tenant's layout; 404 for an unknown tenant, an empty answer is the caller's choice when it has none yet. */
export function tenantLayout(control: GateControl, tenant: string): Layout | null {
  requireTenant(control, tenant);
  return control.layout(tenant);
}
