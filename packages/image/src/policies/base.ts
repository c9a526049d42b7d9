// Shared policy pieces, as glance/policies/base.py writes them; nubo enforces Glance's new (secure RBAC) defaults.
import type { PolicyRule } from '@nubo/core';

/*
 * Glance reads its targets from the image: `project_id` and `owner` are the image's owner, `visibility` its
 * visibility, and `member_id` the caller's own project when the image is shared and the caller is not its owner
 * (glance/db ImageRepo sets `member` so). nubo builds the same flat target in api/common.ts `imageTarget`.
 *
 * Since oslo.policy 4.4 (2024.1) `enforce_new_defaults` is True, so these are the check strings in force; the
 * deprecated `rule:default` fallbacks of Wallaby no longer apply.
 */

/** A member of the project that owns the target. */
export const PROJECT_MEMBER = 'role:member and project_id:%(project_id)s';
/** A reader of the project that owns the target. */
export const PROJECT_READER = 'role:reader and project_id:%(project_id)s';
/** The caller's project is the member of the shared image in the target. */
export const IMAGE_MEMBER_CHECK = 'project_id:%(member_id)s';
const COMMUNITY_VISIBILITY_CHECK = "'community':%(visibility)s";
const PUBLIC_VISIBILITY_CHECK = "'public':%(visibility)s";
const SHARED_VISIBILITY_CHECK = "'shared':%(visibility)s";

const VISIBLE_TO = `(project_id:%(project_id)s or ${IMAGE_MEMBER_CHECK} or ${COMMUNITY_VISIBILITY_CHECK} or ${PUBLIC_VISIBILITY_CHECK} or ${SHARED_VISIBILITY_CHECK})`;

/** The admin role on any project (Glance's `context_is_admin`). */
export const ADMIN = 'rule:context_is_admin';
/** A service user (or, until 2026.2, an admin) calling on behalf of another service. */
export const SERVICE = 'rule:service_api';
/** An admin, or a member of the owning project: who may change an image. */
export const ADMIN_OR_PROJECT_MEMBER = `${ADMIN} or (${PROJECT_MEMBER})`;
/** An admin, or a reader of the project: who may list. */
export const ADMIN_OR_PROJECT_READER = `${ADMIN} or (${PROJECT_READER})`;
/** An admin, or a reader of a project the image is visible to. */
export const ADMIN_OR_PROJECT_READER_GET_IMAGE = `${ADMIN} or (role:reader and ${VISIBLE_TO})`;
/** An admin, or a member of a project the image is visible to. */
export const ADMIN_OR_PROJECT_MEMBER_DOWNLOAD_IMAGE = `${ADMIN} or (role:member and ${VISIBLE_TO})`;
/** An admin, or a member creating an image owned by its own project. */
export const ADMIN_OR_PROJECT_MEMBER_CREATE_IMAGE = `${ADMIN} or (${PROJECT_MEMBER} and project_id:%(owner)s)`;
/** An admin, or a member of the project the shared image is offered to. */
export const ADMIN_OR_SHARED_MEMBER = `${ADMIN} or (role:member and ${IMAGE_MEMBER_CHECK})`;
/** An admin, or a reader of the owning project or of the member project. */
export const ADMIN_OR_PROJECT_READER_OR_SHARED_MEMBER = `${ADMIN} or role:reader and (project_id:%(project_id)s or ${IMAGE_MEMBER_CHECK})`;

/** The named building blocks other rules reference with `rule:…`. */
export const basePolicies: PolicyRule[] = [
  {
    name: 'default',
    checkStr: '',
    description: 'Defines the default rule used for policies that historically had an empty policy.',
    operations: [],
  },
  {
    name: 'context_is_admin',
    checkStr: 'role:admin',
    description: 'Defines the rule for the is_admin:True check.',
    operations: [],
  },
  {
    name: 'service_api',
    checkStr: 'role:service or role:admin',
    description: 'Default rule for the service-to-service API.',
    operations: [],
  },
];
