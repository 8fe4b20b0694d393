import { Badge, Button, Card, Code, CopyButton, Group, Select, Stack, Tabs, Text, TextInput, Textarea, Title, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useState } from 'react';
import { api, errorMessage } from '../lib/api';
import type { EmailTemplate } from '../lib/types';
import { useFetch } from '../lib/use-fetch';
import { LoadError } from './missing-api';

const NAMES: Record<string, string> = {
  operator_new_conversation: 'To operators: new conversation',
  operator_new_message: 'To operators: new message',
  customer_operator_reply: 'To customers: operator replied',
  digest: 'Digest',
};

type Draft = Omit<EmailTemplate, 'name' | 'custom'>;

/** Edit the email templates; merge fields are listed for copying, preview renders with sample values. */
export function EmailTemplatesEditor({ editable }: { editable: boolean }) {
  const { data, error, setData } = useFetch<{ items: EmailTemplate[]; mergeFields: string[] }>('/api/settings/email-templates');
  const [name, setName] = useState<string | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [preview, setPreview] = useState<Draft | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  useEffect(() => {
    if (data && !name && data.items[0]) setName(data.items[0].name);
  }, [data, name]);
  useEffect(() => {
    const t = data?.items.find((x) => x.name === name);
    setDraft(t ? { subject: t.subject, text: t.text, html: t.html } : null);
  }, [data, name]);
  // A preview belongs to the template it was made from; saving keeps it, switching drops it.
  useEffect(() => setPreview(null), [name]);

  if (error) return <LoadError error={error} what="Email templates" />;
  if (!data || !draft || !name) return <Text c="dimmed">Loading templates…</Text>;

  const run = async (what: string, fn: () => Promise<void>) => {
    setBusy(what);
    try {
      await fn();
    } catch (err) {
      notifications.show({ color: 'red', title: `${what} failed`, message: errorMessage(err) });
    } finally {
      setBusy(null);
    }
  };
  const doPreview = () => run('Preview', async () => setPreview(await api<Draft>('POST', `/api/settings/email-templates/${name}/preview`, draft)));
  const store = (t: EmailTemplate) => setData((d) => d && { ...d, items: d.items.map((x) => (x.name === t.name ? t : x)) });
  const save = () =>
    run('Save', async () => {
      store(await api<EmailTemplate>('PUT', `/api/settings/email-templates/${name}`, draft));
      notifications.show({ color: 'green', message: 'Template saved.' });
    });
  const reset = () =>
    run('Reset', async () => {
      store(await api<EmailTemplate>('DELETE', `/api/settings/email-templates/${name}`));
      notifications.show({ color: 'green', message: 'Template reset to the default.' });
    });
  const current = data.items.find((t) => t.name === name);

  return (
    <Card withBorder data-testid="email-templates">
      <Title order={4} mb="sm">
        Email templates
      </Title>
      <Stack>
        <Select
          label="Template"
          data={data.items.map((t) => ({ value: t.name, label: NAMES[t.name] ?? t.name }))}
          value={name}
          onChange={setName}
          allowDeselect={false}
          maw={400}
        />
        <div>
          <Text size="sm" fw={500}>
            Merge fields
          </Text>
          <Text size="xs" c="dimmed" mb={4}>
            Write a field in braces, e.g. {'{recipient_name}'}; values are HTML-escaped in the HTML part and newlines become line breaks.
          </Text>
          <Group gap={6}>
            {data.mergeFields.map((f) => (
              <CopyButton key={f} value={`{${f}}`}>
                {({ copied, copy }) => (
                  <Tooltip label={copied ? 'Copied' : 'Copy'}>
                    <Badge variant="light" style={{ cursor: 'pointer', textTransform: 'none' }} onClick={copy}>{`{${f}}`}</Badge>
                  </Tooltip>
                )}
              </CopyButton>
            ))}
          </Group>
        </div>
        <TextInput label="Subject" value={draft.subject} readOnly={!editable} onChange={(e) => setDraft({ ...draft, subject: e.currentTarget.value })} />
        <Textarea label="Plain text" autosize minRows={4} maxRows={12} value={draft.text} readOnly={!editable} onChange={(e) => setDraft({ ...draft, text: e.currentTarget.value })} />
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
          <Button variant="default" onClick={() => void doPreview()} loading={busy === 'Preview'}>
            Preview
          </Button>
          {editable && current?.custom && (
            <Button variant="subtle" color="gray" onClick={() => void reset()} loading={busy === 'Reset'}>
              Reset to default
            </Button>
          )}
          {editable && (
            <Button onClick={() => void save()} loading={busy === 'Save'}>
              Save template
            </Button>
          )}
        </Group>
        {preview && (
          <Card withBorder bg="gray.0" data-testid="email-preview">
            <Text size="sm" mb="xs">
              Subject: <b>{preview.subject}</b>
            </Text>
            <Tabs defaultValue="html">
              <Tabs.List>
                <Tabs.Tab value="html">HTML</Tabs.Tab>
                <Tabs.Tab value="text">Plain text</Tabs.Tab>
              </Tabs.List>
              <Tabs.Panel value="html" pt="xs">
                {/* sandbox without scripts: a template is markup, never code to run in the portal. */}
                <iframe title="HTML preview" sandbox="" srcDoc={preview.html} style={{ width: '100%', height: 280, border: 0, background: 'white' }} />
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
