// Time in the formats the OpenStack APIs print.

/** Keystone's timestamp format: ISO 8601 with microseconds and a Z, e.g. 2026-11-23T19:18:20.000000Z. */
export function isoMicros(date: Date): string {
  return `${date.toISOString().slice(0, 19)}.${String(date.getUTCMilliseconds()).padStart(3, '0')}000Z`;
}

/** Seconds precision, as Nova prints: 2026-11-23T19:18:20Z. */
export function isoSeconds(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

/** Parses an ISO 8601 timestamp with or without zone (no zone means UTC, as in OpenStack); undefined when invalid. */
export function parseIso(text: string): Date | undefined {
  const withZone = /[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text}Z`;
  const date = new Date(withZone);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
