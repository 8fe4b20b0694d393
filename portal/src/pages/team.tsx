/** Admins invite operators by email, see who is still to accept, and manage the workspace's members. */
import { Alert, Button, Card, Code, CopyButton, Group, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { WorkspaceMembers } from '../components/workspace-members';
import { api, errorMessage } from '../lib/api';
import { useFetch } from '../lib/use-fetch';
import type { Invitation, InvitationCreated, Role } from '../lib/types';

const ROLES: Role[] = ['admin', 'manager', 'operator', 'viewer'];

export function TeamPage() {
  const { t, i18n } = useTranslation();
  const invitations = useFetch<{ items: Invitation[] }>('/api/invitations');
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('operator');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<InvitationCreated | null>(null);

  const invite = async (e: React.SyntheticEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setCreated(await api<InvitationCreated>('POST', '/api/invitations', { email: email.trim(), role }));
      setEmail('');
      invitations.reload();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  const revoke = async (id: string) => {
    await api('DELETE', `/api/invitations/${encodeURIComponent(id)}`).catch((err) => setError(errorMessage(err)));
    invitations.reload();
  };

  return (
    <Stack>
      <Title order={2}>{t('sso.teamTitle')}</Title>
      <WorkspaceMembers />
      <Card withBorder component="form" onSubmit={invite}>
        <Stack>
          <Text fw={500}>{t('sso.inviteSomeone')}</Text>
          <Group align="end">
            <TextInput label={t('login.email')} type="email" required value={email} onChange={(e) => setEmail(e.currentTarget.value)} w={280} />
            <Select
              label={t('sso.role')}
              data={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))}
              value={role}
              onChange={(v) => v && setRole(v)}
              allowDeselect={false}
              w={160}
            />
            <Button type="submit" loading={busy}>
              {t('sso.sendInvite')}
            </Button>
          </Group>
          {error && <Alert color="red">{error}</Alert>}
          {created && (
            <Alert color="green" data-testid="invite-created">
              <Stack gap={4}>
                <Text size="sm">{created.emailed ? t('sso.inviteEmailed', { email: created.invitation.email }) : t('sso.inviteNotEmailed')}</Text>
                <Group gap="xs">
                  <Code style={{ wordBreak: 'break-all' }}>{created.link}</Code>
                  <CopyButton value={created.link}>
                    {({ copied, copy }) => (
                      <Button size="xs" variant="light" onClick={copy}>
                        {copied ? t('sso.copied') : t('sso.copyLink')}
                      </Button>
                    )}
                  </CopyButton>
                </Group>
              </Stack>
            </Alert>
          )}
        </Stack>
      </Card>
      <Title order={4}>{t('sso.pending')}</Title>
      {invitations.data?.items.length === 0 && <Text c="dimmed">{t('sso.noPending')}</Text>}
      {!!invitations.data?.items.length && (
        <Table striped fz="sm" data-testid="invitations">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('login.email')}</Table.Th>
              <Table.Th>{t('sso.role')}</Table.Th>
              <Table.Th>{t('sso.expires')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {invitations.data.items.map((i) => (
              <Table.Tr key={i.id}>
                <Table.Td>{i.email}</Table.Td>
                <Table.Td>{t(`role.${i.role}`)}</Table.Td>
                <Table.Td>{new Date(i.expiresAt).toLocaleString(i18n.language)}</Table.Td>
                <Table.Td>
                  <Button size="xs" variant="subtle" color="red" onClick={() => void revoke(i.id)}>
                    {t('sso.revoke')}
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
