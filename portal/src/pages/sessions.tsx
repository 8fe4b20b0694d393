import { Alert, Button, Group, Loader, Paper, Select, Stack, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { SessionTable } from '../components/session-table';
import { errorMessage, get, query } from '../lib/api';
import { useDirectory } from '../lib/directory';
import { CHANNELS, SESSION_STATUSES } from '../lib/labels';
import { useLive } from '../lib/live';
import type { Page, Session } from '../lib/types';

interface Filters {
  channel: string | null;
  status: string | null;
  agentId: string | null;
}

export function SessionsPage() {
  const dir = useDirectory();
  const [filters, setFilters] = useState<Filters>({ channel: null, status: null, agentId: null });
  const [items, setItems] = useState<Session[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);

  const load = async (after: string | null) => {
    setLoading(true);
    try {
      const page = await get<Page<Session>>(`/api/sessions${query({ ...filters, limit: 50, cursor: after })}`);
      setItems((cur) => (after ? [...cur, ...page.items] : page.items));
      setCursor(page.nextCursor ?? null);
      setError(null);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setLoading(false);
    }
  };

  useEffect(() => {
    void load(null);
  }, [filters.channel, filters.status, filters.agentId]);

  // Keep the list live: update rows in place, and show new sessions that match the filters on top.
  useLive<Session>('session.updated', (s) => {
    const matches =
      (!filters.channel || s.channel === filters.channel) &&
      (!filters.status || s.status === filters.status) &&
      (!filters.agentId || s.agentId === filters.agentId);
    setItems((cur) => {
      const i = cur.findIndex((x) => x.id === s.id);
      if (i >= 0) return matches ? cur.map((x) => (x.id === s.id ? s : x)) : cur.filter((x) => x.id !== s.id);
      return matches ? [s, ...cur] : cur;
    });
  });

  const set = (k: keyof Filters) => (v: string | null) => setFilters((f) => ({ ...f, [k]: v }));
  return (
    <Stack>
      <Title order={2}>Sessions</Title>
      <Paper withBorder p="sm">
        <Group align="end">
          <Select label="Channel" placeholder="Any channel" data={CHANNELS} value={filters.channel} onChange={set('channel')} clearable w={180} />
          <Select label="Status" placeholder="Any status" data={SESSION_STATUSES} value={filters.status} onChange={set('status')} clearable w={180} />
          <Select
            label="Agent"
            placeholder="Any agent"
            data={dir.agents.map((a) => ({ value: a.id, label: a.name }))}
            value={filters.agentId}
            onChange={set('agentId')}
            clearable
            searchable
            w={220}
          />
          {loading && <Loader size="sm" mb={8} />}
        </Group>
      </Paper>
      {error && <Alert color="red">{error}</Alert>}
      <SessionTable sessions={items} empty={loading ? 'Loading…' : 'No sessions match these filters.'} />
      {cursor && (
        <Group justify="center">
          <Button variant="default" onClick={() => void load(cursor)} loading={loading}>
            Load more
          </Button>
        </Group>
      )}
    </Stack>
  );
}
