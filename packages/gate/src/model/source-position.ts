// Where a piece of user-written configuration came from: file, line and column (1-based), as Zuul's ZuulMark.

/** A point in a configuration file; `line` and `column` start at 1, like an editor shows them. */
export interface SourcePosition {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** The position used for problems that belong to a whole file (an unreadable file, a file-level conflict). */
export function startOfFile(file: string): SourcePosition {
  return { file, line: 1, column: 1 };
}
