import { Button, Card, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EmailDeliveryCard } from '../components/email-delivery-card';
import { EscalationCard } from '../components/escalation-card';
import { EmailTemplatesEditor } from '../components/email-templates-editor';
import { LoadError } from '../components/missing-api';
import { ProviderCard } from '../components/provider-card';
import { api, errorMessage } from '../lib/api';
import { useMe } from '../lib/auth';
import { useWorkspaces } from '../lib/workspaces';
import { can } from '../lib/roles';
import type { ProviderSettings, RelaySettings } from '../lib/types';
import { useFetch } from '../lib/use-fetch';

export function NotificationSettingsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const editable = can(me.role, 'settings');
  const { data, error, setData } = useFetch<{ items: ProviderSettings[] }>('/api/settings/providers');
  // The environment's settings are workspace default's (elsewhere it offers only, with sharing, whole providers).
  const envHints = useWorkspaces().current.id === 'default';

  return (
    <Stack maw={1000}>
      <Title order={2}>{t('nav.notifications')}</Title>
      <Text c="dimmed" size="sm">
        {t('providers.intro')}
      </Text>
      {error && <LoadError error={error} what={t('providers.what')} />}
      {!data && !error && <Text c="dimmed">{t('common.loading')}</Text>}
      {data?.items.map((p) => (
        <ProviderCard
          key={p.name}
          provider={p}
          editable={editable}
          envHints={envHints}
          onSaved={(next) => setData((d) => d && { items: d.items.map((x) => (x.name === next.name ? next : x)) })}
        />
      ))}
      {/* This workspace's own email relay and Twilio account (its operators' emails, its customers' texts). */}
      <RelayCard name="smtp" editable={editable} envHints={envHints} />
      <RelayCard name="twilio" editable={editable} envHints={envHints} />
      <EscalationCard editable={editable} />
      <EmailDeliveryCard editable={editable} />
      <EmailTemplatesEditor editable={editable} />
      <TestEmail />
    </Stack>
  );
}

function RelayCard({ name, editable, envHints }: { name: RelaySettings['name']; editable: boolean; envHints: boolean }) {
  const { t } = useTranslation();
  const { data, error, setData } = useFetch<RelaySettings>(`/api/settings/providers/${name}`);
  if (error) return <LoadError error={error} what={t('providers.what')} />;
  return data ? <ProviderCard<RelaySettings> provider={data} editable={editable} envHints={envHints} onSaved={(next) => setData(next)} /> : null;
}

function TestEmail() {
  const { t } = useTranslation();
  const me = useMe();
  const [to, setTo] = useState(me.email);
  const [busy, setBusy] = useState(false);
  const send = async (e: React.SyntheticEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      await api('POST', '/api/settings/email/test', { to: to.trim() });
      notifications.show({ color: 'green', message: t('providers.testSent', { to: to.trim() }) });
    } catch (err) {
      notifications.show({ color: 'red', title: t('providers.testFailed'), message: errorMessage(err) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card withBorder component="form" onSubmit={send}>
      <Title order={4} mb="sm">
        {t('providers.testTitle')}
      </Title>
      <Group align="end">
        <TextInput
          label={t('providers.sendTo')}
          type="email"
          value={to}
          onChange={(e) => setTo(e.currentTarget.value)}
          w={{ base: '100%', xs: 320 }}
          required
        />
        <Button type="submit" loading={busy}>
          {t('providers.sendTest')}
        </Button>
      </Group>
    </Card>
  );
}
