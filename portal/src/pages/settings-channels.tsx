import { Alert, Anchor, Badge, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { LoadError } from '../components/missing-api';
import { linkHandler } from '../lib/router';
import type { ChannelsStatus } from '../lib/types';
import { useFetch } from '../lib/use-fetch';

export function ChannelsPage() {
  const { t } = useTranslation();
  const { data, error } = useFetch<ChannelsStatus>('/api/settings/channels');
  return (
    <Stack maw={1000}>
      <Title order={2}>{t('nav.channels')}</Title>
      <Alert color="blue" variant="light">
        {t('channels.pushOnAgent')}{' '}
        <Anchor href="/agents" onClick={linkHandler('/agents')} size="sm">
          {t('channels.openAgents')}
        </Anchor>
      </Alert>
      {error && <LoadError error={error} what={t('channels.what')} />}
      {data && (
        <SimpleGrid cols={{ base: 1, md: 3 }}>
          <Channel
            id="Telegram"
            title={t('channel.telegram')}
            configured={data.telegram.configured}
            detail={data.telegram.botUsername ? t('channels.bot', { name: data.telegram.botUsername }) : t('channels.noBot')}
          />
          <Channel
            id="SMS"
            title={t('channel.sms')}
            configured={data.sms.configured}
            detail={data.sms.from ? t('channels.sendsFrom', { from: data.sms.from }) : t('channels.noNumber')}
          />
          <Channel
            id="Email"
            title={t('channel.email')}
            configured={data.email.configured}
            detail={data.email.from ? t('channels.sendsFrom', { from: data.email.from }) : t('channels.noAddress')}
          />
        </SimpleGrid>
      )}
      <Text size="sm" c="dimmed">
        {t('channels.credentialsIn')}{' '}
        <Anchor href="/settings/notifications" onClick={linkHandler('/settings/notifications')}>
          {t('nav.settings')} › {t('nav.notifications')}
        </Anchor>
        .
      </Text>
    </Stack>
  );
}

function Channel({ id, title, configured, detail }: { id: string; title: string; configured: boolean; detail: string }) {
  const { t } = useTranslation();
  return (
    <Card withBorder data-channel={id}>
      <Group justify="space-between" mb="xs">
        <Title order={4}>{title}</Title>
        <Badge color={configured ? 'green' : 'gray'}>{configured ? t('channels.connected') : t('channels.notConnected')}</Badge>
      </Group>
      <Text size="sm" c="dimmed">
        {detail}
      </Text>
    </Card>
  );
}
