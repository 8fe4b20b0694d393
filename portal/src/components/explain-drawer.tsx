import { Alert, Badge, Drawer, Group, Paper, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../lib/api';
import { when } from '../lib/labels';
import type { Explanation, RoutingDecision } from '../lib/types';
import { useFetch } from '../lib/use-fetch';

const COLOR: Record<RoutingDecision['decision'], string> = { sent: 'green', scheduled: 'blue', held: 'yellow', skipped: 'gray', cancelled: 'orange' };

interface Props {
  /** An event id (a delivery's eventId) or a message id; null when closed. */
  id: string | null;
  onClose(): void;
}

/**
 * "Why?": everyone Herald considered for one event, on each channel, with what it decided and
 * the rule's reason in a sentence, so "I never got the email" is answered without reading code.
 */
export function ExplainDrawer({ id, onClose }: Props) {
  const { t } = useTranslation();
  const { data, error, loading } = useFetch<Explanation>(id ? `/api/events/${encodeURIComponent(id)}/explain` : null);
  const shown = data && id && (data.event.id === id || id.startsWith('msg_')) ? data : undefined;
  return (
    <Drawer opened={id !== null} onClose={onClose} position="right" size="lg" title={t('explain.title')}>
      {error && <Alert color="red">{errorMessage(error)}</Alert>}
      {!error && (loading || !shown) && <Text c="dimmed">{t('common.loading')}</Text>}
      {!error && !loading && shown && (
        <Stack gap="sm" data-testid="explain">
          <Text size="sm" c="dimmed">
            {t('explain.event', { type: shown.event.type, at: when(shown.event.occurredAt) })}
          </Text>
          {shown.decisions.length === 0 && <Text size="sm">{t('explain.nobody')}</Text>}
          {shown.decisions.map((d, i) => (
            <Paper key={`${d.recipient.type}:${d.recipient.id}:${d.channel}:${i}`} withBorder p="xs" data-recipient={d.recipient.id} data-decision={d.decision}>
              <Group justify="space-between" gap="xs" wrap="nowrap">
                <Text size="sm" fw={600} style={{ wordBreak: 'break-word' }}>
                  {d.recipient.name ?? d.recipient.id}{' '}
                  <Text span size="xs" c="dimmed" fw={400}>
                    {t(`explain.recipient.${d.recipient.type}`)} · {d.channel}
                  </Text>
                </Text>
                <Badge color={COLOR[d.decision]} variant="light">
                  {t(`explain.decision.${d.decision}`)}
                </Badge>
              </Group>
              <Text size="sm" mt={4}>
                {d.reason}
              </Text>
              <Text size="xs" c="dimmed" ff="monospace">
                {d.rule}
                {d.status && d.status !== 'skipped' && ` · ${t(`status.delivery.${d.status as 'queued'}`, { defaultValue: d.status })}`}
              </Text>
            </Paper>
          ))}
        </Stack>
      )}
    </Drawer>
  );
}
