import { Alert, Anchor, Button, Center, Divider, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, errorMessage, get } from '../lib/api';
import { useAuth } from '../lib/auth';
import type { AuthMethods } from '../lib/types';

// Why single sign-on sent the browser back here (?sso=…, set by /api/auth/oidc/callback).
const SSO_REASONS = ['not_invited', 'unverified', 'disabled', 'expired', 'failed'] as const;

export function LoginPage() {
  const { t } = useTranslation();
  const { login } = useAuth();
  const [methods, setMethods] = useState<AuthMethods | null>(null);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [forgot, setForgot] = useState(false);
  const [resetSent, setResetSent] = useState(false);
  const ssoReason = new URLSearchParams(location.search).get('sso') as (typeof SSO_REASONS)[number] | null;

  useEffect(() => {
    // An older server without the route: password sign-in as before.
    get<AuthMethods>('/api/auth/methods')
      .then(setMethods)
      .catch(() => setMethods({ password: true, sso: false, passwordReset: false }));
  }, []);

  const submit = async (e: React.SyntheticEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      if (forgot) {
        await api('POST', '/api/auth/password-reset', { email: email.trim() });
        setResetSent(true);
      } else {
        await login(email.trim(), password);
        if (location.search) history.replaceState(null, '', '/');
      }
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Center mih="100vh" p="md" bg="var(--mantine-color-default-hover)">
      <Paper withBorder shadow="sm" p="xl" w={380} maw="100%" component="form" onSubmit={submit}>
        <Stack>
          <Title order={2}>{forgot ? t('sso.resetTitle') : t('login.title')}</Title>
          {ssoReason && SSO_REASONS.includes(ssoReason) && !forgot && (
            <Alert color="red" title={t('sso.refusedTitle')} data-testid="sso-refused">
              {t(`sso.refused.${ssoReason}`)}
            </Alert>
          )}
          {error && (
            <Alert color="red" title={t('login.failed')}>
              {error}
            </Alert>
          )}
          {methods?.sso && !forgot && (
            <Button component="a" href="/api/auth/oidc/start" variant={methods.password ? 'default' : 'filled'} data-testid="sso-button">
              {t('sso.signInWithSso')}
            </Button>
          )}
          {methods?.sso && methods.password && !forgot && <Divider label={t('sso.or')} labelPosition="center" />}
          {methods?.password && !resetSent && (
            <>
              <TextInput
                label={t('login.email')}
                type="email"
                autoComplete="username"
                required
                value={email}
                onChange={(e) => setEmail(e.currentTarget.value)}
              />
              {!forgot && (
                <PasswordInput
                  label={t('login.password')}
                  autoComplete="current-password"
                  required
                  value={password}
                  onChange={(e) => setPassword(e.currentTarget.value)}
                />
              )}
              <Button type="submit" loading={busy}>
                {forgot ? t('sso.sendResetLink') : t('login.submit')}
              </Button>
            </>
          )}
          {resetSent && <Alert color="green">{t('sso.resetSent', { email })}</Alert>}
          {methods?.passwordReset && (
            <Text size="sm" ta="center">
              <Anchor
                component="button"
                type="button"
                onClick={() => {
                  setForgot(!forgot);
                  setResetSent(false);
                  setError(null);
                }}
              >
                {forgot ? t('sso.backToSignIn') : t('sso.forgotPassword')}
              </Anchor>
            </Text>
          )}
          {methods && !methods.password && !methods.sso && <Text c="dimmed">{t('sso.noMethod')}</Text>}
        </Stack>
      </Paper>
    </Center>
  );
}
