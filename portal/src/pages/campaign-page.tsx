import { Alert, Anchor, Badge, Button, Group, Stack, Tabs, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type CampaignAction, CampaignOverview } from '../components/campaign-overview';
import { CampaignStages } from '../components/campaign-stages';
import { LoadError } from '../components/missing-api';
import { StatusBadge } from '../components/status-badge';
import { api, errorMessage, get } from '../lib/api';
import { useMe } from '../lib/auth';
import { type CampaignDraft, MAX_RATE, sameBody, toBody, toDraft, validate } from '../lib/campaign-draft';
import { can } from '../lib/roles';
import { linkHandler, navigate } from '../lib/router';
import type { Campaign } from '../lib/types';
import { usePoll } from '../lib/use-poll';

/** One campaign, or a new one when id is null (it exists on the server only once created). */
export function CampaignPage({ id }: { id: string | null }) {
  const { t } = useTranslation();
  const me = useMe();
  const mayEdit = can(me.role, 'editCampaigns');
  const [campaign, setCampaign] = useState<Campaign | null | undefined>(id ? undefined : null);
  const [loadError, setLoadError] = useState<Error>();
  const [draft, setDraft] = useState<CampaignDraft>(() => toDraft(null));
  const [tab, setTab] = useState<string | null>('overview');
  const [saving, setSaving] = useState(false);
  const [busy, setBusy] = useState<CampaignAction | null>(null);
  // Field errors show only after a save was tried, not while someone is still typing.
  const [showErrors, setShowErrors] = useState(false);

  const adopt = (c: Campaign) => {
    setCampaign(c);
    setDraft(toDraft(c));
  };
  useEffect(() => {
    if (!id) return;
    let on = true;
    get<Campaign>(`/api/campaigns/${id}`).then(
      (c) => on && adopt(c),
      (e: Error) => on && setLoadError(e),
    );
    return () => {
      on = false;
    };
  }, [id]);

  // Progress has no live events (the stream carries none for campaigns): poll while it moves.
  usePoll(async () => setCampaign(await get<Campaign>(`/api/campaigns/${id}`)), 1500, campaign?.status === 'running');

  const editable = mayEdit && (campaign === null || campaign?.status === 'draft');
  const problems = useMemo(() => {
    const keys = validate(draft);
    return Object.fromEntries(Object.entries(keys).map(([field, key]) => [field, t(key, { max: MAX_RATE })]));
  }, [draft, t]);
  const errors = showErrors ? problems : {};
  const dirty = campaign === null || (campaign !== undefined && !sameBody(draft, toDraft(campaign)));
  const change = (patch: Partial<CampaignDraft>) => setDraft((d) => ({ ...d, ...patch }));

  /** Saves the draft; returns the saved campaign, or null when it was refused. */
  const save = async (): Promise<Campaign | null> => {
    const first = Object.values(problems)[0];
    if (first) {
      setShowErrors(true);
      // The problem may sit on the other tab: go where it is.
      setTab(Object.keys(problems)[0]!.startsWith('stage') ? 'stages' : 'overview');
      notifications.show({ color: 'red', title: t('common.notSaved'), message: first });
      return null;
    }
    setSaving(true);
    try {
      if (!campaign) {
        const c = await api<Campaign>('POST', '/api/campaigns', toBody(draft));
        notifications.show({ color: 'green', message: t('campaign.created') });
        navigate(`/campaigns/${c.id}`, { replace: true });
        return c;
      }
      const c = await api<Campaign>('PATCH', `/api/campaigns/${campaign.id}`, toBody(draft));
      adopt(c);
      setShowErrors(false);
      notifications.show({ color: 'green', message: t('campaign.saved') });
      return c;
    } catch (err) {
      notifications.show({ color: 'red', title: t('common.notSaved'), message: errorMessage(err) });
      return null;
    } finally {
      setSaving(false);
    }
  };

  const act = async (action: CampaignAction) => {
    if (!campaign) return;
    // Starting runs what the server holds: unsaved edits are saved first, not silently dropped.
    if (action === 'start' && campaign.status === 'draft' && dirty && !(await save())) return;
    setBusy(action);
    try {
      const c = await api<Campaign>('POST', `/api/campaigns/${campaign.id}/${action}`);
      setCampaign(c);
      const resumed = action === 'start' && campaign.status === 'paused';
      notifications.show({ color: action === 'cancel' ? 'gray' : 'green', message: t(resumed ? 'campaign.done.resume' : `campaign.done.${action}`) });
    } catch (err) {
      const what = action === 'start' && campaign.status === 'paused' ? 'resume' : action;
      notifications.show({ color: 'red', title: t(`campaign.failed.${what}`), message: errorMessage(err) });
    } finally {
      setBusy(null);
    }
  };

  if (loadError) return <LoadError error={loadError} what={t('campaign.what')} />;
  if (campaign === undefined) return <Text c="dimmed">{t('common.loading')}</Text>;

  return (
    <Stack maw={960}>
      <Group justify="space-between">
        <Group>
          <Anchor href="/campaigns" onClick={linkHandler('/campaigns')} size="sm">
            ← {t('nav.campaigns')}
          </Anchor>
          <Title order={2}>{campaign ? campaign.name : t('campaigns.new')}</Title>
          {campaign && <StatusBadge kind="campaign" status={campaign.status} />}
        </Group>
        {editable && (
          <Group gap="sm">
            {dirty && campaign && (
              <Text size="sm" c="dimmed">
                {t('common.unsavedChanges')}
              </Text>
            )}
            <Button onClick={() => void save()} loading={saving} disabled={!dirty}>
              {campaign ? t('common.save') : t('campaign.create')}
            </Button>
          </Group>
        )}
      </Group>
      {campaign && campaign.status !== 'draft' && mayEdit && (
        <Alert color="gray" p="xs">
          {t('campaign.draftOnly')}
        </Alert>
      )}
      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="overview">{t('campaign.overview')}</Tabs.Tab>
          <Tabs.Tab
            value="stages"
            rightSection={
              <Badge size="xs" variant="light" circle>
                {draft.stages.length}
              </Badge>
            }
          >
            {t('campaign.stages')}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="overview" pt="md">
          <CampaignOverview
            draft={draft}
            onChange={change}
            editable={editable}
            errors={errors}
            campaign={campaign}
            mayAct={mayEdit}
            busy={busy}
            onAction={(a) => void act(a)}
          />
        </Tabs.Panel>
        <Tabs.Panel value="stages" pt="md">
          <CampaignStages stages={draft.stages} onChange={(stages) => change({ stages })} editable={editable} errors={errors} campaign={campaign} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
