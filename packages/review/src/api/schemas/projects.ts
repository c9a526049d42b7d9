// Request bodies of /projects/ (Gerrit's ProjectInput, ConfigInput, BranchInput, HeadInput) and the webhooks remotes.
import { Type } from 'typebox';
import { submitTypeSchema } from './changes.js';

const state = Type.Union([Type.Literal('ACTIVE'), Type.Literal('READ_ONLY'), Type.Literal('HIDDEN')]);

/** ProjectInput: what PUT /projects/{name} reads (permissions and owners are accepted and not used). */
export const projectInput = Type.Object({
  name: Type.Optional(Type.String({ maxLength: 255 })),
  parent: Type.Optional(Type.String({ maxLength: 255 })),
  description: Type.Optional(Type.String({ maxLength: 65536 })),
  permissions_only: Type.Optional(Type.Boolean()),
  create_empty_commit: Type.Optional(Type.Boolean()),
  submit_type: Type.Optional(submitTypeSchema),
  branches: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 255 }), { maxItems: 100 })),
  owners: Type.Optional(Type.Array(Type.String())),
  state: Type.Optional(state),
});

/** ConfigInput: the project settings PUT /projects/{name}/config changes. */
export const configInput = Type.Object({
  description: Type.Optional(Type.String({ maxLength: 65536 })),
  submit_type: Type.Optional(submitTypeSchema),
  state: Type.Optional(state),
});

/** The body of PUT /projects/{name}/description. */
export const descriptionInput = Type.Object({ description: Type.Optional(Type.String({ maxLength: 65536 })) });

/** BranchInput: PUT /projects/{name}/branches/{branch} (`revision` defaults to HEAD). */
export const branchInput = Type.Object({
  ref: Type.Optional(Type.String({ maxLength: 255 })),
  revision: Type.Optional(Type.String({ maxLength: 255 })),
});

/** HeadInput: the branch HEAD should point at. */
export const headInput = Type.Object({ ref: Type.String({ minLength: 1, maxLength: 255 }) });

/** RemoteInfo of the webhooks plugin: where to POST, and which event types (none: all). */
export const remoteInfo = Type.Object({
  url: Type.String({ minLength: 1, maxLength: 2048, pattern: '^https?://' }),
  events: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 32 })),
  maxTries: Type.Optional(Type.Integer()),
  sslVerify: Type.Optional(Type.Boolean()),
});

/** The `{project-name}` path parameter (URL-encoded in the path, decoded here). */
export const projectParams = Type.Object({ name: Type.String({ minLength: 1, maxLength: 1000 }) });
/** The project and `{branch-id}` path parameters. */
export const branchParams = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 1000 }),
  branch: Type.String({ minLength: 1, maxLength: 1000 }),
});
/** The project and webhook remote path parameters. */
export const remoteParams = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 1000 }),
  remote: Type.String({ minLength: 1, maxLength: 255, pattern: '^[A-Za-z0-9._-]+$' }),
});
