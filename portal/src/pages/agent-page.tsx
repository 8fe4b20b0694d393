import { Alert, Anchor, Button, Card, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AgentPushCard } from '../components/agent-push-card';
import { PushConfigModal } from '../components/push-config-modal';
import { ApiError, api, errorMessage, get } from '../lib/api';
import { useMe } from '../lib/auth';
import { loadDirectory } from '../lib/directory';
import { type ConfigDraft, toBody, toDraft } from '../lib/push-config-draft';
import { can } from '../lib/roles';
import { linkHandler } from '../lib/router';
import type { Agent, PushConfig, PushConfigDetail } from '../lib/types';
import { useFetch } from '../lib/use-fetch';

export function AgentPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const me = useMe();
  const canEdit = can(me.role, 'editAgents');
  const { data: agent, error, setData: setAgent } = useFetch<Agent>(`/api/agents/${id}`);
  const [saved, setSaved] = useState<PushConfig | PushConfigDetail | null | undefined>();
  const [draft, setDraft] = useState<ConfigDraft | null>(null);
  const [name, setName] = useState('');
  const [modalOpen, setModalOpen] = useState(false);
  const [saving, setSaving] = useState(false);

  const loadConfig = async () => {
    try {
      setSaved(await get<PushConfigDetail>(`/api/agents/${id}/push-config`));
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) setSaved(null);
      else notifications.show({ color: 'red', title: t('agent.loadConfigFailed'), message: errorMessage(err) });
    }
  };
  useEffect(() => {
    void loadConfig();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- reload when the agent changes, not on every render's new loadConfig
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
      notifications.show({ color: 'green', message: t('agent.saved') });
    } catch (err) {
      notifications.show({ color: 'red', title: t('common.notSaved'), message: errorMessage(err) });
    } finally {
      setSaving(false);
    }
  };

  const remove = async () => {
    try {
      await api('DELETE', `/api/agents/${id}/push-config`);
      setSaved(null);
      setDraft(null);
      notifications.show({ color: 'green', message: t('agent.removed') });
    } catch (err) {
      notifications.show({ color: 'red', title: t('agent.notRemoved'), message: errorMessage(err) });
    }
  };

  if (error)
    return (
      <Alert color="red" title={t('agent.openFailed')}>
        {error.message}
      </Alert>
    );
  if (!agent) return <Text c="dimmed">{t('common.loading')}</Text>;

  return (
    <Stack maw={900}>
      <Group>
        <Anchor href="/agents" onClick={linkHandler('/agents')} size="sm">
          ← {t('nav.agents')}
        </Anchor>
        <Title order={2} style={{ wordBreak: 'break-word' }}>
          {agent.name}
        </Title>
      </Group>
      <Card withBorder>
        <Title order={4} mb="sm">
          {t('agent.general')}
        </Title>
        <TextInput label={t('common.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} readOnly={!canEdit} maw={400} />
        <Text size="xs" c="dimmed" mt="xs" style={{ wordBreak: 'break-all' }}>
          {t('agent.id')}: <code>{agent.id}</code>
        </Text>
      </Card>
      <AgentPushCard
        agentId={id}
        saved={saved}
        draft={draft ? toBody(draft) : null}
        canEdit={canEdit}
        onEdit={() => setModalOpen(true)}
        onRemove={() => void remove()}
      />
      {canEdit && (
        <Group justify="flex-end">
          {dirty && (
            <Text size="sm" c="dimmed">
              {t('common.unsavedChanges')}
            </Text>
          )}
          <Button onClick={() => void save()} loading={saving} disabled={!dirty}>
            {t('common.save')}
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
