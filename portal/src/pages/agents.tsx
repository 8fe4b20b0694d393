import { Anchor, Badge, Button, Group, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../components/empty-state';
import { api, errorMessage } from '../lib/api';
import { useMe } from '../lib/auth';
import { loadDirectory } from '../lib/directory';
import { can } from '../lib/roles';
import { linkHandler, navigate } from '../lib/router';
import type { Agent, Page } from '../lib/types';
import { useFetch } from '../lib/use-fetch';

export function AgentsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const mayCreate = can(me.role, 'editAgents');
  const { data, loading } = useFetch<Page<Agent>>('/api/agents');
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const nameInput = useRef<HTMLInputElement>(null);

  const create = async (e: React.SyntheticEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      const a = await api<Agent>('POST', '/api/agents', { name: name.trim() });
      void loadDirectory(true);
      navigate(`/agents/${a.id}`);
    } catch (err) {
      notifications.show({ color: 'red', title: t('agents.notCreated'), message: errorMessage(err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack>
      <Title order={2}>{t('agents.title')}</Title>
      {mayCreate && (
        <Paper withBorder p="sm" component="form" onSubmit={create}>
          <Group align="end">
            <TextInput
              ref={nameInput}
              label={t('agents.newAgent')}
              placeholder={t('agents.namePlaceholder')}
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              w={{ base: '100%', xs: 300 }}
            />
            <Button type="submit" disabled={!name.trim()} loading={busy}>
              {t('agents.create')}
            </Button>
          </Group>
        </Paper>
      )}
      {data && data.items.length === 0 && (
        <EmptyState
          title={t('agents.emptyTitle')}
          docs="/api/docs"
          action={
            mayCreate ? (
              <Button size="xs" onClick={() => nameInput.current?.focus()}>
                {t('agents.createFirst')}
              </Button>
            ) : undefined
          }
        >
          {t('agents.emptyHint')}
        </EmptyState>
      )}
      {loading && !data && <Text c="dimmed">{t('common.loading')}</Text>}
      {data && data.items.length > 0 && <AgentTable agents={data.items} />}
    </Stack>
  );
}

function AgentTable({ agents }: { agents: Agent[] }) {
  const { t } = useTranslation();
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table striped highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('common.name')}</Table.Th>
            <Table.Th>{t('agents.id')}</Table.Th>
            <Table.Th>{t('agents.push')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {agents.map((a) => (
            <Table.Tr key={a.id}>
              <Table.Td>
                <Anchor href={`/agents/${a.id}`} onClick={linkHandler(`/agents/${a.id}`)}>
                  {a.name}
                </Anchor>
              </Table.Td>
              <Table.Td ff="monospace" fz="sm">
                {a.id}
              </Table.Td>
              <Table.Td>
                {a.hasPushConfig ? (
                  <Badge color="green" variant="light">
                    {t('agents.configured')}
                  </Badge>
                ) : (
                  // Not configured: the way to configure it, rather than a grey "None".
                  <Anchor href={`/agents/${a.id}#push`} onClick={linkHandler(`/agents/${a.id}#push`)} size="sm">
                    {t('agents.setUpPush')}
                  </Anchor>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
