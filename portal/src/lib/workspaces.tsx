/**
 * Which workspace (business) the portal acts in, for operators who belong to several (CONTRACT
 * §14). Every API call and the live stream send X-Herald-Workspace; the choice is remembered in
 * this browser. Single sign-on and accepted invitations land with `?workspace=<id>`, which wins.
 *
 * Everything below the provider is mounted afresh on each switch, so every page reloads its data
 * in the new workspace and no list of the previous one stays on screen.
 */
import { Alert, Center, Loader } from '@mantine/core';
import { Fragment, createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, errorMessage, get, setApiWorkspace } from './api';
import { useAuth } from './auth';
import type { Operator, Workspace } from './types';

const STORAGE_KEY = 'herald.workspace';

interface Workspaces {
  list: Workspace[];
  current: Workspace;
  /** An admin of workspace `default` may create workspaces. */
  instanceAdmin: boolean;
  switchTo(id: string): Promise<void>;
  /** Lists the workspaces again (after one was created). */
  reload(): Promise<void>;
}

const WorkspacesContext = createContext<Workspaces | null>(null);

/**
 * `?workspace=` of the address the portal was opened at (read once, as the page loads: effects
 * may run twice), then removed from the address bar.
 */
const LANDING = new URL(location.href).searchParams.get('workspace');
function dropLandingFromAddress(): void {
  const url = new URL(location.href);
  if (!url.searchParams.has('workspace')) return;
  url.searchParams.delete('workspace');
  history.replaceState(history.state, '', url.pathname + url.search + url.hash);
}

function remembered(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

export function WorkspacesProvider({ children }: { children: ReactNode }) {
  const { setOperator } = useAuth();
  const [list, setList] = useState<Workspace[] | null>(null);
  const [currentId, setCurrentId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const switchTo = useCallback(
    async (id: string) => {
      setApiWorkspace(id);
      try {
        localStorage.setItem(STORAGE_KEY, id);
      } catch {
        // Private windows may refuse storage; the choice then lasts this tab only.
      }
      // The operator's role is the one in that workspace.
      const me = await api<{ operator: Operator }>('GET', '/api/auth/me');
      setOperator(me.operator);
      setCurrentId(id);
    },
    [setOperator],
  );

  const reload = useCallback(async () => {
    setList((await get<{ items: Workspace[] }>('/api/workspaces')).items);
  }, []);

  useEffect(() => {
    let live = true;
    dropLandingFromAddress();
    get<{ items: Workspace[] }>('/api/workspaces')
      .then(async ({ items }) => {
        if (!live) return;
        const wanted = [LANDING, remembered()].find((id) => id && items.some((w) => w.id === id)) ?? items[0]?.id;
        setList(items);
        if (wanted) await switchTo(wanted);
      })
      .catch((err) => live && setError(errorMessage(err)));
    return () => {
      live = false;
    };
  }, [switchTo]);

  const current = list?.find((w) => w.id === currentId);
  const value = useMemo(
    () => (current && list ? { list, current, instanceAdmin: list.some((w) => w.id === 'default' && w.role === 'admin'), switchTo, reload } : null),
    [current, list, switchTo, reload],
  );
  if (error) {
    return (
      <Center h="100vh">
        <Alert color="red">{error}</Alert>
      </Center>
    );
  }
  if (!value) {
    return (
      <Center h="100vh">
        <Loader />
      </Center>
    );
  }
  return (
    <WorkspacesContext.Provider value={value}>
      <Fragment key={value.current.id}>{children}</Fragment>
    </WorkspacesContext.Provider>
  );
}

export function useWorkspaces(): Workspaces {
  const ctx = useContext(WorkspacesContext);
  if (!ctx) throw new Error('useWorkspaces outside WorkspacesProvider');
  return ctx;
}
