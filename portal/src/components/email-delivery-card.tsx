import { Button, Card, Group, SegmentedControl, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useState } from 'react';
import { api, errorMessage } from '../lib/api';
import type { EmailDeliverySettings } from '../lib/types';
import { useFetch } from '../lib/use-fetch';
import { LoadError } from './missing-api';

/** One email per event, or a digest on a schedule with the whole conversation since the last one. */
export function EmailDeliveryCard({ editable }: { editable: boolean }) {
  const { data, error, setData } = useFetch<EmailDeliverySettings>('/api/settings/email');
  const [draft, setDraft] = useState<EmailDeliverySettings | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => setDraft(data ?? null), [data]);

  if (error) return <LoadError error={error} what="Email delivery settings" />;
  if (!draft || !data) return null;
  const changed = draft.delivery !== data.delivery || draft.digestSchedule !== data.digestSchedule || draft.digestTimezone !== data.digestTimezone;

  const save = async () => {
    setBusy(true);
    try {
      const body = { delivery: draft.delivery, digestSchedule: draft.digestSchedule, ...(draft.digestTimezone && { digestTimezone: draft.digestTimezone }) };
      setData(await api<EmailDeliverySettings>('PUT', '/api/settings/email', body));
      notifications.show({ color: 'green', message: 'Email delivery saved.' });
    } catch (err) {
      notifications.show({ color: 'red', title: 'Not saved', message: errorMessage(err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card withBorder>
      <Title order={4} mb="sm">
        Email delivery
      </Title>
      <Stack>
        <SegmentedControl
          w="fit-content"
          disabled={!editable}
          value={draft.delivery}
          onChange={(v) => setDraft({ ...draft, delivery: v as EmailDeliverySettings['delivery'] })}
          data={[
            { value: 'immediate', label: 'Immediately' },
            { value: 'digest', label: 'As a digest' },
          ]}
        />
        {draft.delivery === 'digest' && (
          <Group align="start">
            <TextInput
              label="Schedule (cron)"
              description="e.g. 0 * * * * = hourly; a leading seconds field is allowed"
              value={draft.digestSchedule}
              readOnly={!editable}
              onChange={(e) => setDraft({ ...draft, digestSchedule: e.currentTarget.value })}
              w={260}
            />
            <TextInput
              label="Time zone"
              description="IANA name, e.g. Europe/Berlin"
              value={draft.digestTimezone ?? ''}
              readOnly={!editable}
              onChange={(e) => setDraft({ ...draft, digestTimezone: e.currentTarget.value })}
              w={220}
            />
          </Group>
        )}
        <Text size="sm" c="dimmed">
          {draft.delivery === 'digest'
            ? 'One email per recipient per schedule slot, with the whole conversation since their last email.'
            : 'One email per event, as soon as it happens.'}
        </Text>
        {editable && (
          <Group justify="flex-end">
            <Button size="xs" onClick={() => void save()} disabled={!changed} loading={busy}>
              Save
            </Button>
          </Group>
        )}
      </Stack>
    </Card>
  );
}
