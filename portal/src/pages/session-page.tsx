import { Alert, Anchor, Button, Card, Grid, Group, Select, Stack, Text, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { StatusBadge } from '../components/status-badge';
import { Conversation } from '../components/conversation';
import { ExplainDrawer } from '../components/explain-drawer';
import { TransferModal } from '../components/transfer-modal';
import { api, errorMessage, get } from '../lib/api';
import { useMe } from '../lib/auth';
import { useDirectory } from '../lib/directory';
import { when } from '../lib/labels';
import { useLive } from '../lib/live';
import { useMarkRead } from '../lib/read-receipts';
import { can } from '../lib/roles';
import { linkHandler } from '../lib/router';
import type { Message, Session } from '../lib/types';
import { useFetch } from '../lib/use-fetch';
import { useWorkspace } from '../lib/workspace';

const PAGE = 200;

async function loadMessages(id: string): Promise<Message[]> {
  const all: Message[] = [];
  for (;;) {
    const after = all.at(-1)?.seq ?? 0;
    const page = await get<{ items: Message[] }>(`/api/sessions/${id}/messages?after=${after}&limit=${PAGE}`);
    all.push(...page.items);
    if (page.items.length < PAGE) return all;
  }
}

export function SessionPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const me = useMe();
  const dir = useDirectory();
  const { opened } = useWorkspace();
  const { data: session, error, setData: setSession } = useFetch<Session>(`/api/sessions/${id}`);
  const [messages, setMessages] = useState<Message[]>([]);
  const [reply, setReply] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const [transferOpen, setTransferOpen] = useState(false);
  const [assignee, setAssignee] = useState<string | null>(null);
  const mayAct = can(me.role, 'actOnSessions');
  const [explainId, setExplainId] = useState<string | null>(null);

  useEffect(() => {
    opened(id);
    void loadMessages(id).then(setMessages, () => undefined);
    return () => opened(null);
  }, [id, opened]);

  useLive<Message>('message.created', (m) => {
    if (m.sessionId !== id) return;
    setMessages((cur) => (cur.some((x) => x.id === m.id) ? cur : [...cur, m].sort((a, b) => a.seq - b.seq)));
  });
  useLive<Session>('session.updated', (s) => s.id === id && setSession(s));
  // Viewers may read too: their receipts never cancel anything of anyone else's.
  useMarkRead(id, messages.at(-1)?.seq, true);

  if (error)
    return (
      <Alert color="red" title={t('session.openFailed')}>
        {error.message}
      </Alert>
    );
  if (!session) return <Text c="dimmed">{t('common.loading')}</Text>;

  type Act = 'assign' | 'resolve';
  const act = async (name: Act, path: string, body?: unknown) => {
    setBusy(name);
    try {
      const s = await api<Session>('POST', `/api/sessions/${id}/${path}`, body ?? {});
      setSession(s);
      return true;
    } catch (err) {
      notifications.show({ color: 'red', title: name === 'assign' ? t('session.assignFailed') : t('session.resolveFailed'), message: errorMessage(err) });
      return false;
    } finally {
      setBusy(null);
    }
  };

  const send = async () => {
    const text = reply.trim();
    if (!text) return;
    setBusy('reply');
    try {
      const m = await api<Message>('POST', `/api/sessions/${id}/messages`, { text });
      setMessages((cur) => (cur.some((x) => x.id === m.id) ? cur : [...cur, m]));
      setReply('');
    } catch (err) {
      notifications.show({ color: 'red', title: t('session.replyFailed'), message: errorMessage(err) });
    } finally {
      setBusy(null);
    }
  };

  const resolved = session.status === 'resolved';
  return (
    <Stack>
      <Group justify="space-between">
        <Group>
          <Anchor href="/sessions" onClick={linkHandler('/sessions')} size="sm">
            ← {t('nav.sessions')}
          </Anchor>
          <Title order={2}>{t('common.session')}</Title>
          <StatusBadge kind="session" status={session.status} size="lg" />
        </Group>
        {mayAct && !resolved && (
          <Group>
            <Button variant="default" onClick={() => setTransferOpen(true)}>
              {t('transfer.submit')}
            </Button>
            {session.assignedOperatorId !== me.id && (
              <Button variant="light" loading={busy === 'assign'} onClick={() => void act('assign', 'assign', { operatorId: me.id })}>
                {t('session.assignToMe')}
              </Button>
            )}
            <Button color="green" loading={busy === 'resolve'} onClick={() => void act('resolve', 'resolve')}>
              {t('session.resolve')}
            </Button>
          </Group>
        )}
      </Group>
      <Grid>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Card withBorder>
            <Conversation messages={messages} onExplain={can(me.role, 'explain') ? setExplainId : undefined} />
            <ExplainDrawer id={explainId} onClose={() => setExplainId(null)} />
            {mayAct && !resolved && (
              <Group align="end" mt="sm">
                <Textarea
                  flex={1}
                  label={t('session.reply')}
                  placeholder={t('session.replyPlaceholder')}
                  autosize
                  minRows={2}
                  value={reply}
                  onChange={(e) => setReply(e.currentTarget.value)}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void send();
                  }}
                />
                <Button onClick={() => void send()} loading={busy === 'reply'} disabled={!reply.trim()}>
                  {t('session.send')}
                </Button>
              </Group>
            )}
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Card withBorder>
            <Stack gap={6}>
              <Info label={t('common.session')} value={session.id} />
              <Info label={t('common.channel')} value={t(`channel.${session.channel}`)} />
              <Info label={t('common.agent')} value={dir.name('agents', session.agentId)} />
              <Info label={t('session.customer')} value={session.customerId ?? '—'} />
              <Info label={t('common.department')} value={dir.name('departments', session.departmentId)} />
              <Info label={t('session.assignedTo')} value={dir.name('operators', session.assignedOperatorId)} />
              <Info label={t('common.started')} value={when(session.createdAt)} />
            </Stack>
            {mayAct && !resolved && (
              <Group align="end" mt="md">
                <Select
                  flex={1}
                  label={t('session.assignTo')}
                  placeholder={t('common.chooseOperator')}
                  data={dir.operators.filter((o) => o.role !== 'viewer').map((o) => ({ value: o.id, label: o.name }))}
                  value={assignee}
                  onChange={setAssignee}
                  searchable
                />
                <Button
                  variant="default"
                  disabled={!assignee}
                  loading={busy === 'assign'}
                  onClick={() => void act('assign', 'assign', { operatorId: assignee }).then((ok) => ok && setAssignee(null))}
                >
                  {t('session.assign')}
                </Button>
              </Group>
            )}
          </Card>
        </Grid.Col>
      </Grid>
      <TransferModal session={session} opened={transferOpen} onClose={() => setTransferOpen(false)} onDone={setSession} />
    </Stack>
  );
}

function Info({ label, value }: { label: string; value: string }) {
  return (
    <Group justify="space-between" wrap="nowrap" gap="xs">
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text size="sm" ta="right" style={{ wordBreak: 'break-all' }}>
        {value}
      </Text>
    </Group>
  );
}
