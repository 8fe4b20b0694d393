import { Badge, Button, Card, Group, PasswordInput, SimpleGrid, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, errorMessage } from '../lib/api';
import type { ProviderSettings, RelaySettings } from '../lib/types';

// Product names stay as they are in every language; only the generic words are translated.
const TITLES: Record<string, string> = {
  fcm: 'Firebase Cloud Messaging',
  apns: 'Apple Push Notification service',
  webpush: 'Web Push (VAPID)',
  vapid: 'Web Push (VAPID)',
  telegram: 'Telegram',
  smtp: 'Email (SMTP)',
  twilio: 'SMS (Twilio)',
  beams: 'Pusher Beams',
  onesignal: 'OneSignal',
  intercom: 'Intercom',
};

/**
 * One provider's settings. Values set by environment variables win over stored ones, so they
 * show read-only; secret fields never come back from the server and stay empty unless replaced.
 */
export function ProviderCard<P extends ProviderSettings | RelaySettings>({
  provider,
  editable,
  envHints = true,
  onSaved,
}: {
  provider: P;
  editable: boolean;
  /** Whether to say which environment variable could set a field: the environment is workspace default's. */
  envHints?: boolean;
  onSaved(p: P): void;
}) {
  const { t } = useTranslation();
  const [values, setValues] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const changed = Object.keys(values).length > 0;

  const save = async () => {
    setBusy(true);
    try {
      const saved = await api<P | undefined>('PUT', `/api/settings/providers/${provider.name}`, { values });
      setValues({});
      if (saved && saved.fields) onSaved(saved);
      notifications.show({ color: 'green', message: t('providers.saved', { name: TITLES[provider.name] ?? provider.name }) });
    } catch (err) {
      notifications.show({ color: 'red', title: t('providers.notSaved'), message: errorMessage(err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card withBorder data-provider={provider.name}>
      <Group justify="space-between" mb="sm">
        <Title order={4}>{TITLES[provider.name] ?? provider.name}</Title>
        <Badge color={provider.configured ? 'green' : 'gray'}>{provider.configured ? t('providers.configured') : t('providers.notConfigured')}</Badge>
      </Group>
      {!provider.configured && provider.reason && (
        <Text size="sm" c="dimmed" mb="sm">
          {provider.reason}
        </Text>
      )}
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        {provider.fields.map((f) => {
          const readOnly = f.fromEnv || !editable;
          const description = f.fromEnv
            ? f.env
              ? t('providers.fromEnvNamed', { env: f.env })
              : t('providers.fromEnv')
            : f.env && envHints
              ? t('providers.orEnv', { env: f.env })
              : undefined;
          const common = {
            label: f.label,
            description,
            readOnly,
            value: values[f.key] ?? (f.secret ? '' : (f.value ?? '')),
            onChange: (e: React.ChangeEvent<HTMLInputElement>) => {
              const v = e.currentTarget.value;
              setValues((cur) => ({ ...cur, [f.key]: v }));
            },
          };
          return f.secret ? (
            <PasswordInput key={f.key} {...common} placeholder={f.value !== null || f.fromEnv ? `•••••••• (${t('providers.set')})` : t('providers.notSet')} />
          ) : (
            <TextInput key={f.key} {...common} placeholder={t('providers.notSet')} />
          );
        })}
      </SimpleGrid>
      {provider.fields.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('providers.nothingToSet')}
        </Text>
      )}
      {editable && provider.fields.some((f) => !f.fromEnv) && (
        <Group justify="flex-end" mt="sm">
          <Button size="xs" onClick={() => void save()} disabled={!changed} loading={busy}>
            {t('common.save')}
          </Button>
        </Group>
      )}
    </Card>
  );
}
