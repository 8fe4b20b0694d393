import { Anchor, Group, Paper, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { reasonLabel } from '../lib/delivery-reason';
import { shortId, when } from '../lib/labels';
import { linkHandler } from '../lib/router';
import type { Delivery } from '../lib/types';
import { DeliveryRowActions } from './delivery-row-actions';
import { StatusBadge } from './status-badge';

interface Props {
  items: Delivery[];
  onOpen(id: string): void;
  onRetry?(id: string): void;
  onExplain?(eventId: string): void;
  retrying: string | null;
}

/** Deliveries at phone width: one card each, with its actions in reach rather than off to the right of a table. */
export function DeliveryCards({ items, onOpen, onRetry, onExplain, retrying }: Props) {
  const { t } = useTranslation();
  return (
    <Stack gap="xs">
      {items.map((d) => {
        const answer = d.lastStatusCode ?? d.lastError ?? (d.reason ? reasonLabel(t, d.reason) : null);
        return (
          <Paper key={d.id} withBorder p="sm" data-delivery-id={d.id}>
            <Group justify="space-between" gap="xs" wrap="nowrap">
              <Group gap="xs">
                <StatusBadge kind="delivery" status={d.status} />
                <Text size="sm">{d.channel}</Text>
              </Group>
              <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                {when(d.createdAt)}
              </Text>
            </Group>
            <Text size="sm" mt={6} truncate="end" title={d.target ?? ''}>
              {d.target ?? '—'}
            </Text>
            {answer !== null && (
              <Text size="sm" c="dimmed" style={{ wordBreak: 'break-word' }}>
                {answer}
              </Text>
            )}
            <Group justify="space-between" mt={6}>
              {d.sessionId ? (
                <Anchor href={`/sessions/${d.sessionId}`} onClick={linkHandler(`/sessions/${d.sessionId}`)} size="sm" ff="monospace">
                  {shortId(d.sessionId)}
                </Anchor>
              ) : (
                <span />
              )}
              <DeliveryRowActions delivery={d} size="compact-sm" onOpen={onOpen} onRetry={onRetry} onExplain={onExplain} retrying={retrying} />
            </Group>
          </Paper>
        );
      })}
    </Stack>
  );
}
