import { Anchor, Group, Paper, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useDirectory } from '../lib/directory';
import { shortId, when } from '../lib/labels';
import { linkHandler } from '../lib/router';
import type { Session } from '../lib/types';
import { StatusBadge } from './status-badge';

/** Sessions at phone width: one card each (the table's columns would not fit). */
export function SessionCards({ sessions, actions }: { sessions: Session[]; actions?: (s: Session) => React.ReactNode }) {
  const { t } = useTranslation();
  const dir = useDirectory();
  return (
    <Stack gap="xs">
      {sessions.map((s) => (
        <Paper key={s.id} withBorder p="sm" data-session-id={s.id}>
          <Group justify="space-between" gap="xs" wrap="nowrap">
            <Anchor href={`/sessions/${s.id}`} onClick={linkHandler(`/sessions/${s.id}`)} ff="monospace" size="sm">
              {shortId(s.id)}
            </Anchor>
            <StatusBadge kind="session" status={s.status} />
          </Group>
          <Text size="sm" mt={6}>
            {t(`channel.${s.channel}`)} · {dir.name('agents', s.agentId)}
          </Text>
          {(s.departmentId || s.assignedOperatorId) && (
            <Text size="sm" c="dimmed">
              {[s.departmentId && dir.name('departments', s.departmentId), s.assignedOperatorId && dir.name('operators', s.assignedOperatorId)]
                .filter(Boolean)
                .join(' · ')}
            </Text>
          )}
          <Group justify="space-between" mt={6}>
            <Text size="xs" c="dimmed">
              {t('common.started')}: {when(s.createdAt)}
            </Text>
            {actions?.(s)}
          </Group>
        </Paper>
      ))}
    </Stack>
  );
}
