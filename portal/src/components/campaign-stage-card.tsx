import { ActionIcon, Badge, Card, Group, NumberInput, Progress, Select, SimpleGrid, Stack, Text, Textarea, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { STAGE_CHANNELS, type StageDraft } from '../lib/campaign-draft';
import { num } from '../lib/labels';
import type { Agent, CampaignStage, StageChannel } from '../lib/types';

interface Props {
  index: number;
  count: number;
  stage: StageDraft;
  /** Every agent, and those with a push configuration (the only ones a Mobile Push stage may use). */
  agents: Agent[];
  pushAgents: Agent[];
  editable: boolean;
  errors: Record<string, string>;
  /** Server counts for this stage once the campaign has started. */
  progress?: CampaignStage;
  participants: number;
  onChange(patch: Partial<StageDraft>): void;
  onMove(by: -1 | 1): void;
  onRemove(): void;
}

export function CampaignStageCard({ index, count, stage, agents, pushAgents, editable, errors, progress, participants, onChange, onMove, onRemove }: Props) {
  const { t } = useTranslation();
  const push = stage.channel === 'mobile_push';
  const offered = push ? pushAgents : agents;
  const options = offered.map((a) => ({ value: a.id, label: a.name }));
  // A saved stage may name an agent that lost its configuration since: show it, marked, not blank.
  const stray = stage.agentId !== null && !offered.some((a) => a.id === stage.agentId);
  if (stray) {
    const name = agents.find((a) => a.id === stage.agentId)?.name ?? stage.agentId!;
    options.push({ value: stage.agentId!, label: push ? t('stage.noPushSuffix', { name }) : name });
  }
  const err = (field: string) => errors[`stage.${index}.${field}`];

  const setChannel = (channel: StageChannel) => {
    const keepAgent = channel !== 'mobile_push' || pushAgents.some((a) => a.id === stage.agentId);
    onChange({ channel, ...(!keepAgent && { agentId: null }) });
  };

  return (
    <Card withBorder data-testid={`stage-${index}`} aria-label={t('stage.title', { n: index + 1 })} component="section">
      <Group justify="space-between" mb="sm">
        <Group gap="xs">
          <Badge variant="light" size="lg" circle>
            {index + 1}
          </Badge>
          <Text fw={600}>{t('stage.title', { n: index + 1 })}</Text>
        </Group>
        {editable && (
          <Group gap={4}>
            <Tooltip label={t('stage.moveUp')}>
              <ActionIcon variant="default" aria-label={t('stage.moveUpAria')} disabled={index === 0} onClick={() => onMove(-1)}>
                ↑
              </ActionIcon>
            </Tooltip>
            <Tooltip label={t('stage.moveDown')}>
              <ActionIcon variant="default" aria-label={t('stage.moveDownAria')} disabled={index === count - 1} onClick={() => onMove(1)}>
                ↓
              </ActionIcon>
            </Tooltip>
            <Tooltip label={t('stage.remove')}>
              <ActionIcon variant="subtle" color="red" aria-label={t('stage.remove')} disabled={count === 1} onClick={onRemove}>
                ✕
              </ActionIcon>
            </Tooltip>
          </Group>
        )}
      </Group>
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, sm: 2 }} verticalSpacing="sm">
          <Select
            label={t('common.channel')}
            data={STAGE_CHANNELS.map((c) => ({ value: c, label: t(`stageChannel.${c}`) }))}
            value={stage.channel}
            onChange={(v) => v && setChannel(v)}
            allowDeselect={false}
            readOnly={!editable}
          />
          <Select
            label={t('common.agent')}
            placeholder={offered.length ? t('stage.chooseAgent') : push ? t('stage.noPushAgent') : t('stage.noAgents')}
            description={push ? t('stage.pushHint') : undefined}
            data={options}
            value={stage.agentId}
            onChange={(v) => onChange({ agentId: v })}
            searchable
            readOnly={!editable}
            error={err('agent') ?? (stray && push ? t('stage.strayPush') : undefined)}
          />
        </SimpleGrid>
        <Textarea
          label={t('stage.message')}
          autosize
          minRows={2}
          maxRows={8}
          maxLength={4000}
          value={stage.text}
          onChange={(e) => onChange({ text: e.currentTarget.value })}
          readOnly={!editable}
          error={err('text')}
        />
        {index === 0 ? (
          <Text size="sm" c="dimmed">
            {t('stage.sentAtStart')}
          </Text>
        ) : (
          <Group align="end" gap="xs">
            <NumberInput
              label={t('stage.delay')}
              min={0}
              allowDecimal={false}
              w={200}
              value={stage.delay}
              onChange={(v) => onChange({ delay: typeof v === 'number' ? v : Number(v) || 0 })}
              readOnly={!editable}
              error={err('delay')}
            />
            <Select
              aria-label={t('stage.delayUnit')}
              data={[
                { value: 'seconds', label: t('stage.seconds') },
                { value: 'minutes', label: t('stage.minutes') },
              ]}
              value={stage.unit}
              onChange={(v) => v && onChange({ unit: v })}
              allowDeselect={false}
              readOnly={!editable}
              w={120}
            />
          </Group>
        )}
        {progress && <StageProgress index={index} stage={progress} participants={participants} />}
      </Stack>
    </Card>
  );
}

function StageProgress({ index, stage, participants }: { index: number; stage: CampaignStage; participants: number }) {
  const { t } = useTranslation();
  const pct = (n: number) => (participants > 0 ? (n / participants) * 100 : 0);
  const parts: Array<[string, number, string]> = [
    [t('stage.sent'), stage.sent, 'green'],
    [t('stage.failed'), stage.failed, 'red'],
    [t('stage.skipped'), stage.skipped, 'gray'],
    [t('stage.pending'), stage.pending, 'blue'],
  ];
  return (
    <Stack gap={6} data-testid={`stage-progress-${index}`}>
      <Progress.Root size="lg" aria-label={t('stage.progress', { n: index + 1 })}>
        {parts.slice(0, 3).map(([label, n, color]) => (
          <Tooltip key={label} label={`${label}: ${num(n)}`}>
            <Progress.Section value={pct(n)} color={color} />
          </Tooltip>
        ))}
      </Progress.Root>
      <Group gap="md">
        {parts.map(([label, n, color]) => (
          <Text key={label} size="sm" c={n > 0 ? color : 'dimmed'}>
            {label} {num(n)}
          </Text>
        ))}
        <Text size="sm" c="dimmed" ml="auto">
          {t('stage.done', { done: num(stage.sent + stage.failed + stage.skipped), total: num(participants) })}
        </Text>
      </Group>
    </Stack>
  );
}
