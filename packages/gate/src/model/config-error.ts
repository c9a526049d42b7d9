// A problem found in user-written configuration, kept with its position so the gate can report it on the change.
import type { SourcePosition } from './source-position.js';

/** Errors make a configuration unusable; warnings are reported but the object is still loaded. */
export type ConfigErrorSeverity = 'error' | 'warning';

/**
 * One configuration problem. Errors are accumulated, never thrown at the first one, so a change that breaks three
 * jobs hears about all three. `project`/`branch` say which repository the file belongs to.
 */
export interface ConfigError extends SourcePosition {
  readonly message: string;
  readonly severity: ConfigErrorSeverity;
  readonly project?: string;
  readonly branch?: string;
}

/**
 * Renders an error the way compilers do, e.g. `.zuul.yaml:12:3: job 'x' has unknown parent 'y'`; warnings carry a
 * `warning:` prefix so that a reader tells them apart.
 */
export function formatConfigError(error: ConfigError): string {
  const prefix = error.severity === 'warning' ? 'warning: ' : '';
  return `${error.file}:${error.line}:${error.column}: ${prefix}${error.message}`;
}
