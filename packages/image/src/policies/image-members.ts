// Default policies for image members (glance/policies/image.py, the *_member rules).
import type { PolicyRule } from '@nubo/core';
import { ADMIN_OR_PROJECT_MEMBER, ADMIN_OR_PROJECT_READER_OR_SHARED_MEMBER, ADMIN_OR_SHARED_MEMBER } from './base.js';

const MEMBERS = '/v2/images/{image_id}/members';

/** Only the owner adds and removes members; only the member itself (or an admin) changes its status. */
export const imageMemberPolicies: PolicyRule[] = [
  {
    name: 'add_member',
    checkStr: ADMIN_OR_PROJECT_MEMBER,
    description: 'Create image member',
    operations: [{ path: MEMBERS, method: 'POST' }],
  },
  {
    name: 'delete_member',
    checkStr: ADMIN_OR_PROJECT_MEMBER,
    description: 'Delete image member',
    operations: [{ path: `${MEMBERS}/{member_id}`, method: 'DELETE' }],
  },
  {
    name: 'get_member',
    checkStr: ADMIN_OR_PROJECT_READER_OR_SHARED_MEMBER,
    description: 'Show image member details',
    operations: [{ path: `${MEMBERS}/{member_id}`, method: 'GET' }],
  },
  {
    name: 'get_members',
    checkStr: ADMIN_OR_PROJECT_READER_OR_SHARED_MEMBER,
    description: 'List image members',
    operations: [{ path: MEMBERS, method: 'GET' }],
  },
  {
    name: 'modify_member',
    checkStr: ADMIN_OR_SHARED_MEMBER,
    description: 'Update image member',
    operations: [{ path: `${MEMBERS}/{member_id}`, method: 'PUT' }],
  },
];
