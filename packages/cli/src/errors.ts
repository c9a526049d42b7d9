// Commands fail by throwing ExitError; main.ts prints the message and exits with the code.

export class ExitError extends Error {
  constructor(
    message: string,
    readonly code = 1,
  ) {
    super(message);
  }
}
