// Default policies for /changes/ (Gerrit's Read, Abandon, Submit, Edit Topic Name and label permissions).
import type { PolicyRule } from '@nubo/core';
import { ADMIN, ADMIN_OR_OWNER, ADMIN_OR_SERVICE, ANYONE } from './base.js';

const CHANGE = '/changes/{change-id}';

/** Who may read, review, vote on, submit, abandon and restore changes. */
export const changePolicies: PolicyRule[] = [
  {
    name: 'review:get_change',
    checkStr: ANYONE,
    description: 'Query and show changes, their revisions and messages (Read on the target branch).',
    operations: [
      { path: '/changes/', method: 'GET' },
      { path: CHANGE, method: 'GET' },
      { path: `${CHANGE}/detail`, method: 'GET' },
    ],
  },
  {
    name: 'review:post_review',
    checkStr: ANYONE,
    description: 'Comment on a revision (every registered user may); each vote also needs its label rule.',
    operations: [{ path: `${CHANGE}/revisions/{revision-id}/review`, method: 'POST' }],
  },
  {
    name: 'review:abandon',
    checkStr: ADMIN_OR_OWNER,
    description: 'Abandon a change (its owner, or the Abandon permission).',
    operations: [{ path: `${CHANGE}/abandon`, method: 'POST' }],
  },
  {
    name: 'review:restore',
    checkStr: ADMIN_OR_OWNER,
    description: 'Restore an abandoned change (its owner, or the Abandon permission).',
    operations: [{ path: `${CHANGE}/restore`, method: 'POST' }],
  },
  {
    name: 'review:submit',
    checkStr: ADMIN_OR_SERVICE,
    description: 'Submit a change whose submit requirements hold (the Submit permission: administrators and CI).',
    operations: [{ path: `${CHANGE}/submit`, method: 'POST' }],
  },
  {
    name: 'review:set_topic',
    checkStr: ADMIN_OR_OWNER,
    description: "Set or delete a change's topic (Edit Topic Name).",
    operations: [{ path: `${CHANGE}/topic`, method: 'PUT' }],
  },
  {
    name: 'review:vote_code_review',
    checkStr: 'role:member',
    description: 'Vote Code-Review -1..+1 (Registered Users in a fresh Gerrit).',
    operations: [{ path: `${CHANGE}/revisions/{revision-id}/review`, method: 'POST' }],
  },
  {
    name: 'review:vote_code_review_binding',
    checkStr: ADMIN,
    description: 'Vote Code-Review -2 and +2 (Administrators and Project Owners in a fresh Gerrit).',
    operations: [{ path: `${CHANGE}/revisions/{revision-id}/review`, method: 'POST' }],
  },
  {
    name: 'review:vote_verified',
    checkStr: ADMIN_OR_SERVICE,
    description: 'Vote Verified (the CI, as Non-Interactive Users, and administrators).',
    operations: [{ path: `${CHANGE}/revisions/{revision-id}/review`, method: 'POST' }],
  },
  {
    name: 'review:vote_workflow',
    checkStr: ADMIN,
    description: 'Vote Workflow: +1 approves the change for the gate, -1 marks it work in progress (core reviewers).',
    operations: [{ path: `${CHANGE}/revisions/{revision-id}/review`, method: 'POST' }],
  },
];
