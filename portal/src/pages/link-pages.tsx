/** Pages reached from emailed links while signed out: accept an invitation, reset a password. */
import { Alert, Anchor, Button, Center, Loader, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, errorMessage, get } from '../lib/api';
import type { InvitationAccepted, InvitationLookup, Operator } from '../lib/types';

const tokenOf = () => new URLSearchParams(location.search).get('token') ?? '';

function Card({ title, children, onSubmit }: { title: string; children: React.ReactNode; onSubmit?: (e: React.SyntheticEvent) => void }) {
  return (
    <Center mih="100vh" p="md" bg="var(--mantine-color-default-hover)">
      <Paper withBorder shadow="sm" p="xl" w={420} maw="100%" component="form" onSubmit={onSubmit ?? ((e: React.SyntheticEvent) => e.preventDefault())}>
        <Stack>
          <Title order={2}>{title}</Title>
          {children}
        </Stack>
      </Paper>
    </Center>
  );
}

export function InvitePage() {
  const { t } = useTranslation();
  const [invite, setInvite] = useState<InvitationLookup | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  /** Whom this browser is signed in as (null: nobody), once known: an existing operator accepts signed in as themselves. */
  const [signedInAs, setSignedInAs] = useState<string | null | undefined>(undefined);

  useEffect(() => {
    get<InvitationLookup>(`/api/invitations/lookup?token=${encodeURIComponent(tokenOf())}`)
      .then(setInvite)
      .catch((err) => setError(errorMessage(err)));
    get<{ operator: Operator }>('/api/auth/me')
      .then((me) => setSignedInAs(me.operator.email))
      .catch(() => setSignedInAs(null));
  }, []);
  const signInFirst = invite?.existingOperator === true && signedInAs !== undefined && signedInAs !== invite.email;

  const accept = async (e: React.SyntheticEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const existing = invite?.existingOperator === true;
      // The link alone does not say who they are: they sign in with their own password first.
      if (signInFirst) await api('POST', '/api/auth/login', { email: invite.email, password });
      const done = await api<InvitationAccepted>(
        'POST',
        '/api/invitations/accept',
        existing ? { token: tokenOf() } : { token: tokenOf(), name: name.trim(), password },
      );
      // The portal opens in the workspace that invited them.
      location.assign(`/?workspace=${encodeURIComponent(done.workspaceId)}`);
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  };

  return (
    <Card title={t('sso.inviteTitle')} onSubmit={accept}>
      {error && <Alert color="red">{error}</Alert>}
      {!invite && !error && <Loader />}
      {invite && (
        <>
          <Text>{t('workspaces.joinAs', { workspace: invite.workspace.name, role: t(`role.${invite.role}`) })}</Text>
          <Text size="sm" c="dimmed">
            {invite.existingOperator
              ? t('workspaces.existingHint', { email: invite.email, workspace: invite.workspace.name })
              : t('workspaces.newHint', { email: invite.email })}
          </Text>
          {invite.sso && (
            <>
              <Text size="sm" c="dimmed">
                {t('sso.inviteSsoHint', { email: invite.email })}
              </Text>
              <Button component="a" href="/api/auth/oidc/start" variant={invite.password ? 'default' : 'filled'}>
                {t('sso.signInWithSso')}
              </Button>
            </>
          )}
          {invite.password && invite.existingOperator && signedInAs !== undefined && (
            <>
              {signInFirst && (
                <PasswordInput
                  label={t('workspaces.yourPassword', { email: invite.email })}
                  required
                  value={password}
                  onChange={(e) => setPassword(e.currentTarget.value)}
                />
              )}
              <Button type="submit" loading={busy}>
                {t('workspaces.join', { workspace: invite.workspace.name })}
              </Button>
            </>
          )}
          {invite.password && !invite.existingOperator && (
            <>
              <TextInput label={t('sso.yourName')} required value={name} onChange={(e) => setName(e.currentTarget.value)} />
              <NewPassword value={password} onChange={setPassword} />
              <Button type="submit" loading={busy}>
                {t('sso.acceptInvite')}
              </Button>
            </>
          )}
        </>
      )}
    </Card>
  );
}

/** A new password, with the rule the server enforces (at least 8 characters). */
function NewPassword({ value, onChange }: { value: string; onChange: (v: string) => void }) {
  const { t } = useTranslation();
  return (
    <PasswordInput
      label={t('sso.choosePassword')}
      description={t('sso.passwordRule')}
      required
      minLength={8}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
    />
  );
}

export function ResetPasswordPage() {
  const { t } = useTranslation();
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);

  const submit = async (e: React.SyntheticEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api('POST', '/api/auth/password-reset/confirm', { token: tokenOf(), password });
      setDone(true);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={t('sso.newPasswordTitle')} onSubmit={submit}>
      {error && <Alert color="red">{error}</Alert>}
      {done ? (
        <Alert color="green">
          {t('sso.passwordChanged')} <Anchor href="/">{t('login.submit')}</Anchor>
        </Alert>
      ) : (
        <>
          <NewPassword value={password} onChange={setPassword} />
          <Button type="submit" loading={busy}>
            {t('sso.setPassword')}
          </Button>
        </>
      )}
    </Card>
  );
}
