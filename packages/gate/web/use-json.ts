// Loads one JSON document of the tenant's API for a page (once), with its error.
import { useEffect, useState } from 'react';
import { getJson, type PageContext } from './api.js';

export function useJson<T>(ctx: PageContext, path: string): { data: T | null; error: string | null } {
  const [state, setState] = useState<{ data: T | null; error: string | null }>({ data: null, error: null });
  useEffect(() => {
    let stopped = false;
    getJson<T>(ctx, path).then(
      (data) => !stopped && setState({ data, error: null }),
      (err: unknown) => !stopped && setState({ data: null, error: err instanceof Error ? err.message : String(err) }),
    );
    return () => {
      stopped = true;
    };
  }, [ctx, path]);
  return state;
}
