// Durations and times the way the status page shows them.

/** "4 min 05 s", "12 s", "1 h 03 min" for a number of milliseconds. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

/** Zuul's API times are UTC without a zone suffix. */
export function formatTime(zuulTime: string | null): string {
  if (!zuulTime) return '—';
  return `${zuulTime.replace('T', ' ')} UTC`;
}

/** The CSS class of a result (success, failure, …). */
export function resultClass(result: string | null): string {
  if (result === null) return 'running';
  if (result === 'SUCCESS') return 'success';
  if (result === 'SKIPPED') return 'skipped';
  if (result === 'ABORTED' || result === 'CANCELED' || result === 'DEQUEUED') return 'aborted';
  return 'failure';
}
