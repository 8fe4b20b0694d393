import { Alert, Badge, Button, Card, Group, Stack, Switch, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { NotifyButton } from '../components/notify-button';
import { api, errorMessage } from '../lib/api';
import { useAuth, useMe } from '../lib/auth';
import { useDirectory } from '../lib/directory';
import { can } from '../lib/roles';
import { playChime } from '../lib/sound';
import type { Operator } from '../lib/types';

export function ProfilePage() {
  const me = useMe();
  const { setOperator } = useAuth();
  const dir = useDirectory();
  const editable = can(me.role, 'editProfile');

  // Optimistic: a switch should move when clicked; it moves back if the server refuses.
  const save = async (patch: Partial<Operator['profile']>) => {
    const before = me;
    setOperator({ ...me, profile: { ...me.profile, ...patch } });
    try {
      const op = await api<Operator>('PATCH', `/api/operators/${me.id}`, { profile: patch });
      setOperator({ ...before, ...op, profile: { ...before.profile, ...patch, ...op.profile } });
    } catch (err) {
      setOperator(before);
      notifications.show({ color: 'red', title: 'Profile not saved', message: errorMessage(err) });
    }
  };

  return (
    <Stack maw={720}>
      <Title order={2}>Profile</Title>
      {!editable && (
        <Alert color="gray" title="Read-only">
          The {me.role} role may not change profile settings.
        </Alert>
      )}
      <Card withBorder>
        <Stack gap={4}>
          <Text fw={600}>{me.name}</Text>
          <Text size="sm" c="dimmed">
            {me.email}
          </Text>
          <Group gap="xs">
            <Badge variant="light">{me.role}</Badge>
            {me.departmentIds.map((d) => (
              <Badge key={d} variant="outline" color="gray">
                {dir.name('departments', d)}
              </Badge>
            ))}
          </Group>
        </Stack>
      </Card>
      <Card withBorder>
        <Title order={4} mb="xs">
          Browser notifications
        </Title>
        <Text size="sm" c="dimmed" mb="sm">
          "You have new session assigned." and "New message: …" arrive as system notifications, even while the portal is closed.
        </Text>
        <NotifyButton size="sm" />
      </Card>
      <Card withBorder>
        <Title order={4} mb="xs">
          Sound alerts
        </Title>
        <Stack>
          <Switch
            label="Play a sound when a customer writes"
            checked={me.profile.soundAlerts}
            disabled={!editable}
            onChange={(e) => void save({ soundAlerts: e.currentTarget.checked })}
          />
          <Switch
            label="Repeat the sound until the conversation is opened"
            checked={me.profile.soundLoop}
            disabled={!editable || !me.profile.soundAlerts}
            onChange={(e) => void save({ soundLoop: e.currentTarget.checked })}
          />
          <Group>
            <Button variant="default" size="xs" onClick={playChime}>
              Play test sound
            </Button>
          </Group>
        </Stack>
      </Card>
    </Stack>
  );
}
