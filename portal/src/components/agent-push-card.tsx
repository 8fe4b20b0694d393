import { Alert, Badge, Button, Card, Group, Popover, Stack, Text, Title } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PushConfig, PushConfigDetail, PushConfigInput } from '../lib/types';
import { PushConfigSummary } from './push-config-summary';
import { PushConfigTools } from './push-config-tools';

interface Props {
  agentId: string;
  /** undefined while loading, null when the agent has none. */
  saved: PushConfig | PushConfigDetail | null | undefined;
  /** What the page's Save will send, when the window changed something. */
  draft: PushConfigInput | null;
  canEdit: boolean;
  onEdit(): void;
  onRemove(): void;
}

/**
 * The agent's push configuration (outgoing webhooks), always on the agent's page: it is how
 * Herald tells the customer's own backend about sessions, so it must not hide behind a switch.
 */
export function AgentPushCard({ agentId, saved, draft, canEdit, onEdit, onRemove }: Props) {
  const { t } = useTranslation();
  const [confirmDelete, setConfirmDelete] = useState(false);
  const card = useRef<HTMLDivElement>(null);
  // The Agents list links here as /agents/:id#push.
  useEffect(() => {
    if (location.hash === '#push') card.current?.scrollIntoView({ block: 'start' });
  }, []);
  const shown = draft ?? saved;

  return (
    <Card withBorder id="push" ref={card} data-testid="push-card">
      <Group justify="space-between" align="start" gap="sm">
        <div style={{ flex: '1 1 260px' }}>
          <Title order={4}>{t('agent.pushTitle')}</Title>
          <Text size="sm" c="dimmed">
            {t('agent.pushHint')}
          </Text>
        </div>
        {canEdit && (
          <Group gap="xs">
            {saved && (
              <Popover opened={confirmDelete} onChange={setConfirmDelete} withArrow>
                <Popover.Target>
                  <Button size="xs" variant="subtle" color="red" onClick={() => setConfirmDelete((o) => !o)}>
                    {t('common.remove')}
                  </Button>
                </Popover.Target>
                <Popover.Dropdown>
                  <Text size="sm" mb="xs">
                    {t('agent.removeConfirm')}
                  </Text>
                  <Button
                    size="xs"
                    color="red"
                    onClick={() => {
                      setConfirmDelete(false);
                      onRemove();
                    }}
                  >
                    {t('agent.removeConfig')}
                  </Button>
                </Popover.Dropdown>
              </Popover>
            )}
            <Button size="xs" variant={shown ? 'default' : 'filled'} onClick={onEdit}>
              {shown ? t('agent.editPush') : t('agent.setUpPush')}
            </Button>
          </Group>
        )}
      </Group>
      {shown && (
        <Stack mt="md" gap="sm">
          {draft && <Badge color="yellow">{t('agent.unsavedDraft')}</Badge>}
          {saved && 'health' in saved && saved.health.state !== 'healthy' && (
            <Alert color="orange" data-testid="endpoint-health" data-state={saved.health.state}>
              {t('agent.endpointOpen', { count: saved.health.consecutiveFailures })}
            </Alert>
          )}
          <PushConfigSummary config={shown} />
          {saved && !draft && <PushConfigTools agentId={agentId} canEdit={canEdit} />}
        </Stack>
      )}
      {saved === null && !draft && (
        <Text size="sm" c="dimmed" mt="sm">
          {t('agent.notConfigured')}
        </Text>
      )}
    </Card>
  );
}
