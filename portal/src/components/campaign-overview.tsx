import { Button, Card, Group, NumberInput, Popover, SegmentedControl, Select, SimpleGrid, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type CampaignDraft, MAX_RATE, parseIds } from '../lib/campaign-draft';
import { CHANNELS, num, when } from '../lib/labels';
import type { Campaign } from '../lib/types';
import { StatusBadge } from './status-badge';

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
  const { t } = useTranslation();
  const ids = parseIds(draft.customerIds);
  return (
    <Stack>
      <Card withBorder>
        <Title order={4} mb="sm">
          {t('agent.general')}
        </Title>
        <Group align="start">
          <TextInput
            label={t('common.name')}
            value={draft.name}
            onChange={(e) => onChange({ name: e.currentTarget.value })}
            readOnly={!editable}
            error={errors.name}
            w={{ base: '100%', sm: 400 }}
            maxLength={200}
          />
          <NumberInput
            label={t('campaign.rate')}
            description={t('campaign.rateHint')}
            min={1}
            max={MAX_RATE}
            allowDecimal={false}
            value={draft.ratePerSecond}
            onChange={(v) => onChange({ ratePerSecond: typeof v === 'number' ? v : Number(v) || 0 })}
            readOnly={!editable}
            error={errors.rate}
            w={{ base: '100%', xs: 200 }}
          />
        </Group>
      </Card>
      <Card withBorder>
        <Title order={4} mb="sm">
          {t('campaign.audience')}
        </Title>
        <SegmentedControl
          mb="sm"
          w={{ base: '100%', xs: 320 }}
          aria-label={t('campaign.audience')}
          value={draft.audienceMode}
          onChange={(v) => onChange({ audienceMode: v })}
          readOnly={!editable}
          data={[
            { value: 'ids', label: t('campaign.customerIds') },
            { value: 'filter', label: t('campaign.filter') },
          ]}
        />
        {draft.audienceMode === 'ids' ? (
          <Textarea
            label={t('campaign.customerIds')}
            description={t('campaign.customerIdsHint')}
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
                label={t('campaign.locale')}
                description={t('campaign.localeHint')}
                value={draft.locale}
                onChange={(e) => onChange({ locale: e.currentTarget.value })}
                readOnly={!editable}
                error={errors.locale}
                maxLength={35}
                w={{ base: '100%', xs: 220 }}
              />
              <Select
                label={t('common.channel')}
                description={t('campaign.channelHint')}
                placeholder={t('common.anyChannel')}
                data={CHANNELS.map((c) => ({ value: c, label: t(`channel.${c}`) }))}
                value={draft.channel}
                onChange={(v) => onChange({ channel: v })}
                clearable
                readOnly={!editable}
                w={{ base: '100%', xs: 220 }}
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
            {t('campaign.customerCount', { n: num(ids.length) })}
          </Text>
        )}
      </Card>
      <CampaignStatusCard campaign={campaign} mayAct={mayAct} busy={busy} onAction={onAction} />
    </Stack>
  );
}

function CampaignStatusCard({ campaign, mayAct, busy, onAction }: Pick<Props, 'campaign' | 'mayAct' | 'busy' | 'onAction'>) {
  const { t } = useTranslation();
  const [confirmCancel, setConfirmCancel] = useState(false);
  const status = campaign?.status;
  const live = status === 'draft' || status === 'running' || status === 'paused';
  return (
    <Card withBorder>
      <Group justify="space-between" align="start">
        <div>
          <Title order={4} mb="sm">
            {t('common.status')}
          </Title>
          {campaign ? (
            <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="xl" verticalSpacing={4}>
              <Fact label={t('common.status')}>
                <StatusBadge kind="campaign" status={campaign.status} />
              </Fact>
              <Fact label={t('campaigns.participants')}>
                <Text data-testid="participants">{status === 'draft' ? t('campaign.fixedWhenStarted') : num(campaign.participants)}</Text>
              </Fact>
              <Fact label={t('common.started')}>
                <Text size="sm">{when(campaign.startedAt)}</Text>
              </Fact>
              <Fact label={t('campaign.finished')}>
                <Text size="sm">{when(campaign.finishedAt)}</Text>
              </Fact>
            </SimpleGrid>
          ) : (
            <Text size="sm" c="dimmed">
              {t('campaign.createToStart')}
            </Text>
          )}
        </div>
        {campaign && mayAct && live && (
          <Group gap="xs">
            {status === 'draft' && (
              <Button onClick={() => onAction('start')} loading={busy === 'start'} disabled={busy !== null}>
                {t('campaign.start')}
              </Button>
            )}
            {status === 'running' && (
              <Button variant="default" onClick={() => onAction('pause')} loading={busy === 'pause'} disabled={busy !== null}>
                {t('campaign.pause')}
              </Button>
            )}
            {status === 'paused' && (
              <Button onClick={() => onAction('start')} loading={busy === 'start'} disabled={busy !== null}>
                {t('campaign.resume')}
              </Button>
            )}
            <Popover opened={confirmCancel} onChange={setConfirmCancel} withArrow position="bottom-end">
              <Popover.Target>
                <Button variant="subtle" color="red" onClick={() => setConfirmCancel((o) => !o)} loading={busy === 'cancel'} disabled={busy !== null}>
                  {t('campaign.cancel')}
                </Button>
              </Popover.Target>
              <Popover.Dropdown>
                <Text size="sm" mb="xs">
                  {t('campaign.cancelConfirm')}
                </Text>
                <Button
                  size="xs"
                  color="red"
                  onClick={() => {
                    setConfirmCancel(false);
                    onAction('cancel');
                  }}
                >
                  {t('campaign.cancelYes')}
                </Button>
              </Popover.Dropdown>
            </Popover>
          </Group>
        )}
      </Group>
    </Card>
  );
}

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Stack gap={2}>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      {children}
    </Stack>
  );
}
