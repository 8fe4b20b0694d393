import { Button, Card, Group, SegmentedControl, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, errorMessage } from '../lib/api';
import type { EmailDeliverySettings } from '../lib/types';
import { useFetch } from '../lib/use-fetch';
import { LoadError } from './missing-api';

/** One email per event, or a digest on a schedule with the whole conversation since the last one. */
export function EmailDeliveryCard({ editable }: { editable: boolean }) {
  const { t } = useTranslation();
  const { data, error, setData } = useFetch<EmailDeliverySettings>('/api/settings/email');
  const [draft, setDraft] = useState<EmailDeliverySettings | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => setDraft(data ?? null), [data]);

  if (error) return <LoadError error={error} what={t('emailDelivery.what')} />;
  if (!draft || !data) return null;
  const changed = draft.delivery !== data.delivery || draft.digestSchedule !== data.digestSchedule || draft.digestTimezone !== data.digestTimezone;

  const save = async () => {
    setBusy(true);
    try {
      const body = { delivery: draft.delivery, digestSchedule: draft.digestSchedule, ...(draft.digestTimezone && { digestTimezone: draft.digestTimezone }) };
      setData(await api<EmailDeliverySettings>('PUT', '/api/settings/email', body));
      notifications.show({ color: 'green', message: t('emailDelivery.saved') });
    } catch (err) {
      notifications.show({ color: 'red', title: t('common.notSaved'), message: errorMessage(err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card withBorder>
      <Title order={4} mb="sm">
        {t('emailDelivery.title')}
      </Title>
      <Stack>
        <SegmentedControl
          w="fit-content"
          disabled={!editable}
          value={draft.delivery}
          onChange={(v) => setDraft({ ...draft, delivery: v })}
          data={[
            { value: 'immediate', label: t('emailDelivery.immediate') },
            { value: 'digest', label: t('emailDelivery.digest') },
          ]}
        />
        {draft.delivery === 'digest' && (
          <Group align="start">
            <TextInput
              label={t('emailDelivery.schedule')}
              description={t('emailDelivery.scheduleHint')}
              value={draft.digestSchedule}
              readOnly={!editable}
              onChange={(e) => setDraft({ ...draft, digestSchedule: e.currentTarget.value })}
              w={{ base: '100%', xs: 260 }}
            />
            <TextInput
              label={t('emailDelivery.timezone')}
              description={t('emailDelivery.timezoneHint')}
              value={draft.digestTimezone ?? ''}
              readOnly={!editable}
              onChange={(e) => setDraft({ ...draft, digestTimezone: e.currentTarget.value })}
              w={{ base: '100%', xs: 220 }}
            />
          </Group>
        )}
        <Text size="sm" c="dimmed">
          {draft.delivery === 'digest' ? t('emailDelivery.digestHint') : t('emailDelivery.immediateHint')}
        </Text>
        {editable && (
          <Group justify="flex-end">
            <Button size="xs" onClick={() => void save()} disabled={!changed} loading={busy}>
              {t('common.save')}
            </Button>
          </Group>
        )}
      </Stack>
    </Card>
  );
}
