// job-output.txt: every console line of a build, stamped as Zuul stamps them (`2024-05-01 12:00:00.123456 | line`),
// appended to the build's log directory as it comes (the console stream follows the file) and handed to the listener.
import { createWriteStream, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import type { BuildListener } from './executor.js';

/** Zuul's console timestamp: UTC, microseconds (JavaScript has milliseconds; the last three digits are zero). */
export function consoleTimestamp(at: Date): string {
  const iso = at.toISOString(); // 2024-05-01T12:00:00.123Z
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}000`;
}

export class JobOutput {
  private readonly stream: WriteStream;

  constructor(
    logDir: string,
    private readonly listener: BuildListener | undefined,
  ) {
    this.stream = createWriteStream(join(logDir, 'job-output.txt'), { flags: 'a' });
    // A full disk must not crash the gate; the build goes on without its log.
    this.stream.on('error', () => {});
  }

  /** Writes one line (no newline) with the current time. */
  line(text: string): void {
    const stamped = `${consoleTimestamp(new Date())} | ${text}`;
    this.stream.write(`${stamped}\n`);
    try {
      this.listener?.console?.(stamped);
    } catch {
      // A listener's bug is not the build's failure.
    }
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.stream.end(resolve));
  }
}
