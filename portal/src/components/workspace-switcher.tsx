/**
 * The header's workspace switcher: the operator's workspaces with their role in each, and for an
 * instance admin (admin of `default`) a way to create one, whose server key is shown once.
 */
import { Alert, Badge, Button, Code, CopyButton, Group, Menu, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, errorMessage } from '../lib/api';
import type { WorkspaceCreated } from '../lib/types';
import { useWorkspaces } from '../lib/workspaces';

export function WorkspaceSwitcher() {
  const { t } = useTranslation();
  const { list, current, instanceAdmin, switchTo } = useWorkspaces();
  const [creating, setCreating] = useState(false);
  // One workspace and nothing to create: nothing to switch, nothing to show.
  if (list.length < 2 && !instanceAdmin) return null;
  return (
    <>
      <Menu position="bottom-start" withinPortal>
        <Menu.Target>
          <Button
            variant="default"
            size="compact-sm"
            aria-label={t('workspaces.switch')}
            title={t('workspaces.switch')}
            data-testid="workspace-switcher"
            rightSection={<span aria-hidden>▾</span>}
            maw={{ base: 130, sm: 240 }}
          >
            <Text size="sm" fw={600} truncate>
              {current.name}
            </Text>
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>{t('workspaces.title')}</Menu.Label>
          {list.map((w) => (
            <Menu.Item
              key={w.id}
              onClick={() => w.id !== current.id && void switchTo(w.id)}
              data-testid={`workspace-option-${w.id}`}
              aria-current={w.id === current.id ? 'true' : undefined}
              fw={w.id === current.id ? 600 : undefined}
              rightSection={
                w.role && (
                  <Badge size="xs" variant="light" color="gray">
                    {t(`role.${w.role}`)}
                  </Badge>
                )
              }
            >
              {w.name}
            </Menu.Item>
          ))}
          {instanceAdmin && (
            <>
              <Menu.Divider />
              <Menu.Item onClick={() => setCreating(true)} data-testid="workspace-create">
                {t('workspaces.create')}
              </Menu.Item>
            </>
          )}
        </Menu.Dropdown>
      </Menu>
      {creating && <CreateWorkspace onClose={() => setCreating(false)} />}
    </>
  );
}

function CreateWorkspace({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { reload, switchTo } = useWorkspaces();
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<WorkspaceCreated | null>(null);

  const create = async (e: React.SyntheticEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setCreated(await api<WorkspaceCreated>('POST', '/api/workspaces', { name: name.trim() }));
      await reload();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened onClose={onClose} title={t('workspaces.createTitle')} data-testid="workspace-create-modal">
      {!created ? (
        <form onSubmit={create}>
          <Stack>
            <TextInput label={t('workspaces.name')} required maxLength={200} value={name} onChange={(e) => setName(e.currentTarget.value)} data-autofocus />
            {error && <Alert color="red">{error}</Alert>}
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={busy} disabled={!name.trim()}>
                {t('workspaces.createButton')}
              </Button>
            </Group>
          </Stack>
        </form>
      ) : (
        <Stack data-testid="workspace-created">
          <Alert color="yellow">{t('workspaces.keyOnce', { name: created.name })}</Alert>
          <Text size="sm" fw={500}>
            {t('workspaces.serverKey')}
          </Text>
          <Code block data-testid="workspace-api-key" style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}>
            {created.apiKey}
          </Code>
          <Group justify="flex-end">
            <CopyButton value={created.apiKey}>
              {({ copied, copy }) => (
                <Button size="xs" variant="light" onClick={copy}>
                  {copied ? t('sso.copied') : t('workspaces.copy')}
                </Button>
              )}
            </CopyButton>
          </Group>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('workspaces.close')}
            </Button>
            <Button onClick={() => void switchTo(created.id).then(onClose)}>{t('workspaces.open', { name: created.name })}</Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
