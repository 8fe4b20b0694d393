/**
 * The members of the workspace shown (the Team page, for its admins): change a member's role,
 * remove them, add an operator who already works in another workspace the admin runs. The
 * server refuses leaving a workspace without an admin; its message is shown as is.
 */
import { Alert, Badge, Button, Card, Group, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, errorMessage } from '../lib/api';
import { useMe } from '../lib/auth';
import type { Role, WorkspaceMember } from '../lib/types';
import { useFetch } from '../lib/use-fetch';
import { useWorkspaces } from '../lib/workspaces';

const ROLES: Role[] = ['admin', 'manager', 'operator', 'viewer'];

export function WorkspaceMembers() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const { current, switchTo } = useWorkspaces();
  const base = `/api/workspaces/${encodeURIComponent(current.id)}/members`;
  const members = useFetch<{ items: WorkspaceMember[] }>(base);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('operator');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const roleOptions = ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }));

  const run = async (fn: () => Promise<unknown>) => {
    setError(null);
    setNotice(null);
    try {
      await fn();
    } catch (err) {
      setError(errorMessage(err));
    }
    members.reload();
  };
  const add = async (e: React.SyntheticEvent) => {
    e.preventDefault();
    setBusy(true);
    await run(async () => {
      const m = await api<WorkspaceMember>('POST', base, { email: email.trim(), role });
      setEmail('');
      setNotice(t('workspaces.added', { email: m.email }));
    });
    setBusy(false);
  };
  const changeRole = (m: WorkspaceMember, next: Role) =>
    run(async () => {
      await api('PATCH', `${base}/${encodeURIComponent(m.id)}`, { role: next });
      // Their own role changed: the menu and pages follow it.
      if (m.id === me.id) await switchTo(current.id);
    });
  const remove = (m: WorkspaceMember) => {
    if (!confirm(t('workspaces.removeConfirm', { name: m.name, workspace: current.name }))) return;
    void run(() => api('DELETE', `${base}/${encodeURIComponent(m.id)}`));
  };

  return (
    <Stack data-testid="workspace-members">
      <Title order={4}>{t('workspaces.members', { name: current.name })}</Title>
      {error && (
        <Alert color="red" withCloseButton onClose={() => setError(null)}>
          {error}
        </Alert>
      )}
      {notice && <Alert color="green">{notice}</Alert>}
      {members.data?.items.length === 0 && <Text c="dimmed">{t('workspaces.noMembers')}</Text>}
      {!!members.data?.items.length && (
        <Table striped fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('workspaces.name')}</Table.Th>
              <Table.Th>{t('login.email')}</Table.Th>
              <Table.Th>{t('sso.role')}</Table.Th>
              <Table.Th>{t('workspaces.joined')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {members.data.items.map((m) => (
              <Table.Tr key={m.id} data-testid={`member-${m.email}`}>
                <Table.Td>
                  <Group gap={6} wrap="nowrap">
                    {m.name}
                    {m.id === me.id && (
                      <Badge size="xs" variant="light">
                        {t('workspaces.you')}
                      </Badge>
                    )}
                  </Group>
                </Table.Td>
                <Table.Td>{m.email}</Table.Td>
                <Table.Td>
                  <Select
                    aria-label={t('sso.role')}
                    data={roleOptions}
                    value={m.role}
                    onChange={(v) => v && v !== m.role && void changeRole(m, v)}
                    allowDeselect={false}
                    size="xs"
                    w={130}
                  />
                </Table.Td>
                <Table.Td>{new Date(m.joinedAt).toLocaleDateString(i18n.language)}</Table.Td>
                <Table.Td>
                  <Button size="xs" variant="subtle" color="red" onClick={() => remove(m)}>
                    {t('workspaces.remove')}
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Card withBorder component="form" onSubmit={add}>
        <Stack gap="xs">
          <Text fw={500}>{t('workspaces.addExisting')}</Text>
          <Text size="sm" c="dimmed">
            {t('workspaces.addHint')}
          </Text>
          <Group align="end">
            <TextInput
              label={t('login.email')}
              type="email"
              required
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
              w={280}
              data-testid="member-email"
            />
            <Select label={t('sso.role')} data={roleOptions} value={role} onChange={(v) => v && setRole(v)} allowDeselect={false} w={160} />
            <Button type="submit" loading={busy} data-testid="member-add">
              {t('workspaces.add')}
            </Button>
          </Group>
        </Stack>
      </Card>
    </Stack>
  );
}
