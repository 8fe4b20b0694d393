import { Alert, Button, Code, CopyButton, Group, Popover, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { api, errorMessage, get } from '../lib/api';
import type { Delivery } from '../lib/types';

/** Test-send and the signing secret of a saved configuration. */
export function PushConfigTools({ agentId, canEdit }: { agentId: string; canEdit: boolean }) {
  const [busy, setBusy] = useState<string | null>(null);
  const [result, setResult] = useState<Delivery | null | 'pending'>();
  const [secret, setSecret] = useState<string | null>(null);
  const [confirmRotate, setConfirmRotate] = useState(false);

  const run = async (name: string, fn: () => Promise<void>) => {
    setBusy(name);
    try {
      await fn();
    } catch (err) {
      notifications.show({ color: 'red', title: `${name} failed`, message: errorMessage(err) });
    } finally {
      setBusy(null);
    }
  };

  const testSend = () =>
    run('Test send', async () => {
      setResult('pending');
      const r = await api<{ eventId: string; delivery: Delivery | null }>('POST', `/api/agents/${agentId}/push-config/test`);
      setResult(r.delivery);
    });
  const showSecret = () => run('Show signing secret', async () => setSecret((await get<{ signingSecret: string }>(`/api/agents/${agentId}/push-config/secret`)).signingSecret));
  const rotate = () =>
    run('Rotate signing secret', async () => {
      setConfirmRotate(false);
      await api('POST', `/api/agents/${agentId}/push-config/rotate-secret`);
      setSecret((await get<{ signingSecret: string }>(`/api/agents/${agentId}/push-config/secret`)).signingSecret);
      notifications.show({ color: 'green', message: 'New signing secret. The old one keeps signing too for 24 hours.' });
    });

  if (!canEdit) return null;
  return (
    <Stack gap="xs">
      <Group gap="xs">
        <Button size="xs" variant="light" onClick={() => void testSend()} loading={busy === 'Test send'}>
          Send test event
        </Button>
        <Button size="xs" variant="default" onClick={() => void showSecret()} loading={busy === 'Show signing secret'}>
          Show signing secret
        </Button>
        <Popover opened={confirmRotate} onChange={setConfirmRotate} withArrow position="bottom">
          <Popover.Target>
            <Button size="xs" variant="default" color="orange" onClick={() => setConfirmRotate((o) => !o)} loading={busy === 'Rotate signing secret'}>
              Rotate signing secret
            </Button>
          </Popover.Target>
          <Popover.Dropdown maw={300}>
            <Text size="sm" mb="xs">
              Requests get signed with a new secret. The old one keeps signing as well for 24 hours, so receivers have time to switch.
            </Text>
            <Group justify="flex-end">
              <Button size="xs" color="orange" onClick={() => void rotate()}>
                Rotate
              </Button>
            </Group>
          </Popover.Dropdown>
        </Popover>
      </Group>
      {result === 'pending' && <Text size="sm" c="dimmed">Sending a test event…</Text>}
      {result === null && (
        <Alert color="yellow" title="No answer yet">
          The test event is queued; its outcome will show in Deliveries.
        </Alert>
      )}
      {result && result !== 'pending' && (
        <Alert color={result.status === 'delivered' ? 'green' : 'red'} title={`Test event ${result.status}`}>
          {result.lastStatusCode ? `The receiver answered ${result.lastStatusCode}. ` : ''}
          {result.lastError ?? result.reason ?? ''}
        </Alert>
      )}
      {secret && (
        <Group gap="xs">
          <Text size="sm">Signing secret:</Text>
          <Code data-testid="signing-secret">{secret}</Code>
          <CopyButton value={secret}>
            {({ copied, copy }) => (
              <Button size="compact-xs" variant="subtle" onClick={copy}>
                {copied ? 'Copied' : 'Copy'}
              </Button>
            )}
          </CopyButton>
        </Group>
      )}
    </Stack>
  );
}
