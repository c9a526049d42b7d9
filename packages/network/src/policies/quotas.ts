// The default rules of neutron/conf/policies/quotas.py.
import type { PolicyRule } from '@nubo/core';
import { ADMIN, ADMIN_OR_READER, rule } from './base.js';

const ONE = '/quotas/{project_id}';

/** Quotas: a project's readers see its limits; only admins set them. */
export const quotaPolicies: PolicyRule[] = [
  rule('get_quota', ADMIN_OR_READER, 'Get the quotas of a project.', ONE, 'GET'),
  rule('update_quota', ADMIN, 'Set the quotas of a project.', ONE, 'PUT'),
  rule('delete_quota', ADMIN, 'Reset the quotas of a project to the defaults.', ONE, 'DELETE'),
];
