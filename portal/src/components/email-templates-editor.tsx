import { Badge, Button, Card, Code, CopyButton, Group, Select, Stack, Tabs, Text, TextInput, Textarea, Title, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, errorMessage } from '../lib/api';
import type { EmailTemplate } from '../lib/types';
import { useFetch } from '../lib/use-fetch';
import { LoadError } from './missing-api';

const NAMES = {
  operator_new_conversation: 'templates.operatorNewConversation',
  operator_new_message: 'templates.operatorNewMessage',
  customer_operator_reply: 'templates.customerOperatorReply',
  digest: 'templates.digest',
} as const;
const isKnown = (n: string): n is keyof typeof NAMES => n in NAMES;
type Action = 'preview' | 'save' | 'reset';

type Draft = Omit<EmailTemplate, 'name' | 'custom'>;

/** Edit the email templates; merge fields are listed for copying, preview renders with sample values. */
export function EmailTemplatesEditor({ editable }: { editable: boolean }) {
  const { t } = useTranslation();
  const { data, error, setData } = useFetch<{ items: EmailTemplate[]; mergeFields: string[] }>('/api/settings/email-templates');
  const [name, setName] = useState<string | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [preview, setPreview] = useState<Draft | null>(null);
  const [busy, setBusy] = useState<Action | null>(null);

  useEffect(() => {
    if (data && !name && data.items[0]) setName(data.items[0].name);
  }, [data, name]);
  useEffect(() => {
    const t = data?.items.find((x) => x.name === name);
    setDraft(t ? { subject: t.subject, text: t.text, html: t.html } : null);
  }, [data, name]);
  // A preview belongs to the template it was made from; saving keeps it, switching drops it.
  useEffect(() => setPreview(null), [name]);

  if (error) return <LoadError error={error} what={t('templates.title')} />;
  if (!data || !draft || !name) return <Text c="dimmed">{t('common.loading')}</Text>;

  const run = async (what: Action, fn: () => Promise<void>) => {
    setBusy(what);
    try {
      await fn();
    } catch (err) {
      notifications.show({ color: 'red', title: t(`templates.failed.${what}`), message: errorMessage(err) });
    } finally {
      setBusy(null);
    }
  };
  const doPreview = () => run('preview', async () => setPreview(await api<Draft>('POST', `/api/settings/email-templates/${name}/preview`, draft)));
  const store = (t: EmailTemplate) => setData((d) => d && { ...d, items: d.items.map((x) => (x.name === t.name ? t : x)) });
  const save = () =>
    run('save', async () => {
      store(await api<EmailTemplate>('PUT', `/api/settings/email-templates/${name}`, draft));
      notifications.show({ color: 'green', message: t('templates.saved') });
    });
  const reset = () =>
    run('reset', async () => {
      store(await api<EmailTemplate>('DELETE', `/api/settings/email-templates/${name}`));
      notifications.show({ color: 'green', message: t('templates.resetDone') });
    });
  const current = data.items.find((t) => t.name === name);

  return (
    <Card withBorder data-testid="email-templates">
      <Title order={4} mb="sm">
        {t('templates.title')}
      </Title>
      <Stack>
        <Select
          label={t('templates.template')}
          data={data.items.map((x) => ({ value: x.name, label: isKnown(x.name) ? t(NAMES[x.name]) : x.name }))}
          value={name}
          onChange={setName}
          allowDeselect={false}
          maw={400}
        />
        <div>
          <Text size="sm" fw={500}>
            {t('templates.mergeFields')}
          </Text>
          <Text size="xs" c="dimmed" mb={4}>
            {t('templates.mergeHint', { example: '{recipient_name}' })}
          </Text>
          <Group gap={6}>
            {data.mergeFields.map((f) => (
              <CopyButton key={f} value={`{${f}}`}>
                {({ copied, copy }) => (
                  <Tooltip label={copied ? t('common.copied') : t('common.copy')}>
                    <Badge variant="light" style={{ cursor: 'pointer', textTransform: 'none' }} onClick={copy}>{`{${f}}`}</Badge>
                  </Tooltip>
                )}
              </CopyButton>
            ))}
          </Group>
        </div>
        <TextInput
          label={t('templates.subject')}
          value={draft.subject}
          readOnly={!editable}
          onChange={(e) => setDraft({ ...draft, subject: e.currentTarget.value })}
        />
        <Textarea
          label={t('templates.plainText')}
          autosize
          minRows={4}
          maxRows={12}
          value={draft.text}
          readOnly={!editable}
          onChange={(e) => setDraft({ ...draft, text: e.currentTarget.value })}
        />
        <Textarea
          label="HTML"
          autosize
          minRows={4}
          maxRows={12}
          styles={{ input: { fontFamily: 'monospace' } }}
          value={draft.html}
          readOnly={!editable}
          onChange={(e) => setDraft({ ...draft, html: e.currentTarget.value })}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={() => void doPreview()} loading={busy === 'preview'}>
            {t('templates.preview')}
          </Button>
          {editable && current?.custom && (
            <Button variant="subtle" color="gray" onClick={() => void reset()} loading={busy === 'reset'}>
              {t('templates.reset')}
            </Button>
          )}
          {editable && (
            <Button onClick={() => void save()} loading={busy === 'save'}>
              {t('templates.save')}
            </Button>
          )}
        </Group>
        {preview && (
          <Card withBorder bg="var(--mantine-color-default-hover)" data-testid="email-preview">
            <Text size="sm" mb="xs">
              {t('templates.subject')}: <b>{preview.subject}</b>
            </Text>
            <Tabs defaultValue="html">
              <Tabs.List>
                <Tabs.Tab value="html">HTML</Tabs.Tab>
                <Tabs.Tab value="text">{t('templates.plainText')}</Tabs.Tab>
              </Tabs.List>
              <Tabs.Panel value="html" pt="xs">
                {/* sandbox without scripts: a template is markup, never code to run in the portal. */}
                <iframe
                  title={t('templates.htmlPreview')}
                  sandbox=""
                  srcDoc={preview.html}
                  style={{ width: '100%', height: 280, border: 0, background: 'white' }}
                />
              </Tabs.Panel>
              <Tabs.Panel value="text" pt="xs">
                <Code block>{preview.text}</Code>
              </Tabs.Panel>
            </Tabs>
          </Card>
        )}
      </Stack>
    </Card>
  );
}
