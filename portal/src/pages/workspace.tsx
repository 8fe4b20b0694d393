import { Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { SessionTable } from '../components/session-table';
import { api, errorMessage } from '../lib/api';
import { useMe } from '../lib/auth';
import { navigate } from '../lib/router';
import type { Session } from '../lib/types';
import { useWorkspace } from '../lib/workspace';

const byAge = (a: Session, b: Session) => a.createdAt.localeCompare(b.createdAt);

/** Human Agents: conversations waiting for a human, and those already taken. */
export function WorkspacePage() {
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
      notifications.show({ color: 'red', title: 'Could not take the conversation', message: errorMessage(err) });
    } finally {
      setTaking(null);
    }
  };

  const open = (s: Session) => (
    <Button size="xs" variant="default" onClick={() => navigate(`/sessions/${s.id}`)}>
      Open
    </Button>
  );

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Human Agents</Title>
        <Text c="dimmed" size="sm">
          {activeConversations ?? '…'} active conversations
        </Text>
      </Group>
      <Section title="Waiting" count={waiting.length} color="orange">
        <SessionTable
          sessions={waiting}
          empty="No conversation is waiting for a human."
          actions={(s) => (
            <Button size="xs" loading={taking === s.id} onClick={() => void take(s)}>
              Take
            </Button>
          )}
        />
      </Section>
      <Section title="Assigned to me" count={mine.length} color="blue">
        <SessionTable sessions={mine} empty="You have no conversations." actions={open} />
      </Section>
      {others.length > 0 && (
        <Section title="Assigned to others" count={others.length} color="gray">
          <SessionTable sessions={others} empty="" actions={open} />
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
          {count}
        </Badge>
      </Group>
      {children}
    </Card>
  );
}
