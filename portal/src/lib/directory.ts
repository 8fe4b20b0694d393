import { useEffect, useState } from 'react';
import { get, workspaceHeaders } from './api';
import type { Agent, Department, Operator, Page } from './types';

export interface Directory {
  agents: Agent[];
  operators: Operator[];
  departments: Department[];
}

const EMPTY: Directory = { agents: [], operators: [], departments: [] };
/** Per workspace: each has its own agents, operators and departments. */
const cache = new Map<string, Promise<Directory>>();

/** Names for the ids sessions and deliveries carry; loaded once per page load and workspace, refreshable. */
export function loadDirectory(fresh = false): Promise<Directory> {
  const key = workspaceHeaders()['x-herald-workspace'] ?? '';
  let cached = cache.get(key);
  if (!cached || fresh) {
    const list = <T>(p: string) =>
      get<Page<T>>(p).then(
        (r) => r.items,
        () => [] as T[],
      );
    cached = Promise.all([list<Agent>('/api/agents'), list<Operator>('/api/operators'), list<Department>('/api/departments')]).then(
      ([agents, operators, departments]) => ({ agents, operators, departments }),
    );
    cache.set(key, cached);
  }
  return cached;
}

export function useDirectory(): Directory & { name(kind: keyof Directory, id: string | null | undefined): string } {
  const [dir, setDir] = useState<Directory>(EMPTY);
  useEffect(() => {
    let on = true;
    void loadDirectory().then((d) => on && setDir(d));
    return () => {
      on = false;
    };
  }, []);
  const name = (kind: keyof Directory, id: string | null | undefined) => {
    if (!id) return '—';
    return (dir[kind] as Array<{ id: string; name: string }>).find((x) => x.id === id)?.name ?? id;
  };
  return { ...dir, name };
}
