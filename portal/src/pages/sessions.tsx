import { Alert, Button, Group, Loader, Paper, Select, Stack, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../components/empty-state';
import { LoadMore } from '../components/load-more';
import { SessionTable } from '../components/session-table';
import { useMe } from '../lib/auth';
import { useDirectory } from '../lib/directory';
import { CHANNELS, SESSION_STATUSES } from '../lib/labels';
import { can } from '../lib/roles';
import { linkHandler } from '../lib/router';
import type { Session } from '../lib/types';
import { usePagedList } from '../lib/use-paged-list';

const NO_FILTERS = { channel: null, status: null, agentId: null };
type Filters = { channel: string | null; status: string | null; agentId: string | null };

export function SessionsPage() {
  const { t } = useTranslation();
  const dir = useDirectory();
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const list = usePagedList<Session>('/api/sessions', filters, 'session.updated');

  const set = (k: keyof Filters) => (v: string | null) => setFilters((f) => ({ ...f, [k]: v }));
  const width = { base: 'calc(50% - 8px)', xs: 180 };
  return (
    <Stack>
      <Title order={2}>{t('sessions.title')}</Title>
      <Paper withBorder p="sm">
        <Group align="end">
          <Select
            label={t('common.channel')}
            placeholder={t('common.anyChannel')}
            data={CHANNELS.map((c) => ({ value: c, label: t(`channel.${c}`) }))}
            value={filters.channel}
            onChange={set('channel')}
            clearable
            w={width}
          />
          <Select
            label={t('common.status')}
            placeholder={t('common.anyStatus')}
            data={SESSION_STATUSES.map((s) => ({ value: s, label: t(`status.session.${s}`) }))}
            value={filters.status}
            onChange={set('status')}
            clearable
            w={width}
          />
          <Select
            label={t('common.agent')}
            placeholder={t('common.anyAgent')}
            data={dir.agents.map((a) => ({ value: a.id, label: a.name }))}
            value={filters.agentId}
            onChange={set('agentId')}
            clearable
            searchable
            w={{ base: 'calc(50% - 8px)', xs: 220 }}
          />
          {list.loading && <Loader size="sm" mb={8} />}
        </Group>
      </Paper>
      {list.error && <Alert color="red">{list.error}</Alert>}
      {list.items.length > 0 && <SessionTable sessions={list.items} />}
      {list.items.length === 0 &&
        !list.loading &&
        (list.filtered ? <NoMatch onClear={() => setFilters(NO_FILTERS)} /> : <NoSessionsYet noAgents={dir.agents.length === 0} />)}
      <LoadMore list={list} />
    </Stack>
  );
}

function NoMatch({ onClear }: { onClear(): void }) {
  const { t } = useTranslation();
  return (
    <EmptyState
      title={t('sessions.noMatch')}
      action={
        <Button size="xs" variant="default" onClick={onClear}>
          {t('common.clearFilters')}
        </Button>
      }
    >
      {t('sessions.noMatchHint')}
    </EmptyState>
  );
}

/** A fresh install: say where sessions come from, and offer the first step that is missing. */
function NoSessionsYet({ noAgents }: { noAgents: boolean }) {
  const { t } = useTranslation();
  const me = useMe();
  const createAgent = noAgents && can(me.role, 'editAgents');
  return (
    <EmptyState
      title={t('sessions.emptyTitle')}
      docs="/api/docs"
      action={
        createAgent ? (
          <Button size="xs" component="a" href="/agents" onClick={linkHandler('/agents')}>
            {t('sessions.createFirstAgent')}
          </Button>
        ) : undefined
      }
    >
      {t('sessions.emptyHint')}
    </EmptyState>
  );
}
