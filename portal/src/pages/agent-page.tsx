import { ActionIcon, Alert, Anchor, Badge, Button, Card, Group, Popover, Stack, Switch, Text, TextInput, Title, Tooltip } from '@mantine/core';
import { useLocalStorage } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useEffect, useMemo, useState } from 'react';
import { PushConfigModal } from '../components/push-config-modal';
import { PushConfigSummary } from '../components/push-config-summary';
import { PushConfigTools } from '../components/push-config-tools';
import { ApiError, api, errorMessage, get } from '../lib/api';
import { useMe } from '../lib/auth';
import { loadDirectory } from '../lib/directory';
import { type ConfigDraft, toBody, toDraft } from '../lib/push-config-draft';
import { can } from '../lib/roles';
import { linkHandler } from '../lib/router';
import type { Agent, PushConfig } from '../lib/types';
import { useFetch } from '../lib/use-fetch';

export function AgentPage({ id }: { id: string }) {
  const me = useMe();
  const canEdit = can(me.role, 'editAgents');
  const { data: agent, error, setData: setAgent } = useFetch<Agent>(`/api/agents/${id}`);
  const [advanced, setAdvanced] = useLocalStorage({ key: 'herald.agentAdvancedMode', defaultValue: false });
  const [saved, setSaved] = useState<PushConfig | null | undefined>();
  const [draft, setDraft] = useState<ConfigDraft | null>(null);
  const [name, setName] = useState('');
  const [modalOpen, setModalOpen] = useState(false);
  const [saving, setSaving] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);

  const loadConfig = async () => {
    try {
      setSaved(await get<PushConfig>(`/api/agents/${id}/push-config`));
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) setSaved(null);
      else notifications.show({ color: 'red', title: 'Could not load the push configuration', message: errorMessage(err) });
    }
  };
  useEffect(() => {
    void loadConfig();
  }, [id]);
  useEffect(() => setName(agent?.name ?? ''), [agent?.name]);

  const initial = useMemo(() => draft ?? toDraft(saved ?? null), [draft, saved]);
  const dirty = draft !== null || (agent !== undefined && name.trim() !== agent.name);

  const save = async () => {
    setSaving(true);
    try {
      if (agent && name.trim() !== agent.name) setAgent(await api<Agent>('PATCH', `/api/agents/${id}`, { name: name.trim() }));
      if (draft) {
        setSaved(await api<PushConfig>('PUT', `/api/agents/${id}/push-config`, toBody(draft)));
        setDraft(null);
        setAgent((a) => a && { ...a, hasPushConfig: true });
      }
      void loadDirectory(true);
      notifications.show({ color: 'green', message: 'Agent saved.' });
    } catch (err) {
      notifications.show({ color: 'red', title: 'Not saved', message: errorMessage(err) });
    } finally {
      setSaving(false);
    }
  };

  const remove = async () => {
    setConfirmDelete(false);
    try {
      await api('DELETE', `/api/agents/${id}/push-config`);
      setSaved(null);
      setDraft(null);
      notifications.show({ color: 'green', message: 'Push notification configuration removed.' });
    } catch (err) {
      notifications.show({ color: 'red', title: 'Not removed', message: errorMessage(err) });
    }
  };

  if (error) return <Alert color="red" title="Could not open the agent">{error.message}</Alert>;
  if (!agent) return <Text c="dimmed">Loading…</Text>;
  const shown = draft ? toBody(draft) : saved;

  return (
    <Stack maw={900}>
      <Group justify="space-between">
        <Group>
          <Anchor href="/agents" onClick={linkHandler('/agents')} size="sm">
            ← Agents
          </Anchor>
          <Title order={2}>{agent.name}</Title>
        </Group>
        <Switch label="Advanced mode" checked={advanced} onChange={(e) => setAdvanced(e.currentTarget.checked)} />
      </Group>
      <Card withBorder>
        <Title order={4} mb="sm">
          General
        </Title>
        <TextInput label="Name" value={name} onChange={(e) => setName(e.currentTarget.value)} readOnly={!canEdit} maw={400} />
        <Text size="xs" c="dimmed" mt="xs">
          Agent id: <code>{agent.id}</code>
        </Text>
      </Card>
      {advanced && (
        <Card withBorder data-testid="advanced-card">
          <Title order={4} mb="sm">
            Advanced
          </Title>
          <Group justify="space-between">
            <div>
              <Text fw={500}>Set push notification configuration</Text>
              <Text size="sm" c="dimmed">
                Send this agent's session events to your own endpoint (outgoing webhooks).
              </Text>
            </div>
            <Group gap="xs">
              {saved && canEdit && (
                <Popover opened={confirmDelete} onChange={setConfirmDelete} withArrow>
                  <Popover.Target>
                    <Button size="xs" variant="subtle" color="red" onClick={() => setConfirmDelete((o) => !o)}>
                      Remove
                    </Button>
                  </Popover.Target>
                  <Popover.Dropdown>
                    <Text size="sm" mb="xs">
                      Stop sending this agent's events?
                    </Text>
                    <Button size="xs" color="red" onClick={() => void remove()}>
                      Remove configuration
                    </Button>
                  </Popover.Dropdown>
                </Popover>
              )}
              <Tooltip label={saved || draft ? 'Edit push notification configuration' : 'Add push notification configuration'}>
                <ActionIcon size="lg" radius="xl" aria-label="Set push notification configuration" onClick={() => setModalOpen(true)} disabled={!canEdit}>
                  +
                </ActionIcon>
              </Tooltip>
            </Group>
          </Group>
          {shown && (
            <Stack mt="md" gap="sm">
              {draft && <Badge color="yellow">Unsaved — press Save to apply</Badge>}
              <PushConfigSummary config={shown} />
              {saved && !draft && <PushConfigTools agentId={id} canEdit={canEdit} />}
            </Stack>
          )}
          {saved === null && !draft && (
            <Text size="sm" c="dimmed" mt="sm">
              Not configured.
            </Text>
          )}
        </Card>
      )}
      {canEdit && (
        <Group justify="flex-end">
          {dirty && (
            <Text size="sm" c="dimmed">
              Unsaved changes
            </Text>
          )}
          <Button onClick={() => void save()} loading={saving} disabled={!dirty}>
            Save
          </Button>
        </Group>
      )}
      <PushConfigModal
        opened={modalOpen}
        initial={initial}
        onClose={() => setModalOpen(false)}
        onSave={(d) => {
          setDraft(d);
          setModalOpen(false);
        }}
      />
    </Stack>
  );
}
