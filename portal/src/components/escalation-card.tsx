import { ActionIcon, Button, Card, Group, NumberInput, Select, Stack, Text, Timeline, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, errorMessage } from '../lib/api';
import type { EscalationSettings } from '../lib/types';
import { useFetch } from '../lib/use-fetch';

type Who = 'customers' | 'operators';
const CHANNELS: Record<Who, string[]> = { customers: ['push', 'email', 'sms'], operators: ['webpush', 'email', 'sms'] };

/** Settings > Notifications: the escalation ladder, drawn as steps with their delays (managers edit it). */
export function EscalationCard({ editable }: { editable: boolean }) {
  const { t } = useTranslation();
  const { data, setData } = useFetch<EscalationSettings>('/api/settings/escalation');
  const [draft, setDraft] = useState<EscalationSettings>();
  const [busy, setBusy] = useState(false);
  useEffect(() => setDraft(data), [data]);
  if (!draft) return null;

  const save = async () => {
    setBusy(true);
    try {
      const saved = await api<EscalationSettings>('PUT', '/api/settings/escalation', draft);
      setData(saved);
      notifications.show({ color: 'green', message: t('readState.saved') });
    } catch (err) {
      notifications.show({ color: 'red', title: t('readState.notSaved'), message: errorMessage(err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card withBorder data-testid="escalation-card">
      <Title order={4} mb="xs">
        {t('readState.ladderTitle')}
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        {t('readState.ladderHint')}
      </Text>
      <Group align="start" grow>
        {(['customers', 'operators'] as const).map((who) => (
          <Ladder key={who} who={who} steps={draft[who]} editable={editable} onChange={(steps) => setDraft({ ...draft, [who]: steps })} />
        ))}
      </Group>
      {editable && (
        <Group mt="md">
          <Button onClick={save} loading={busy}>
            {t('readState.save')}
          </Button>
        </Group>
      )}
    </Card>
  );
}

type Step = { channel: string; afterSeconds: number };

function Ladder({ who, steps, editable, onChange }: { who: Who; steps: Step[]; editable: boolean; onChange: (s: Step[]) => void }) {
  const { t } = useTranslation();
  const unused = CHANNELS[who].filter((c) => !steps.some((s) => s.channel === c));
  const set = (i: number, patch: Partial<Step>) => onChange(steps.map((s, j) => (j === i ? { ...s, ...patch } : s)));
  return (
    <Stack gap="xs" data-testid={`ladder-${who}`}>
      <Text fw={600}>{t(`readState.${who}`)}</Text>
      {steps.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('readState.noSteps')}
        </Text>
      )}
      <Timeline active={steps.length - 1} bulletSize={18} lineWidth={2}>
        {steps.map((s, i) => (
          <Timeline.Item key={s.channel} title={t('readState.step', { n: i + 1 })} data-testid="ladder-step">
            {editable ? (
              <Group gap="xs" align="end">
                <Select
                  aria-label={t('readState.channel.email')}
                  data={[s.channel, ...unused].map((c) => ({ value: c, label: t(`readState.channel.${c}` as 'readState.channel.email') }))}
                  value={s.channel}
                  onChange={(v) => v && set(i, { channel: v })}
                  w={150}
                  allowDeselect={false}
                />
                <NumberInput
                  aria-label={t('readState.seconds')}
                  min={0}
                  max={7 * 86400}
                  value={s.afterSeconds}
                  onChange={(v) => set(i, { afterSeconds: Number(v) || 0 })}
                  w={110}
                  suffix=" s"
                />
                <ActionIcon variant="subtle" color="red" aria-label={t('readState.removeStep')} onClick={() => onChange(steps.filter((_, j) => j !== i))}>
                  ×
                </ActionIcon>
              </Group>
            ) : null}
            <Text size="sm" c="dimmed" data-testid="ladder-step-text">
              {t(`readState.channel.${s.channel}` as 'readState.channel.email')} ·{' '}
              {s.afterSeconds === 0 ? t('readState.immediately') : t('readState.afterDelay', { delay: delay(s.afterSeconds) })}
            </Text>
          </Timeline.Item>
        ))}
      </Timeline>
      {editable && unused.length > 0 && (
        <Group>
          <Button
            size="xs"
            variant="default"
            onClick={() => onChange([...steps, { channel: unused[0]!, afterSeconds: (steps.at(-1)?.afterSeconds ?? 0) + 300 }])}
          >
            {t('readState.addStep')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}

/** 90 → "1 min 30 s", 3600 → "1 h": short, language-neutral units. */
function delay(s: number): string {
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return [h && `${h} h`, m && `${m} min`, sec && `${sec} s`].filter(Boolean).join(' ');
}
