// Who makes a request, as Nova's RequestContext states it: the user, the project, and whether it is an admin.

/** The facts domain functions need about the caller (never the token itself). */
export interface Caller {
  userId: string;
  /** The token's project; Compute's APIs need a project-scoped token. */
  projectId: string;
  /** Nova's `context.is_admin`: the `context_is_admin` rule holds (the admin role, by default). */
  isAdmin: boolean;
  /** The request id (`req-…`), recorded on instance actions and tasks. */
  requestId: string;
}
