import { Anchor, Badge, Button, Group, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { api, errorMessage } from '../lib/api';
import { useMe } from '../lib/auth';
import { loadDirectory } from '../lib/directory';
import { can } from '../lib/roles';
import { linkHandler, navigate } from '../lib/router';
import type { Agent, Page } from '../lib/types';
import { useFetch } from '../lib/use-fetch';

export function AgentsPage() {
  const me = useMe();
  const { data, loading } = useFetch<Page<Agent>>('/api/agents');
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);

  const create = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      const a = await api<Agent>('POST', '/api/agents', { name: name.trim() });
      void loadDirectory(true);
      navigate(`/agents/${a.id}`);
    } catch (err) {
      notifications.show({ color: 'red', title: 'Agent not created', message: errorMessage(err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack>
      <Title order={2}>Agents</Title>
      {can(me.role, 'editAgents') && (
        <Paper withBorder p="sm" component="form" onSubmit={create}>
          <Group align="end">
            <TextInput label="New agent" placeholder="Agent name" value={name} onChange={(e) => setName(e.currentTarget.value)} w={300} />
            <Button type="submit" disabled={!name.trim()} loading={busy}>
              Create agent
            </Button>
          </Group>
        </Paper>
      )}
      {data && data.items.length === 0 && <Text c="dimmed">No agents yet.</Text>}
      {loading && !data && <Text c="dimmed">Loading…</Text>}
      {data && data.items.length > 0 && (
        <Table striped highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Id</Table.Th>
              <Table.Th>Push notifications</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data.items.map((a) => (
              <Table.Tr key={a.id}>
                <Table.Td>
                  <Anchor href={`/agents/${a.id}`} onClick={linkHandler(`/agents/${a.id}`)}>
                    {a.name}
                  </Anchor>
                </Table.Td>
                <Table.Td ff="monospace" fz="sm">
                  {a.id}
                </Table.Td>
                <Table.Td>{a.hasPushConfig ? <Badge color="green">Configured</Badge> : <Badge color="gray">None</Badge>}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
