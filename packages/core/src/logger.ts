// Structured logs: pino, one logger per process, children per service and per request (with the request id).
import { type Logger, pino } from 'pino';
import type { LogConfig } from './config/config.js';

export type { Logger };

export function createLogger(config: Pick<LogConfig, 'level' | 'file'>): Logger {
  const destination = config.file
    ? pino.destination({ dest: config.file, mkdir: true, sync: false })
    : pino.destination(1);
  return pino(
    { level: config.level, base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime },
    destination,
  );
}
