import { Button, Card, Group, Select, Switch, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, errorMessage } from '../lib/api';
import { useAuth, useMe } from '../lib/auth';
import type { Operator } from '../lib/types';

const ZONES: string[] = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : ['UTC'];

/** Profile: the operator's quiet hours in their own time zone (held, then one summary per channel). */
export function QuietHoursCard({ editable }: { editable: boolean }) {
  const { t } = useTranslation();
  const me = useMe();
  const { setOperator } = useAuth();
  const [on, setOn] = useState(me.quietHours !== null);
  const [start, setStart] = useState(me.quietHours?.start ?? '22:00');
  const [end, setEnd] = useState(me.quietHours?.end ?? '07:00');
  const [zone, setZone] = useState(me.timezone ?? Intl.DateTimeFormat().resolvedOptions().timeZone);
  const [busy, setBusy] = useState(false);

  const save = async () => {
    setBusy(true);
    try {
      const op = await api<Operator>('PATCH', `/api/operators/${me.id}`, { timezone: zone, quietHours: on ? { start, end } : null });
      setOperator({ ...me, timezone: op.timezone, quietHours: op.quietHours });
      notifications.show({ color: 'green', message: t('readState.quietSaved') });
    } catch (err) {
      notifications.show({ color: 'red', title: t('profile.notSaved'), message: errorMessage(err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card withBorder data-testid="quiet-hours-card">
      <Title order={4} mb="xs">
        {t('readState.quietTitle')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t('readState.quietHint')}
      </Text>
      <Switch label={t('readState.quietOn')} checked={on} disabled={!editable} onChange={(e) => setOn(e.currentTarget.checked)} mb="sm" />
      <Group align="end">
        <TextInput
          label={t('readState.from')}
          type="time"
          value={start}
          disabled={!editable || !on}
          onChange={(e) => setStart(e.currentTarget.value)}
          w={120}
        />
        <TextInput label={t('readState.to')} type="time" value={end} disabled={!editable || !on} onChange={(e) => setEnd(e.currentTarget.value)} w={120} />
        <Select label={t('readState.timezone')} data={ZONES} value={zone} searchable disabled={!editable} onChange={(v) => v && setZone(v)} w={240} />
        {editable && (
          <Button onClick={save} loading={busy}>
            {t('common.save')}
          </Button>
        )}
      </Group>
    </Card>
  );
}
