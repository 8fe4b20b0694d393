import { Alert, Anchor, Badge, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { LoadError } from '../components/missing-api';
import { linkHandler } from '../lib/router';
import type { ChannelsStatus } from '../lib/types';
import { useFetch } from '../lib/use-fetch';

export function ChannelsPage() {
  const { data, error } = useFetch<ChannelsStatus>('/api/settings/channels');
  return (
    <Stack maw={1000}>
      <Title order={2}>Channels</Title>
      <Alert color="blue" variant="light">
        Mobile push notifications are configured on each agent (Agents › agent › Advanced mode), not here.
      </Alert>
      {error && <LoadError error={error} what="Channel connections" />}
      {data && (
        <SimpleGrid cols={{ base: 1, md: 3 }}>
          <Channel title="Telegram" configured={data.telegram.configured} detail={data.telegram.botUsername ? `Bot @${data.telegram.botUsername}` : 'No bot username: notifications carry no "Open chat" button.'} />
          <Channel title="SMS" configured={data.sms.configured} detail={data.sms.from ? `Sends from ${data.sms.from}` : 'No sender number.'} />
          <Channel title="Email" configured={data.email.configured} detail={data.email.from ? `Sends from ${data.email.from}` : 'No sender address.'} />
        </SimpleGrid>
      )}
      <Text size="sm" c="dimmed">
        Credentials for these connections are entered under{' '}
        <Anchor href="/settings/notifications" onClick={linkHandler('/settings/notifications')}>
          Settings › Notifications
        </Anchor>
        .
      </Text>
    </Stack>
  );
}

function Channel({ title, configured, detail }: { title: string; configured: boolean; detail: string }) {
  return (
    <Card withBorder data-channel={title}>
      <Group justify="space-between" mb="xs">
        <Title order={4}>{title}</Title>
        <Badge color={configured ? 'green' : 'gray'}>{configured ? 'Connected' : 'Not connected'}</Badge>
      </Group>
      <Text size="sm" c="dimmed">
        {detail}
      </Text>
    </Card>
  );
}
