// Default policies of extensions (nova/policies/extensions.py, 2024.1).
import type { PolicyRule } from '@nubo/core';
import { ANY } from './base.js';

/** Anyone lists the (empty) extension list. */
export const extensionsPolicies: PolicyRule[] = [
  {
    name: 'os_compute_api:extensions',
    checkStr: ANY,
    description: 'List available extensions and show information for an extension by alias',
    operations: [
      { method: 'GET', path: '/extensions' },
      { method: 'GET', path: '/extensions/{alias}' },
    ],
  },
];
