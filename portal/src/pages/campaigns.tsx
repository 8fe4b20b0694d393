import { Anchor, Button, Group, Progress, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../components/empty-state';
import { LoadError } from '../components/missing-api';
import { StatusBadge } from '../components/status-badge';
import { get } from '../lib/api';
import { useMe } from '../lib/auth';
import { totals } from '../lib/campaign-draft';
import { num, when } from '../lib/labels';
import { can } from '../lib/roles';
import { linkHandler } from '../lib/router';
import type { Campaign, Page } from '../lib/types';
import { useFetch } from '../lib/use-fetch';
import { usePoll } from '../lib/use-poll';

export function CampaignsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const mayCreate = can(me.role, 'editCampaigns');
  const { data, error, loading, setData } = useFetch<Page<Campaign>>('/api/campaigns');
  const anyRunning = data?.items.some((c) => c.status === 'running') ?? false;
  // Campaign progress has no live events: refresh the list while something is running.
  usePoll(async () => setData(await get<Page<Campaign>>('/api/campaigns')), 2000, anyRunning);
  const newButton = (
    <Button component="a" href="/campaigns/new" onClick={linkHandler('/campaigns/new')}>
      {t('campaigns.new')}
    </Button>
  );

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('campaigns.title')}</Title>
        {/* With no campaigns yet, the empty state below carries this button instead. */}
        {mayCreate && data && data.items.length > 0 && newButton}
      </Group>
      {error && <LoadError error={error} what={t('campaigns.title')} />}
      {loading && !data && <Text c="dimmed">{t('common.loading')}</Text>}
      {data && data.items.length === 0 && (
        <EmptyState title={t('campaigns.emptyTitle')} action={mayCreate ? newButton : undefined} docs="/api/docs">
          {t('campaigns.emptyHint')}
        </EmptyState>
      )}
      {data && data.items.length > 0 && <CampaignTable campaigns={data.items} />}
    </Stack>
  );
}

function CampaignTable({ campaigns }: { campaigns: Campaign[] }) {
  const { t } = useTranslation();
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table striped highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('common.name')}</Table.Th>
            <Table.Th>{t('common.status')}</Table.Th>
            <Table.Th>{t('campaigns.participants')}</Table.Th>
            <Table.Th w={260}>{t('campaigns.progress')}</Table.Th>
            <Table.Th>{t('deliveries.created')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {campaigns.map((c) => {
            const tot = totals(c);
            return (
              <Table.Tr key={c.id} data-campaign-id={c.id}>
                <Table.Td>
                  <Anchor href={`/campaigns/${c.id}`} onClick={linkHandler(`/campaigns/${c.id}`)}>
                    {c.name}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  <StatusBadge kind="campaign" status={c.status} />
                </Table.Td>
                <Table.Td>{c.status === 'draft' ? '—' : num(c.participants)}</Table.Td>
                <Table.Td>
                  {tot.total > 0 ? (
                    <Group gap="xs" wrap="nowrap">
                      <Progress value={(tot.sent / tot.total) * 100} w={140} aria-label={t('campaigns.progressOf', { name: c.name })} />
                      <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                        {t('campaigns.sentOf', { sent: num(tot.sent), total: num(tot.total) })}
                      </Text>
                    </Group>
                  ) : (
                    <Text size="sm" c="dimmed">
                      {t('campaigns.stageCount', { n: num(c.stages.length) })}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{when(c.createdAt)}</Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
