import { useEffect, useState } from 'react';
import { get } from './api';
import type { Agent, Department, Operator, Page } from './types';

export interface Directory {
  agents: Agent[];
  operators: Operator[];
  departments: Department[];
}

const EMPTY: Directory = { agents: [], operators: [], departments: [] };
let cached: Promise<Directory> | undefined;

/** Names for the ids sessions and deliveries carry; loaded once per page load, refreshable. */
export function loadDirectory(fresh = false): Promise<Directory> {
  if (!cached || fresh) {
    const list = <T>(p: string) =>
      get<Page<T>>(p).then(
        (r) => r.items,
        () => [] as T[],
      );
    cached = Promise.all([list<Agent>('/api/agents'), list<Operator>('/api/operators'), list<Department>('/api/departments')]).then(
      ([agents, operators, departments]) => ({ agents, operators, departments }),
    );
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
