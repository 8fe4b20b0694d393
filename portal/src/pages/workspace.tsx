import { Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SessionTable } from '../components/session-table';
import { api, errorMessage } from '../lib/api';
import { useMe } from '../lib/auth';
import { num } from '../lib/labels';
import { navigate } from '../lib/router';
import type { Session } from '../lib/types';
import { useWorkspace } from '../lib/workspace';

const byAge = (a: Session, b: Session) => a.createdAt.localeCompare(b.createdAt);

/** Human Agents: conversations waiting for a human, and those already taken. */
export function WorkspacePage() {
  const { t } = useTranslation();
  const me = useMe();
  const { active, activeConversations } = useWorkspace();
  const [taking, setTaking] = useState<string | null>(null);
  const waiting = active.filter((s) => s.status === 'waiting').sort(byAge);
  const mine = active.filter((s) => s.status === 'assigned' && s.assignedOperatorId === me.id).sort(byAge);
  const others = active.filter((s) => s.status === 'assigned' && s.assignedOperatorId !== me.id).sort(byAge);

  const take = async (s: Session) => {
    setTaking(s.id);
    try {
      await api('POST', `/api/sessions/${s.id}/assign`, { operatorId: me.id });
      navigate(`/sessions/${s.id}`);
    } catch (err) {
      notifications.show({ color: 'red', title: t('workspace.takeFailed'), message: errorMessage(err) });
    } finally {
      setTaking(null);
    }
  };

  const open = (s: Session) => (
    <Button size="xs" variant="default" onClick={() => navigate(`/sessions/${s.id}`)}>
      {t('common.open')}
    </Button>
  );

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('workspace.title')}</Title>
        <Text c="dimmed" size="sm">
          {t('workspace.activeCount', { n: activeConversations === null ? '…' : num(activeConversations) })}
        </Text>
      </Group>
      <Section title={t('workspace.waiting')} count={waiting.length} color="orange">
        {waiting.length === 0 ? (
          <Quiet title={t('workspace.noneWaiting')}>{t('workspace.noneWaitingHint')}</Quiet>
        ) : (
          <SessionTable
            sessions={waiting}
            actions={(s) => (
              <Button size="xs" loading={taking === s.id} onClick={() => void take(s)}>
                {t('workspace.take')}
              </Button>
            )}
          />
        )}
      </Section>
      <Section title={t('workspace.mine')} count={mine.length} color="blue">
        {mine.length === 0 ? <Quiet title={t('workspace.noneMine')}>{t('workspace.noneMineHint')}</Quiet> : <SessionTable sessions={mine} actions={open} />}
      </Section>
      {others.length > 0 && (
        <Section title={t('workspace.others')} count={others.length} color="gray">
          <SessionTable sessions={others} actions={open} />
        </Section>
      )}
    </Stack>
  );
}

function Section({ title, count, color, children }: { title: string; count: number; color: string; children: React.ReactNode }) {
  return (
    <Card withBorder>
      <Group gap="xs" mb="xs">
        <Title order={4}>{title}</Title>
        <Badge color={color} variant="light">
          {num(count)}
        </Badge>
      </Group>
      {children}
    </Card>
  );
}

/** An empty section: what it will show, and when. */
function Quiet({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <Stack gap={2} py="xs" data-testid="empty-state">
      <Text size="sm" fw={500}>
        {title}
      </Text>
      <Text size="sm" c="dimmed">
        {children}
      </Text>
    </Stack>
  );
}
