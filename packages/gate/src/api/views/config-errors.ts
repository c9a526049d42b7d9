// Configuration errors as Zuul's `/config-errors` shows them: where (project, branch, file, line) and what.
import type { ConfigError } from '../../model/config-error.js';

/** One error; `short_error` is the first line, `error` the full text with its position. */
export function configErrorView(error: ConfigError): Record<string, unknown> {
  return {
    source_context: { project: error.project ?? null, branch: error.branch ?? null, path: error.file },
    line: error.line,
    column: error.column,
    error: `${error.file}:${error.line}:${error.column}: ${error.message}`,
    short_error: error.message.split('\n')[0],
    severity: error.severity,
    name: 'Unknown',
  };
}
