// Collects configuration errors with their positions instead of throwing at the first one (Zuul's accumulator).
import type { ConfigError, ConfigErrorSeverity } from '../model/config-error.js';
import type { SourcePosition } from '../model/source-position.js';

/**
 * Appends errors to a shared list, stamping each with the repository it came from. `errorCount` lets a parser tell
 * whether anything went wrong while it read one object (warnings do not count).
 */
export class Reporter {
  private errorsSeen = 0;

  constructor(
    readonly errors: ConfigError[],
    private readonly origin: { readonly project?: string; readonly branch?: string } = {},
  ) {}

  /** The number of errors (not warnings) reported through this reporter. */
  get errorCount(): number {
    return this.errorsSeen;
  }

  error(pos: SourcePosition, message: string): void {
    this.add(pos, message, 'error');
  }

  warning(pos: SourcePosition, message: string): void {
    this.add(pos, message, 'warning');
  }

  /** A reporter writing to the same list for another repository or branch. */
  forOrigin(origin: { readonly project?: string; readonly branch?: string }): Reporter {
    return new Reporter(this.errors, origin);
  }

  private add(pos: SourcePosition, message: string, severity: ConfigErrorSeverity) {
    if (severity === 'error') this.errorsSeen++;
    const { file, line, column } = pos;
    this.errors.push({ file, line, column, message, severity, ...this.origin });
  }
}
