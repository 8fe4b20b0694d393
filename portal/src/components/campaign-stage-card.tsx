import { ActionIcon, Badge, Card, Group, NumberInput, Progress, Select, Stack, Text, Textarea, Tooltip } from '@mantine/core';
import { type DelayUnit, STAGE_CHANNELS, type StageDraft } from '../lib/campaign-draft';
import type { Agent, CampaignStage, StageChannel } from '../lib/types';

export const PUSH_HINT = 'Mobile push is configured on the agent (Advanced → Set push notification configuration)';

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
  const push = stage.channel === 'mobile_push';
  const offered = push ? pushAgents : agents;
  const options = offered.map((a) => ({ value: a.id, label: a.name }));
  // A saved stage may name an agent that lost its configuration since: show it, marked, not blank.
  const stray = stage.agentId !== null && !offered.some((a) => a.id === stage.agentId);
  if (stray) {
    const name = agents.find((a) => a.id === stage.agentId)?.name ?? stage.agentId!;
    options.push({ value: stage.agentId!, label: push ? `${name} (no push configuration)` : name });
  }
  const err = (field: string) => errors[`stage.${index}.${field}`];

  const setChannel = (channel: StageChannel) => {
    const keepAgent = channel !== 'mobile_push' || pushAgents.some((a) => a.id === stage.agentId);
    onChange({ channel, ...(!keepAgent && { agentId: null }) });
  };

  return (
    <Card withBorder data-testid={`stage-${index}`} aria-label={`Stage ${index + 1}`} component="section">
      <Group justify="space-between" mb="sm">
        <Group gap="xs">
          <Badge variant="light" size="lg" circle>
            {index + 1}
          </Badge>
          <Text fw={600}>Stage {index + 1}</Text>
        </Group>
        {editable && (
          <Group gap={4}>
            <Tooltip label="Move up">
              <ActionIcon variant="default" aria-label="Move stage up" disabled={index === 0} onClick={() => onMove(-1)}>
                ↑
              </ActionIcon>
            </Tooltip>
            <Tooltip label="Move down">
              <ActionIcon variant="default" aria-label="Move stage down" disabled={index === count - 1} onClick={() => onMove(1)}>
                ↓
              </ActionIcon>
            </Tooltip>
            <Tooltip label="Remove stage">
              <ActionIcon variant="subtle" color="red" aria-label="Remove stage" disabled={count === 1} onClick={onRemove}>
                ✕
              </ActionIcon>
            </Tooltip>
          </Group>
        )}
      </Group>
      <Stack gap="sm">
        <Group align="start" grow>
          <Select
            label="Channel"
            data={STAGE_CHANNELS}
            value={stage.channel}
            onChange={(v) => v && setChannel(v as StageChannel)}
            allowDeselect={false}
            readOnly={!editable}
          />
          <Select
            label="Agent"
            placeholder={offered.length ? 'Choose an agent' : push ? 'No agent has a push configuration' : 'No agents yet'}
            description={push ? PUSH_HINT : undefined}
            data={options}
            value={stage.agentId}
            onChange={(v) => onChange({ agentId: v })}
            searchable
            readOnly={!editable}
            error={err('agent') ?? (stray && push ? 'This agent has no push notification configuration.' : undefined)}
          />
        </Group>
        <Textarea
          label="Message"
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
            Sent when the campaign starts.
          </Text>
        ) : (
          <Group align="end" gap="xs">
            <NumberInput
              label="Delay after previous stage"
              min={0}
              allowDecimal={false}
              w={200}
              value={stage.delay}
              onChange={(v) => onChange({ delay: typeof v === 'number' ? v : Number(v) || 0 })}
              readOnly={!editable}
              error={err('delay')}
            />
            <Select
              aria-label="Delay unit"
              data={[
                { value: 'seconds', label: 'seconds' },
                { value: 'minutes', label: 'minutes' },
              ]}
              value={stage.unit}
              onChange={(v) => v && onChange({ unit: v as DelayUnit })}
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
  const pct = (n: number) => (participants > 0 ? (n / participants) * 100 : 0);
  const parts: Array<[string, number, string]> = [
    ['Sent', stage.sent, 'green'],
    ['Failed', stage.failed, 'red'],
    ['Skipped', stage.skipped, 'gray'],
    ['Pending', stage.pending, 'blue'],
  ];
  return (
    <Stack gap={6} data-testid={`stage-progress-${index}`}>
      <Progress.Root size="lg" aria-label={`Stage ${index + 1} progress`}>
        {parts.slice(0, 3).map(([label, n, color]) => (
          <Tooltip key={label} label={`${label}: ${n}`}>
            <Progress.Section value={pct(n)} color={color} />
          </Tooltip>
        ))}
      </Progress.Root>
      <Group gap="md">
        {parts.map(([label, n, color]) => (
          <Text key={label} size="sm" c={n > 0 ? color : 'dimmed'}>
            {label} {n}
          </Text>
        ))}
        <Text size="sm" c="dimmed" ml="auto">
          {stage.sent + stage.failed + stage.skipped} / {participants} done
        </Text>
      </Group>
    </Stack>
  );
}
