import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { MAX_STAGES, type StageDraft, newStage } from '../lib/campaign-draft';
import type { Agent, Campaign, Page } from '../lib/types';
import { useFetch } from '../lib/use-fetch';
import { CampaignStageCard } from './campaign-stage-card';

interface Props {
  stages: StageDraft[];
  onChange(stages: StageDraft[]): void;
  editable: boolean;
  errors: Record<string, string>;
  /** The saved campaign, whose counts show once it has started (null for a new one). */
  campaign: Campaign | null;
}

export function CampaignStages({ stages, onChange, editable, errors, campaign }: Props) {
  const { t } = useTranslation();
  const all = useFetch<Page<Agent>>('/api/agents');
  // The server's own filter, so the portal never offers an agent the API would refuse for push.
  const push = useFetch<Page<Agent>>('/api/agents?hasPushConfig=true');
  const started = campaign !== null && campaign.status !== 'draft';

  const update = (i: number, patch: Partial<StageDraft>) => onChange(stages.map((s, j) => (j === i ? { ...s, ...patch } : s)));
  const move = (i: number, by: -1 | 1) => {
    const next = [...stages];
    const [s] = next.splice(i, 1);
    next.splice(i + by, 0, s!);
    onChange(next);
  };
  const add = () => onChange([...stages, { ...newStage(stages.at(-1)?.channel), ...(stages.length > 0 && { delay: 1, unit: 'minutes' as const }) }]);

  return (
    <Stack>
      <Text size="sm" c="dimmed">
        {t('stage.intro')}
      </Text>
      {(all.error || push.error) && <Alert color="red">{t('stage.agentsLoadFailed', { message: (all.error ?? push.error)!.message })}</Alert>}
      {errors.stages && <Alert color="red">{errors.stages}</Alert>}
      {stages.map((s, i) => (
        <CampaignStageCard
          key={s.key}
          index={i}
          count={stages.length}
          stage={s}
          agents={all.data?.items ?? []}
          pushAgents={push.data?.items ?? []}
          editable={editable}
          errors={errors}
          progress={started ? campaign.stages[i] : undefined}
          participants={campaign?.participants ?? 0}
          onChange={(patch) => update(i, patch)}
          onMove={(by) => move(i, by)}
          onRemove={() => onChange(stages.filter((_, j) => j !== i))}
        />
      ))}
      {editable && (
        <Group>
          <Button variant="default" onClick={add} disabled={stages.length >= MAX_STAGES}>
            {t('stage.add')}
          </Button>
          {stages.length >= MAX_STAGES && (
            <Text size="sm" c="dimmed">
              {t('stage.max', { n: MAX_STAGES })}
            </Text>
          )}
        </Group>
      )}
    </Stack>
  );
}
