import { Badge, Button, Card, Group, NumberInput, Popover, SegmentedControl, Select, SimpleGrid, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useState } from 'react';
import { CAMPAIGN_STATUS_COLOR, type CampaignDraft, MAX_RATE, parseIds } from '../lib/campaign-draft';
import { CHANNELS, when } from '../lib/labels';
import type { Campaign, Channel } from '../lib/types';

export type CampaignAction = 'start' | 'pause' | 'cancel';

interface Props {
  draft: CampaignDraft;
  onChange(patch: Partial<CampaignDraft>): void;
  editable: boolean;
  errors: Record<string, string>;
  /** The saved campaign (null while it is being created). */
  campaign: Campaign | null;
  /** May start, pause and cancel (the buttons are hidden otherwise). */
  mayAct: boolean;
  busy: CampaignAction | null;
  onAction(action: CampaignAction): void;
}

export function CampaignOverview({ draft, onChange, editable, errors, campaign, mayAct, busy, onAction }: Props) {
  const ids = parseIds(draft.customerIds);
  return (
    <Stack>
      <Card withBorder>
        <Title order={4} mb="sm">
          General
        </Title>
        <Group align="start">
          <TextInput label="Name" value={draft.name} onChange={(e) => onChange({ name: e.currentTarget.value })} readOnly={!editable} error={errors.name} w={400} maxLength={200} />
          <NumberInput
            label="Rate per second"
            description="Most messages sent per second"
            min={1}
            max={MAX_RATE}
            allowDecimal={false}
            value={draft.ratePerSecond}
            onChange={(v) => onChange({ ratePerSecond: typeof v === 'number' ? v : Number(v) || 0 })}
            readOnly={!editable}
            error={errors.rate}
            w={200}
          />
        </Group>
      </Card>
      <Card withBorder>
        <Title order={4} mb="sm">
          Audience
        </Title>
        <SegmentedControl
          mb="sm"
          w={320}
          aria-label="Audience"
          value={draft.audienceMode}
          onChange={(v) => onChange({ audienceMode: v as CampaignDraft['audienceMode'] })}
          readOnly={!editable}
          data={[
            { value: 'ids', label: 'Customer ids' },
            { value: 'filter', label: 'Filter' },
          ]}
        />
        {draft.audienceMode === 'ids' ? (
          <Textarea
            label="Customer ids"
            description="One per line or comma-separated. Customers Herald does not know yet are created when the campaign starts."
            autosize
            minRows={4}
            maxRows={12}
            value={draft.customerIds}
            onChange={(e) => onChange({ customerIds: e.currentTarget.value })}
            readOnly={!editable}
            error={errors.customerIds}
            maw={600}
          />
        ) : (
          <Stack gap="xs">
            <Group align="start">
              <TextInput
                label="Locale"
                description="Starts with, e.g. de or pt-BR"
                value={draft.locale}
                onChange={(e) => onChange({ locale: e.currentTarget.value })}
                readOnly={!editable}
                error={errors.locale}
                maxLength={35}
                w={220}
              />
              <Select
                label="Channel"
                description="Has had a session on it"
                placeholder="Any channel"
                data={CHANNELS}
                value={draft.channel}
                onChange={(v) => onChange({ channel: v as Channel | null })}
                clearable
                readOnly={!editable}
                w={220}
              />
            </Group>
            {errors.where && (
              <Text size="sm" c="red">
                {errors.where}
              </Text>
            )}
          </Stack>
        )}
        {draft.audienceMode === 'ids' && ids.length > 0 && (
          <Text size="sm" c="dimmed" mt="xs">
            {ids.length} {ids.length === 1 ? 'customer' : 'customers'}
          </Text>
        )}
      </Card>
      <CampaignStatusCard campaign={campaign} mayAct={mayAct} busy={busy} onAction={onAction} />
    </Stack>
  );
}

function CampaignStatusCard({ campaign, mayAct, busy, onAction }: Pick<Props, 'campaign' | 'mayAct' | 'busy' | 'onAction'>) {
  const [confirmCancel, setConfirmCancel] = useState(false);
  const status = campaign?.status;
  const live = status === 'draft' || status === 'running' || status === 'paused';
  return (
    <Card withBorder>
      <Group justify="space-between" align="start">
        <div>
          <Title order={4} mb="sm">
            Status
          </Title>
          {campaign ? (
            <SimpleGrid cols={4} spacing="xl" verticalSpacing={4}>
              <Text size="sm" c="dimmed">Status</Text>
              <Text size="sm" c="dimmed">Participants</Text>
              <Text size="sm" c="dimmed">Started</Text>
              <Text size="sm" c="dimmed">Finished</Text>
              <Badge color={CAMPAIGN_STATUS_COLOR[campaign.status]}>{campaign.status}</Badge>
              <Text data-testid="participants">{status === 'draft' ? 'Fixed when started' : campaign.participants}</Text>
              <Text size="sm">{when(campaign.startedAt)}</Text>
              <Text size="sm">{when(campaign.finishedAt)}</Text>
            </SimpleGrid>
          ) : (
            <Text size="sm" c="dimmed">
              Create the campaign to start it.
            </Text>
          )}
        </div>
        {campaign && mayAct && live && (
          <Group gap="xs">
            {status === 'draft' && (
              <Button onClick={() => onAction('start')} loading={busy === 'start'} disabled={busy !== null}>
                Start
              </Button>
            )}
            {status === 'running' && (
              <Button variant="default" onClick={() => onAction('pause')} loading={busy === 'pause'} disabled={busy !== null}>
                Pause
              </Button>
            )}
            {status === 'paused' && (
              <Button onClick={() => onAction('start')} loading={busy === 'start'} disabled={busy !== null}>
                Resume
              </Button>
            )}
            <Popover opened={confirmCancel} onChange={setConfirmCancel} withArrow position="bottom-end">
              <Popover.Target>
                <Button variant="subtle" color="red" onClick={() => setConfirmCancel((o) => !o)} loading={busy === 'cancel'} disabled={busy !== null}>
                  Cancel campaign
                </Button>
              </Popover.Target>
              <Popover.Dropdown>
                <Text size="sm" mb="xs">
                  Stop for good? Stages not yet sent are skipped.
                </Text>
                <Button
                  size="xs"
                  color="red"
                  onClick={() => {
                    setConfirmCancel(false);
                    onAction('cancel');
                  }}
                >
                  Yes, cancel it
                </Button>
              </Popover.Dropdown>
            </Popover>
          </Group>
        )}
      </Group>
    </Card>
  );
}
