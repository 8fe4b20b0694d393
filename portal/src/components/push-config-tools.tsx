import { Alert, Button, Code, CopyButton, Group, Popover, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, errorMessage, get } from '../lib/api';
import type { Delivery } from '../lib/types';

type Tool = 'test' | 'secret' | 'rotate';

/** Test-send and the signing secret of a saved configuration. */
export function PushConfigTools({ agentId, canEdit }: { agentId: string; canEdit: boolean }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState<Tool | null>(null);
  const [result, setResult] = useState<Delivery | null | 'pending'>();
  const [secret, setSecret] = useState<string | null>(null);
  const [confirmRotate, setConfirmRotate] = useState(false);
  const names: Record<Tool, string> = { test: t('pushTools.sendTest'), secret: t('pushTools.showSecret'), rotate: t('pushTools.rotate') };

  const run = async (tool: Tool, fn: () => Promise<void>) => {
    setBusy(tool);
    try {
      await fn();
    } catch (err) {
      notifications.show({ color: 'red', title: t('pushTools.failed', { what: names[tool] }), message: errorMessage(err) });
    } finally {
      setBusy(null);
    }
  };

  const readSecret = async () => (await get<{ signingSecret: string }>(`/api/agents/${agentId}/push-config/secret`)).signingSecret;
  const testSend = () =>
    run('test', async () => {
      setResult('pending');
      const r = await api<{ eventId: string; delivery: Delivery | null }>('POST', `/api/agents/${agentId}/push-config/test`);
      setResult(r.delivery);
    });
  const showSecret = () => run('secret', async () => setSecret(await readSecret()));
  const rotate = () =>
    run('rotate', async () => {
      setConfirmRotate(false);
      await api('POST', `/api/agents/${agentId}/push-config/rotate-secret`);
      setSecret(await readSecret());
      notifications.show({ color: 'green', message: t('pushTools.rotated') });
    });

  if (!canEdit) return null;
  return (
    <Stack gap="xs">
      <Group gap="xs">
        <Button size="xs" variant="light" onClick={() => void testSend()} loading={busy === 'test'}>
          {names.test}
        </Button>
        <Button size="xs" variant="default" onClick={() => void showSecret()} loading={busy === 'secret'}>
          {names.secret}
        </Button>
        <Popover opened={confirmRotate} onChange={setConfirmRotate} withArrow position="bottom">
          <Popover.Target>
            <Button size="xs" variant="default" color="orange" onClick={() => setConfirmRotate((o) => !o)} loading={busy === 'rotate'}>
              {names.rotate}
            </Button>
          </Popover.Target>
          <Popover.Dropdown maw={300}>
            <Text size="sm" mb="xs">
              {t('pushTools.rotateConfirm')}
            </Text>
            <Group justify="flex-end">
              <Button size="xs" color="orange" onClick={() => void rotate()}>
                {t('pushTools.rotateButton')}
              </Button>
            </Group>
          </Popover.Dropdown>
        </Popover>
      </Group>
      {result === 'pending' && (
        <Text size="sm" c="dimmed">
          {t('pushTools.sending')}
        </Text>
      )}
      {result === null && (
        <Alert color="yellow" title={t('pushTools.noAnswer')}>
          {t('pushTools.queued')}
        </Alert>
      )}
      {result && result !== 'pending' && (
        <Alert
          color={result.status === 'delivered' ? 'green' : 'red'}
          title={t('pushTools.outcome', { status: t(`status.delivery.${result.status}`).toLocaleLowerCase() })}
          data-status={result.status}
        >
          {result.lastStatusCode ? `${t('pushTools.answered', { code: result.lastStatusCode })} ` : ''}
          {result.lastError ?? result.reason ?? ''}
        </Alert>
      )}
      {secret && (
        <Group gap="xs">
          <Text size="sm">{t('pushTools.secret')}:</Text>
          <Code data-testid="signing-secret" style={{ wordBreak: 'break-all' }}>
            {secret}
          </Code>
          <CopyButton value={secret}>
            {({ copied, copy }) => (
              <Button size="compact-xs" variant="subtle" onClick={copy}>
                {copied ? t('common.copied') : t('common.copy')}
              </Button>
            )}
          </CopyButton>
        </Group>
      )}
    </Stack>
  );
}
