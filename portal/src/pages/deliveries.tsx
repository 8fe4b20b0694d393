import { Alert, Button, Group, Loader, Paper, Select, Stack, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { Suspense, lazy, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DeliveryDrawer } from '../components/delivery-drawer';
import { DeliveryTable } from '../components/delivery-table';
import { EmptyState } from '../components/empty-state';
import { ExplainDrawer } from '../components/explain-drawer';
import { LoadMore } from '../components/load-more';
import { api, errorMessage, get } from '../lib/api';
import { useMe } from '../lib/auth';
import { useDirectory } from '../lib/directory';
import { DELIVERY_CHANNELS, DELIVERY_STATUSES } from '../lib/labels';
import { useLive } from '../lib/live';
import { can } from '../lib/roles';
import { linkHandler } from '../lib/router';
import type { Delivery, DeliveryDetail } from '../lib/types';
import { usePagedList } from '../lib/use-paged-list';

// recharts is most of the charts' weight: loaded when the Deliveries page is first shown.
const DeliveryCharts = lazy(() => import('../components/delivery-charts').then((m) => ({ default: m.DeliveryCharts })));

export function DeliveriesPage() {
  const { t } = useTranslation();
  const me = useMe();
  const dir = useDirectory();
  const [status, setStatus] = useState<string | null>(null);
  const [channel, setChannel] = useState<string | null>(null);
  const [agentId, setAgentId] = useState<string | null>(null);
  const [sessionInput, setSessionInput] = useState('');
  const [sessionId] = useDebouncedValue(sessionInput.trim(), 300);
  const [openId, setOpenId] = useState<string | null>(null);
  const [detail, setDetail] = useState<DeliveryDetail | null>(null);
  const [retrying, setRetrying] = useState<string | null>(null);
  const mayRetry = can(me.role, 'retryDeliveries');
  const [explainId, setExplainId] = useState<string | null>(null);
  const list = usePagedList<Delivery>('/api/deliveries', { status, channel, agentId, sessionId }, 'delivery.updated');

  const openDetail = (id: string) => {
    setOpenId(id);
    get<DeliveryDetail>(`/api/deliveries/${id}`).then(setDetail, (err) =>
      notifications.show({ color: 'red', title: t('deliveries.loadFailed'), message: errorMessage(err) }),
    );
  };
  // The drawer shows attempts, which the event does not carry: fetch them again.
  useLive<Delivery>('delivery.updated', (d) => d.id === openId && openDetail(d.id));

  const retry = async (id: string) => {
    setRetrying(id);
    try {
      const d = await api<Delivery>('POST', `/api/deliveries/${id}/retry`);
      list.setItems((cur) => cur.map((x) => (x.id === id ? { ...x, ...d } : x)));
      notifications.show({ color: 'blue', message: t('deliveries.requeued') });
    } catch (err) {
      notifications.show({ color: 'red', title: t('deliveries.retryRefused'), message: errorMessage(err) });
    } finally {
      setRetrying(null);
    }
  };
  const clear = () => {
    setStatus(null);
    setChannel(null);
    setAgentId(null);
    setSessionInput('');
  };

  return (
    <Stack>
      <Title order={2}>{t('deliveries.title')}</Title>
      <Paper withBorder p="sm">
        <Group align="end">
          <Select
            label={t('common.status')}
            placeholder={t('common.anyStatus')}
            data={DELIVERY_STATUSES.map((s) => ({ value: s, label: t(`status.delivery.${s}`) }))}
            value={status}
            onChange={setStatus}
            clearable
            w={{ base: 'calc(50% - 8px)', xs: 160 }}
          />
          <Select
            label={t('common.channel')}
            placeholder={t('common.anyChannel')}
            data={DELIVERY_CHANNELS}
            value={channel}
            onChange={setChannel}
            clearable
            w={{ base: 'calc(50% - 8px)', xs: 160 }}
          />
          <Select
            label={t('common.agent')}
            placeholder={t('common.anyAgent')}
            data={dir.agents.map((a) => ({ value: a.id, label: a.name }))}
            value={agentId}
            onChange={setAgentId}
            clearable
            searchable
            w={{ base: 'calc(50% - 8px)', xs: 200 }}
          />
          <TextInput
            label={t('common.session')}
            placeholder={t('deliveries.sessionId')}
            value={sessionInput}
            onChange={(e) => setSessionInput(e.currentTarget.value)}
            w={{ base: 'calc(50% - 8px)', xs: 220 }}
          />
          {list.loading && <Loader size="sm" mb={8} />}
        </Group>
      </Paper>
      <Suspense fallback={<Loader size="sm" />}>
        <DeliveryCharts channel={channel} />
      </Suspense>
      {list.error && <Alert color="red">{list.error}</Alert>}
      {list.items.length === 0 && !list.loading && (list.filtered ? <NoMatch onClear={clear} /> : <NoDeliveriesYet />)}
      {list.items.length > 0 && (
        <DeliveryTable
          items={list.items}
          onOpen={openDetail}
          onRetry={mayRetry ? (id) => void retry(id) : undefined}
          onExplain={can(me.role, 'explain') ? setExplainId : undefined}
          retrying={retrying}
        />
      )}
      <LoadMore list={list} />
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
      <ExplainDrawer id={explainId} onClose={() => setExplainId(null)} />
    </Stack>
  );
}

function NoMatch({ onClear }: { onClear(): void }) {
  const { t } = useTranslation();
  return (
    <EmptyState
      title={t('deliveries.noMatch')}
      action={
        <Button size="xs" variant="default" onClick={onClear}>
          {t('common.clearFilters')}
        </Button>
      }
    >
      {t('deliveries.noMatchHint')}
    </EmptyState>
  );
}

function NoDeliveriesYet() {
  const { t } = useTranslation();
  const me = useMe();
  return (
    <EmptyState
      title={t('deliveries.emptyTitle')}
      docs="/api/docs"
      action={
        can(me.role, 'agents') ? (
          <Button size="xs" component="a" href="/agents" onClick={linkHandler('/agents')}>
            {t('deliveries.setUpPush')}
          </Button>
        ) : undefined
      }
    >
      {t('deliveries.emptyHint')}
    </EmptyState>
  );
}
