// Request bodies of /changes/ (Gerrit's ReviewInput, AbandonInput, RestoreInput, SubmitInput, TopicInput).
import { Type } from 'typebox';
import { SUBMIT_TYPES } from '../../config.js';

// Gerrit reads bodies with Gson, which ignores fields it does not know: no additionalProperties: false here.
const text = Type.String({ maxLength: 65536 });

/** ReviewInput: the message, the votes by label name, a tag, and the work-in-progress switches. */
export const reviewInput = Type.Object({
  message: Type.Optional(text),
  labels: Type.Optional(Type.Record(Type.String({ maxLength: 64 }), Type.Integer({ minimum: -32768, maximum: 32767 }))),
  tag: Type.Optional(Type.String({ maxLength: 255 })),
  ready: Type.Optional(Type.Boolean()),
  work_in_progress: Type.Optional(Type.Boolean()),
  notify: Type.Optional(Type.String()),
  drafts: Type.Optional(Type.String()),
});

/** AbandonInput: the reason, shown in the change's message. */
export const abandonInput = Type.Object({ message: Type.Optional(text), notify: Type.Optional(Type.String()) });

/** RestoreInput: the reason, shown in the change's message. */
export const restoreInput = Type.Object({ message: Type.Optional(text) });

/** SubmitInput (`on_behalf_of` and `notify` are accepted and not used). */
export const submitInput = Type.Object({
  on_behalf_of: Type.Optional(Type.Unknown()),
  notify: Type.Optional(Type.String()),
});

/** TopicInput: an empty or missing topic deletes it. */
export const topicInput = Type.Object({
  topic: Type.Optional(Type.Union([Type.String({ maxLength: 2048 }), Type.Null()])),
});

/** The change and revision path parameters. */
export const changeParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 1000 }) });
/** The change and `{revision-id}` path parameters. */
export const revisionParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 1000 }),
  revision: Type.String({ minLength: 1, maxLength: 100 }),
});

/** A submit type, or INHERIT for the configured default. */
export const submitTypeSchema = Type.Union([...SUBMIT_TYPES, 'INHERIT'].map((t) => Type.Literal(t)));
