// The repository, branch and file a configuration object was read from, and whether that repo is trusted.

/**
 * The origin of a configuration object (Zuul's SourceContext): a file on a branch of a project. Trusted means a
 * config-project, whose jobs run with elevated privileges and which may define pipelines and base jobs.
 */
export interface SourceContext {
  readonly connection: string;
  readonly project: string;
  readonly branch: string;
  readonly path: string;
  readonly trusted: boolean;
}
