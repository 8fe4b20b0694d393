import { Badge, Button, Code, Drawer, Group, ScrollArea, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { retryAction } from '../lib/delivery-actions';
import { reasonLabel } from '../lib/delivery-reason';
import { when } from '../lib/labels';
import type { DeliveryDetail } from '../lib/types';
import { StatusBadge } from './status-badge';

interface Props {
  detail: DeliveryDetail | null;
  opened: boolean;
  onClose(): void;
  onRetry?(): void;
  retrying: boolean;
}

/** One delivery: what was sent, and every attempt with the provider's answer. */
export function DeliveryDrawer({ detail, opened, onClose, onRetry, retrying }: Props) {
  const { t } = useTranslation();
  const action = detail ? retryAction(detail) : null;
  return (
    <Drawer opened={opened} onClose={onClose} position="right" size="xl" title={t('delivery.title')}>
      {!detail ? (
        <Text c="dimmed">{t('common.loading')}</Text>
      ) : (
        <Stack>
          <Group justify="space-between">
            <Group gap="xs">
              <StatusBadge kind="delivery" status={detail.status} variant="filled" />
              <Badge variant="outline">{detail.channel}</Badge>
              <Text size="sm" ff="monospace" style={{ wordBreak: 'break-all' }}>
                {detail.id}
              </Text>
            </Group>
            {onRetry && action && (
              <Button size="xs" onClick={onRetry} loading={retrying}>
                {t(`deliveries.${action}`)}
              </Button>
            )}
          </Group>
          <Text size="sm" style={{ wordBreak: 'break-all' }}>
            {t('delivery.target')}: <Code>{detail.target ?? '—'}</Code>
          </Text>
          {detail.reason && (
            <Text size="sm">
              {t('delivery.reason')}: {reasonLabel(t, detail.reason)}
            </Text>
          )}
          <Title order={5}>{t('delivery.attempts')}</Title>
          {detail.attemptLog.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('delivery.noAttempt')}
            </Text>
          ) : (
            <Table.ScrollContainer minWidth={560}>
              <Table withTableBorder fz="sm" verticalSpacing={4}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>#</Table.Th>
                    <Table.Th>{t('delivery.time')}</Table.Th>
                    <Table.Th>{t('delivery.result')}</Table.Th>
                    <Table.Th>{t('delivery.code')}</Table.Th>
                    <Table.Th>{t('delivery.latency')}</Table.Th>
                    <Table.Th>{t('delivery.answer')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {detail.attemptLog.map((a) => (
                    <Table.Tr key={a.attempt}>
                      <Table.Td>{a.attempt}</Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>{when(a.at)}</Table.Td>
                      <Table.Td>
                        <Badge size="sm" color={a.ok ? 'green' : 'red'}>
                          {a.ok ? t('delivery.ok') : t('delivery.failed')}
                        </Badge>
                      </Table.Td>
                      <Table.Td>{a.statusCode ?? '—'}</Table.Td>
                      <Table.Td>{a.latencyMs === null ? '—' : t('delivery.ms', { ms: a.latencyMs })}</Table.Td>
                      <Table.Td>
                        {a.error && (
                          <Text size="xs" c="red">
                            {a.error}
                          </Text>
                        )}
                        {a.response && (
                          <Code block fz="xs" style={{ whiteSpace: 'pre-wrap', maxHeight: 120, overflow: 'auto' }}>
                            {a.response}
                          </Code>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
          <Title order={5}>{t('delivery.payload')}</Title>
          <ScrollArea.Autosize mah={320}>
            <Code block>{JSON.stringify(detail.payload, null, 2)}</Code>
          </ScrollArea.Autosize>
        </Stack>
      )}
    </Drawer>
  );
}
