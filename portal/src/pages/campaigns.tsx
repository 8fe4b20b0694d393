import { Anchor, Badge, Button, Group, Progress, Stack, Table, Text, Title } from '@mantine/core';
import { LoadError } from '../components/missing-api';
import { get } from '../lib/api';
import { useMe } from '../lib/auth';
import { CAMPAIGN_STATUS_COLOR, totals } from '../lib/campaign-draft';
import { when } from '../lib/labels';
import { can } from '../lib/roles';
import { linkHandler } from '../lib/router';
import type { Campaign, Page } from '../lib/types';
import { useFetch } from '../lib/use-fetch';
import { usePoll } from '../lib/use-poll';

export function CampaignsPage() {
  const me = useMe();
  const { data, error, loading, setData } = useFetch<Page<Campaign>>('/api/campaigns');
  const anyRunning = data?.items.some((c) => c.status === 'running') ?? false;
  // Campaign progress has no live events: refresh the list while something is running.
  usePoll(async () => setData(await get<Page<Campaign>>('/api/campaigns')), 2000, anyRunning);

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Campaigns</Title>
        {can(me.role, 'editCampaigns') && (
          <Button component="a" href="/campaigns/new" onClick={linkHandler('/campaigns/new')}>
            New campaign
          </Button>
        )}
      </Group>
      {error && <LoadError error={error} what="Campaigns" />}
      {loading && !data && <Text c="dimmed">Loading…</Text>}
      {data && data.items.length === 0 && <Text c="dimmed">No campaigns yet.</Text>}
      {data && data.items.length > 0 && (
        <Table striped highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Participants</Table.Th>
              <Table.Th w={260}>Progress</Table.Th>
              <Table.Th>Created</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data.items.map((c) => {
              const t = totals(c);
              return (
                <Table.Tr key={c.id} data-campaign-id={c.id}>
                  <Table.Td>
                    <Anchor href={`/campaigns/${c.id}`} onClick={linkHandler(`/campaigns/${c.id}`)}>
                      {c.name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <Badge color={CAMPAIGN_STATUS_COLOR[c.status]}>{c.status}</Badge>
                  </Table.Td>
                  <Table.Td>{c.status === 'draft' ? '—' : c.participants}</Table.Td>
                  <Table.Td>
                    {t.total > 0 ? (
                      <Group gap="xs" wrap="nowrap">
                        <Progress value={(t.sent / t.total) * 100} w={140} aria-label={`${c.name} progress`} />
                        <Text size="sm">
                          {t.sent} / {t.total} sent
                        </Text>
                      </Group>
                    ) : (
                      <Text size="sm" c="dimmed">
                        {c.stages.length} {c.stages.length === 1 ? 'stage' : 'stages'}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{when(c.createdAt)}</Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
