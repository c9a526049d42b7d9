// Small helpers so one query works the same on SQLite, PostgreSQL and MariaDB.

/** Booleans are stored as 0/1 integers: SQLite cannot bind JS booleans and MariaDB has no boolean type. */
export function toDbBool(value: boolean): number {
  return value ? 1 : 0;
}

export function fromDbBool(value: unknown): boolean {
  return value === 1 || value === true || value === '1';
}

/** JSON documents are stored as text (MariaDB's JSON is text too). */
export function toDbJson(value: unknown): string {
  return JSON.stringify(value ?? {});
}

export function fromDbJson<T = Record<string, unknown>>(value: unknown, fallback: T): T {
  if (typeof value !== 'string' || value === '') return fallback;
  return JSON.parse(value) as T;
}

/** True when the error is a unique-constraint violation on any of the three engines. */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; errno?: number; message?: string };
  return (
    e?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    e?.code === '23505' ||
    e?.code === 'ER_DUP_ENTRY' ||
    e?.errno === 1062
  );
}
