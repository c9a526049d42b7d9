// The `review` section of nubo.yaml.
import { type Static, Type } from 'typebox';

/** Gerrit's submit types (project.config `submit.action`), plus nubo's SQUASH (Zuul's `squash-merge`). */
export const SUBMIT_TYPES = [
  'MERGE_IF_NECESSARY',
  'FAST_FORWARD_ONLY',
  'MERGE_ALWAYS',
  'REBASE_IF_NECESSARY',
  'REBASE_ALWAYS',
  'CHERRY_PICK',
  'SQUASH',
] as const;

/** A project's submit type. */
export type SubmitType = (typeof SUBMIT_TYPES)[number];

/** The `review` section of nubo.yaml: every field with its default and help. */
export const reviewSection = Type.Object({
  gitBinary: Type.String({ default: 'git', description: 'The git program (found on searchPath unless absolute).' }),
  searchPath: Type.String({
    default: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    description: 'PATH given to git and its hooks; git runs with an environment of its own, never the server one.',
  }),
  repositoryDir: Type.String({
    default: '',
    description: 'Where the bare repositories live (Gerrit basePath); empty means <data dir>/review/git.',
  }),
  anonymousRead: Type.Boolean({
    default: true,
    description:
      'Anonymous callers may read projects and changes and clone over HTTP (Gerrit grants Read on refs/* to ' +
      'Anonymous Users by default); writes always need a user.',
  }),
  basicAuthCacheSeconds: Type.Integer({
    default: 300,
    minimum: 0,
    description: 'How long a checked HTTP Basic password is trusted before Identity is asked again (0: every time).',
  }),
  defaultBranch: Type.String({ default: 'master', description: 'HEAD of a project created without `branches`.' }),
  defaultSubmitType: Type.Union(
    SUBMIT_TYPES.map((t) => Type.Literal(t)),
    { default: 'MERGE_IF_NECESSARY', description: 'Submit type of a project created without one.' },
  ),
  eventBacklog: Type.Integer({
    default: 1000,
    minimum: 0,
    description: 'Events kept in memory so an /events client reconnecting with Last-Event-ID misses none.',
  }),
  hookSocket: Type.String({
    default: '',
    description:
      'Unix socket the git hooks call back on; empty means <data dir>/review/hook.sock (or a private temp dir ' +
      'when that path is too long for a socket).',
  }),
  webhookTimeoutMs: Type.Integer({
    default: 5000,
    minimum: 100,
    description: 'How long a project webhook POST may take before it is abandoned.',
  }),
});

/** The compiled `review` section. */
export type ReviewConfig = Static<typeof reviewSection>;
