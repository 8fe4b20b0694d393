import '@mantine/charts/styles.css';
import { BarChart, LineChart } from '@mantine/charts';
import { Alert, Group, Loader, Paper, SegmentedControl, SimpleGrid, Table, Text, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage, query } from '../lib/api';
import type { DeliveryAnalytics } from '../lib/types';
import { useFetch } from '../lib/use-fetch';

/** The ranges offered, each with the bucket that keeps its chart readable (≤ 168 points). */
const RANGES = {
  '1h': { ms: 3_600_000, bucket: 'minute' },
  '24h': { ms: 86_400_000, bucket: 'hour' },
  '7d': { ms: 7 * 86_400_000, bucket: 'hour' },
  '30d': { ms: 30 * 86_400_000, bucket: 'day' },
} as const;
type Range = keyof typeof RANGES;

const percent = (v: number | null) => (v === null ? '—' : `${Math.round(v * 1000) / 10}%`);

/**
 * The Deliveries page's charts (CONTRACT §13): volume by status over time, success rate by channel
 * and by destination, latency percentiles, for a chosen time range. Figures come from
 * GET /api/analytics/deliveries, which counts in the database; nothing is summed here.
 */
export function DeliveryCharts({ channel }: { channel: string | null }) {
  const { t } = useTranslation();
  const [range, setRange] = useState<Range>('24h');
  // The range ends now when chosen; a new choice (or channel) asks again.
  const path = useMemo(() => {
    const r = RANGES[range];
    // The range ends now whenever it (or the channel) changes; this memo is where that is read.
    // eslint-disable-next-line react-hooks/purity
    const to = Date.now();
    return `/api/analytics/deliveries${query({ from: new Date(to - r.ms).toISOString(), to: new Date(to).toISOString(), bucket: r.bucket, channel })}`;
  }, [range, channel]);
  const { data, error, loading } = useFetch<DeliveryAnalytics>(path);
  const hourly = RANGES[range].bucket !== 'day';
  const label = (iso: string) => {
    const d = new Date(iso);
    return hourly ? d.toLocaleString(undefined, { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' }) : d.toLocaleDateString();
  };
  const volume = (data?.buckets ?? []).map((b) => ({ t: label(b.t), delivered: b.delivered, failed: b.failed, skipped: b.skipped, retrying: b.retrying }));
  const latency = (data?.buckets ?? []).map((b) => ({ t: label(b.t), p50: b.p50Ms, p95: b.p95Ms }));
  const anyLatency = latency.some((b) => b.p50 !== null);
  const channels = Object.entries(data?.byChannel ?? {})
    .filter(([, c]) => c.successRate !== null)
    .map(([name, c]) => ({ channel: name, rate: Math.round(c.successRate! * 1000) / 10 }));

  return (
    <Paper withBorder p="sm" data-testid="delivery-charts">
      <Group justify="space-between" mb="sm">
        <Group gap="xs">
          <Title order={4}>{t('explain.charts.title')}</Title>
          {loading && <Loader size="xs" />}
          {data && (
            <Text size="sm" c="dimmed" data-testid="analytics-total">
              {t('explain.charts.total', { n: data.total })}
            </Text>
          )}
        </Group>
        <SegmentedControl
          size="xs"
          value={range}
          onChange={(v) => setRange(v)}
          aria-label={t('explain.charts.range')}
          data={(Object.keys(RANGES) as Range[]).map((r) => ({ value: r, label: t(`explain.charts.ranges.${r}`) }))}
        />
      </Group>
      {error && <Alert color="red">{errorMessage(error)}</Alert>}
      {data && (
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
          <div>
            <Text size="sm" fw={600} mb={4}>
              {t('explain.charts.volume')}
            </Text>
            <BarChart
              h={220}
              data={volume}
              dataKey="t"
              type="stacked"
              withLegend
              series={[
                { name: 'delivered', label: t('status.delivery.delivered'), color: 'teal.6' },
                { name: 'failed', label: t('status.delivery.failed'), color: 'red.6' },
                { name: 'skipped', label: t('status.delivery.skipped'), color: 'gray.5' },
                { name: 'retrying', label: t('status.delivery.retrying'), color: 'yellow.6' },
              ]}
            />
          </div>
          <div>
            <Text size="sm" fw={600} mb={4}>
              {t('explain.charts.latency')}
            </Text>
            {!anyLatency ? (
              <Text size="sm" c="dimmed">
                {t('explain.charts.noLatency')}
              </Text>
            ) : (
              <LineChart
                h={220}
                data={latency}
                dataKey="t"
                unit=" ms"
                connectNulls
                withLegend
                series={[
                  { name: 'p50', label: t('explain.charts.p50'), color: 'blue.6' },
                  { name: 'p95', label: t('explain.charts.p95'), color: 'grape.6' },
                ]}
              />
            )}
          </div>
          <div>
            <Text size="sm" fw={600} mb={4}>
              {t('explain.charts.byChannel')}
            </Text>
            {channels.length === 0 ? (
              <Text size="sm" c="dimmed">
                {t('explain.charts.noRate')}
              </Text>
            ) : (
              <BarChart
                h={200}
                data={channels}
                dataKey="channel"
                unit="%"
                maxBarWidth={56}
                yAxisProps={{ domain: [0, 100] }}
                series={[{ name: 'rate', label: t('explain.charts.successRate'), color: 'teal.6' }]}
              />
            )}
          </div>
          <div>
            <Text size="sm" fw={600} mb={4}>
              {t('explain.charts.byDestination')}
            </Text>
            <Table fz="sm" verticalSpacing={2} data-testid="by-destination">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('explain.charts.destination')}</Table.Th>
                  <Table.Th>{t('status.delivery.delivered')}</Table.Th>
                  <Table.Th>{t('status.delivery.failed')}</Table.Th>
                  <Table.Th>{t('explain.charts.successRate')}</Table.Th>
                  <Table.Th>{t('explain.charts.p95')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.byDestination.slice(0, 10).map((d) => (
                  <Table.Tr key={d.key}>
                    <Table.Td style={{ wordBreak: 'break-all' }}>{d.key}</Table.Td>
                    <Table.Td>{d.delivered}</Table.Td>
                    <Table.Td>{d.failed}</Table.Td>
                    <Table.Td>{percent(d.successRate)}</Table.Td>
                    <Table.Td>{d.p95Ms === null ? '—' : `${d.p95Ms} ms`}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </div>
        </SimpleGrid>
      )}
    </Paper>
  );
}
