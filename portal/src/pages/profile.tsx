import { Alert, Badge, Button, Card, Group, Stack, Switch, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { NotifyButton } from '../components/notify-button';
import { PreferencesCard } from '../components/preferences-card';
import { QuietHoursCard } from '../components/quiet-hours-card';
import { api, errorMessage } from '../lib/api';
import { useAuth, useMe } from '../lib/auth';
import { useDirectory } from '../lib/directory';
import { can } from '../lib/roles';
import { playChime } from '../lib/sound';
import type { Operator } from '../lib/types';

export function ProfilePage() {
  const { t } = useTranslation();
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
      notifications.show({ color: 'red', title: t('profile.notSaved'), message: errorMessage(err) });
    }
  };

  return (
    <Stack maw={720}>
      <Title order={2}>{t('nav.profile')}</Title>
      {!editable && (
        <Alert color="gray" title={t('profile.readOnly')}>
          {t('profile.roleMayNot', { role: t(`role.${me.role}`).toLocaleLowerCase() })}
        </Alert>
      )}
      <Card withBorder>
        <Stack gap={4}>
          <Text fw={600} style={{ wordBreak: 'break-word' }}>
            {me.name}
          </Text>
          <Text size="sm" c="dimmed">
            {me.email}
          </Text>
          <Group gap="xs">
            <Badge variant="light">{t(`role.${me.role}`)}</Badge>
            {me.departmentIds.map((d) => (
              <Badge key={d} variant="outline" color="gray">
                {dir.name('departments', d)}
              </Badge>
            ))}
          </Group>
        </Stack>
      </Card>
      <PreferencesCard />
      <Card withBorder>
        <Title order={4} mb="xs">
          {t('profile.browserNotifications')}
        </Title>
        <Text size="sm" c="dimmed" mb="sm">
          {t('profile.browserNotificationsHint')}
        </Text>
        <NotifyButton size="sm" />
      </Card>
      <QuietHoursCard editable={editable} />
      <Card withBorder>
        <Title order={4} mb="xs">
          {t('profile.soundAlerts')}
        </Title>
        <Stack>
          <Switch
            label={t('profile.soundOn')}
            checked={me.profile.soundAlerts}
            disabled={!editable}
            onChange={(e) => void save({ soundAlerts: e.currentTarget.checked })}
          />
          <Switch
            label={t('profile.soundLoop')}
            checked={me.profile.soundLoop}
            disabled={!editable || !me.profile.soundAlerts}
            onChange={(e) => void save({ soundLoop: e.currentTarget.checked })}
          />
          <Group>
            <Button variant="default" size="xs" onClick={playChime}>
              {t('profile.playTest')}
            </Button>
          </Group>
        </Stack>
      </Card>
    </Stack>
  );
}
