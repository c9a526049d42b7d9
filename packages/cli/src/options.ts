// The options every command shares, turned into config overrides.
import type { LoadConfigOptions } from '@nubo/core';

export interface CommonOptions {
  config?: string;
  dataDir?: string;
  host?: string;
  port?: string;
  database?: string;
  logLevel?: string;
}

export function loadOptions(options: CommonOptions): LoadConfigOptions {
  const overrides: Record<string, Record<string, unknown>> = {};
  const set = (section: string, key: string, value: unknown) => {
    if (value === undefined) return;
    overrides[section] = { ...(overrides[section] ?? {}), [key]: value };
  };
  set('data', 'dir', options.dataDir);
  set('server', 'host', options.host);
  set('server', 'port', options.port === undefined ? undefined : Number(options.port));
  set('database', 'url', options.database);
  set('log', 'level', options.logLevel);
  return { ...(options.config ? { file: options.config } : {}), overrides };
}
