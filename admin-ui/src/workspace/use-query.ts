// Loads one GraphQL query for a page and reloads it on demand (or when its inputs or the language change).
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, gql } from '../api/graphql';
import { useLanguage } from '../shell/i18n';

export interface QueryState<T> {
  readonly data: T | undefined;
  readonly error: ApiError | undefined;
  readonly loading: boolean;
  /** Fetches again; the current data stays on screen until the new answer arrives. */
  reload(): Promise<void>;
}

export function useQuery<T>(query: string, variables: Record<string, unknown> | undefined, skip = false): QueryState<T> {
  const { language } = useLanguage();
  const [data, setData] = useState<T>();
  const [error, setError] = useState<ApiError>();
  const [loading, setLoading] = useState(!skip);
  const key = JSON.stringify(variables ?? {});
  const latest = useRef(0);

  const run = useCallback(async () => {
    if (skip) return;
    const ticket = ++latest.current;
    setLoading(true);
    try {
      const result = await gql<T>(query, JSON.parse(key) as Record<string, unknown>);
      if (ticket !== latest.current) return;
      setData(result);
      setError(undefined);
    } catch (e) {
      if (ticket !== latest.current) return;
      setError(e instanceof ApiError ? e : new ApiError([{ message: String(e), code: 'INTERNAL', extensions: {} }]));
    } finally {
      if (ticket === latest.current) setLoading(false);
    }
    // The language is a dependency: labels come back in the language of the request.
  }, [query, key, skip, language]);

  useEffect(() => {
    void run();
  }, [run]);

  return { data, error, loading, reload: run };
}
