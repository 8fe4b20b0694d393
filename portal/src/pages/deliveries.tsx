import { Alert, Anchor, Badge, Button, Group, Loader, Paper, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useEffect, useState } from 'react';
import { DeliveryDrawer } from '../components/delivery-drawer';
import { api, errorMessage, get, query } from '../lib/api';
import { useMe } from '../lib/auth';
import { useDirectory } from '../lib/directory';
import { DELIVERY_CHANNELS, DELIVERY_STATUSES, DELIVERY_STATUS_COLOR, shortId, when } from '../lib/labels';
import { useLive } from '../lib/live';
import { can } from '../lib/roles';
import { linkHandler } from '../lib/router';
import type { Delivery, DeliveryDetail, Page } from '../lib/types';

export function DeliveriesPage() {
  const me = useMe();
  const dir = useDirectory();
  const [status, setStatus] = useState<string | null>(null);
  const [channel, setChannel] = useState<string | null>(null);
  const [agentId, setAgentId] = useState<string | null>(null);
  const [sessionInput, setSessionInput] = useState('');
  const [sessionId] = useDebouncedValue(sessionInput.trim(), 300);
  const [items, setItems] = useState<Delivery[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [openId, setOpenId] = useState<string | null>(null);
  const [detail, setDetail] = useState<DeliveryDetail | null>(null);
  const [retrying, setRetrying] = useState<string | null>(null);
  const mayRetry = can(me.role, 'retryDeliveries');
  const filters = { status, channel, agentId, sessionId };

  const load = async (after: string | null) => {
    setLoading(true);
    try {
      const page = await get<Page<Delivery>>(`/api/deliveries${query({ ...filters, limit: 50, cursor: after })}`);
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
  }, [status, channel, agentId, sessionId]);

  const openDetail = (id: string) => {
    setOpenId(id);
    get<DeliveryDetail>(`/api/deliveries/${id}`).then(setDetail, (err) =>
      notifications.show({ color: 'red', title: 'Could not load the delivery', message: errorMessage(err) }),
    );
  };

  useLive<Delivery>('delivery.updated', (d) => {
    const matches =
      (!status || d.status === status) && (!channel || d.channel === channel) && (!agentId || d.agentId === agentId) && (!sessionId || d.sessionId === sessionId);
    setItems((cur) => {
      const i = cur.findIndex((x) => x.id === d.id);
      if (i >= 0) return matches ? cur.map((x) => (x.id === d.id ? { ...x, ...d } : x)) : cur.filter((x) => x.id !== d.id);
      return matches ? [d, ...cur] : cur;
    });
    // The drawer shows attempts, which the event does not carry: fetch them again.
    if (d.id === openId) openDetail(d.id);
  });

  const retry = async (id: string) => {
    setRetrying(id);
    try {
      const d = await api<Delivery>('POST', `/api/deliveries/${id}/retry`);
      setItems((cur) => cur.map((x) => (x.id === id ? { ...x, ...d } : x)));
      notifications.show({ color: 'blue', message: 'Delivery queued for another attempt.' });
    } catch (err) {
      notifications.show({ color: 'red', title: 'Retry refused', message: errorMessage(err) });
    } finally {
      setRetrying(null);
    }
  };

  return (
    <Stack>
      <Title order={2}>Deliveries</Title>
      <Paper withBorder p="sm">
        <Group align="end">
          <Select label="Status" placeholder="Any status" data={DELIVERY_STATUSES} value={status} onChange={setStatus} clearable w={160} />
          <Select label="Channel" placeholder="Any channel" data={DELIVERY_CHANNELS} value={channel} onChange={setChannel} clearable w={160} />
          <Select
            label="Agent"
            placeholder="Any agent"
            data={dir.agents.map((a) => ({ value: a.id, label: a.name }))}
            value={agentId}
            onChange={setAgentId}
            clearable
            searchable
            w={200}
          />
          <TextInput label="Session" placeholder="Session id" value={sessionInput} onChange={(e) => setSessionInput(e.currentTarget.value)} w={220} />
          {loading && <Loader size="sm" mb={8} />}
        </Group>
      </Paper>
      {error && <Alert color="red">{error}</Alert>}
      {items.length === 0 && !loading && <Text c="dimmed">No deliveries match these filters.</Text>}
      {items.length > 0 && (
        <Table.ScrollContainer minWidth={900}>
          <Table striped highlightOnHover fz="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Created</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Channel</Table.Th>
                <Table.Th>Target</Table.Th>
                <Table.Th>Session</Table.Th>
                <Table.Th>Attempts</Table.Th>
                <Table.Th>Last answer</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((d) => (
                <Table.Tr key={d.id} data-delivery-id={d.id}>
                  <Table.Td>
                    <Anchor component="button" size="sm" onClick={() => openDetail(d.id)}>
                      {when(d.createdAt)}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <Badge color={DELIVERY_STATUS_COLOR[d.status]}>{d.status}</Badge>
                  </Table.Td>
                  <Table.Td>{d.channel}</Table.Td>
                  <Table.Td maw={260} style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }} title={d.target ?? ''}>
                    {d.target ?? '—'}
                  </Table.Td>
                  <Table.Td ff="monospace">
                    {d.sessionId ? (
                      <Anchor href={`/sessions/${d.sessionId}`} onClick={linkHandler(`/sessions/${d.sessionId}`)} size="sm">
                        {shortId(d.sessionId)}
                      </Anchor>
                    ) : (
                      '—'
                    )}
                  </Table.Td>
                  <Table.Td>{d.attempts}</Table.Td>
                  <Table.Td>{d.lastStatusCode ?? d.lastError ?? d.reason ?? '—'}</Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      <Button size="compact-xs" variant="default" onClick={() => openDetail(d.id)}>
                        Details
                      </Button>
                      {mayRetry && d.status !== 'delivered' && d.status !== 'sending' && (
                        <Button size="compact-xs" variant="light" loading={retrying === d.id} onClick={() => void retry(d.id)}>
                          Retry
                        </Button>
                      )}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {cursor && (
        <Group justify="center">
          <Button variant="default" onClick={() => void load(cursor)} loading={loading}>
            Load more
          </Button>
        </Group>
      )}
      <DeliveryDrawer
        opened={openId !== null}
        detail={detail && detail.id === openId ? detail : null}
        onClose={() => {
          setOpenId(null);
          setDetail(null);
        }}
        onRetry={mayRetry && openId ? () => void retry(openId).then(() => openDetail(openId)) : undefined}
        retrying={retrying === openId}
      />
    </Stack>
  );
}
