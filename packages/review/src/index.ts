// @nubo/review: code review — projects, changes, patch sets, votes, git over smart HTTP (Gerrit's API).

export type { Account } from './accounts.js';
export type { Change, ChangeStatus, PatchSet } from './change-model.js';
export { type ReviewConfig, reviewSection, SUBMIT_TYPES, type SubmitType } from './config.js';
export { REVIEW_EVENT_TOPIC } from './events/event-stream.js';
export type { ReviewEvent } from './events/gerrit-events.js';
export { createReviewService, REVIEW_PREFIX, type ReviewService } from './plugin.js';
