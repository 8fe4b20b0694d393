import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, setUnauthorizedHandler } from './api';
import type { Operator } from './types';

interface AuthState {
  status: 'loading' | 'signed-out' | 'signed-in';
  operator: Operator | null;
  login(email: string, password: string): Promise<void>;
  logout(): Promise<void>;
  /** Replaces the signed-in operator after a profile change. */
  setOperator(op: Operator): void;
}

const AuthContext = createContext<AuthState | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [operator, setOperator] = useState<Operator | null>(null);
  const [status, setStatus] = useState<AuthState['status']>('loading');

  useEffect(() => {
    setUnauthorizedHandler(() => {
      setOperator(null);
      setStatus('signed-out');
    });
    api<{ operator: Operator }>('GET', '/api/auth/me')
      .then((r) => {
        setOperator(r.operator);
        setStatus('signed-in');
      })
      .catch(() => setStatus('signed-out'));
  }, []);

  const login = useCallback(async (email: string, password: string) => {
    const r = await api<{ operator: Operator }>('POST', '/api/auth/login', { email, password });
    // /me has the full profile (departments, profile settings); login's body may be leaner.
    const me = await api<{ operator: Operator }>('GET', '/api/auth/me').catch(() => r);
    setOperator(me.operator);
    setStatus('signed-in');
  }, []);

  const logout = useCallback(async () => {
    await api('POST', '/api/auth/logout').catch(() => undefined);
    setOperator(null);
    setStatus('signed-out');
  }, []);

  const value = useMemo(() => ({ status, operator, login, logout, setOperator }), [status, operator, login, logout]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth outside AuthProvider');
  return ctx;
}

/** The signed-in operator; only for components rendered behind the sign-in gate. */
export function useMe(): Operator {
  const { operator } = useAuth();
  if (!operator) throw new Error('useMe while signed out');
  return operator;
}
