// Who is signed in: the token (kept in localStorage) and the user it belongs to (`me`).
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { gql, onUnauthenticated, savedToken, setToken } from '../api/graphql';

export interface SessionUser {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly isAdmin: boolean;
  readonly department: string | null;
  readonly roles: readonly string[];
}

export const userFields = 'id username displayName isAdmin department roles';

interface SessionValue {
  /** undefined while the saved token is being checked; null when nobody is signed in. */
  readonly user: SessionUser | null | undefined;
  login(username: string, password: string): Promise<void>;
  logout(): void;
}

const SessionContext = createContext<SessionValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<SessionUser | null | undefined>(savedToken() ? undefined : null);

  useEffect(() => {
    if (!savedToken()) return;
    const controller = new AbortController();
    gql<{ me: SessionUser | null }>(`{ me { ${userFields} } }`, undefined, controller.signal).then(
      (data) => setUser(data.me),
      () => {
        if (controller.signal.aborted) return;
        setToken(null);
        setUser(null);
      },
    );
    return () => controller.abort();
  }, []);

  useEffect(
    () =>
      onUnauthenticated(() => {
        setToken(null);
        setUser(null);
      }),
    [],
  );

  const login = useCallback(async (username: string, password: string) => {
    const data = await gql<{ login: { token: string; user: SessionUser } }>(
      `mutation Login($username: String!, $password: String!) { login(username: $username, password: $password) { token user { ${userFields} } } }`,
      { username, password },
    );
    setToken(data.login.token);
    setUser(data.login.user);
  }, []);

  const logout = useCallback(() => {
    setToken(null);
    setUser(null);
  }, []);

  const value = useMemo(() => ({ user, login, logout }), [user, login, logout]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession() outside <SessionProvider>.');
  return value;
}

/** The signed-in user; only for pages behind <RequireSession>. */
export function useUser(): SessionUser {
  const { user } = useSession();
  if (!user) throw new Error('useUser() without a signed-in user.');
  return user;
}
