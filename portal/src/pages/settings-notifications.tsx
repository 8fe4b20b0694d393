import { Button, Card, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { EmailDeliveryCard } from '../components/email-delivery-card';
import { EmailTemplatesEditor } from '../components/email-templates-editor';
import { LoadError } from '../components/missing-api';
import { ProviderCard } from '../components/provider-card';
import { api, errorMessage } from '../lib/api';
import { useMe } from '../lib/auth';
import { can } from '../lib/roles';
import type { ProviderSettings } from '../lib/types';
import { useFetch } from '../lib/use-fetch';

export function NotificationSettingsPage() {
  const me = useMe();
  const editable = can(me.role, 'settings');
  const { data, error, setData } = useFetch<{ items: ProviderSettings[] }>('/api/settings/providers');

  return (
    <Stack maw={1000}>
      <Title order={2}>Notifications</Title>
      <Text c="dimmed" size="sm">
        Provider credentials. A value set by an environment variable wins and is shown read-only.
      </Text>
      {error && <LoadError error={error} what="Provider settings" />}
      {!data && !error && <Text c="dimmed">Loading…</Text>}
      {data?.items.map((p) => (
        <ProviderCard
          key={p.name}
          provider={p}
          editable={editable}
          onSaved={(next) => setData((d) => d && { items: d.items.map((x) => (x.name === next.name ? next : x)) })}
        />
      ))}
      <EmailDeliveryCard editable={editable} />
      <EmailTemplatesEditor editable={editable} />
      <TestEmail />
    </Stack>
  );
}

function TestEmail() {
  const me = useMe();
  const [to, setTo] = useState(me.email);
  const [busy, setBusy] = useState(false);
  const send = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      await api('POST', '/api/settings/email/test', { to: to.trim() });
      notifications.show({ color: 'green', message: `Test email sent to ${to.trim()}.` });
    } catch (err) {
      notifications.show({ color: 'red', title: 'Test email failed', message: errorMessage(err) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card withBorder component="form" onSubmit={send}>
      <Title order={4} mb="sm">
        Test email
      </Title>
      <Group align="end">
        <TextInput label="Send to" type="email" value={to} onChange={(e) => setTo(e.currentTarget.value)} w={320} required />
        <Button type="submit" loading={busy}>
          Send test email
        </Button>
      </Group>
    </Card>
  );
}
