import { Alert, Anchor, Badge, Button, Group, Stack, Tabs, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useMemo, useState } from 'react';
import { type CampaignAction, CampaignOverview } from '../components/campaign-overview';
import { CampaignStages } from '../components/campaign-stages';
import { LoadError } from '../components/missing-api';
import { api, errorMessage, get } from '../lib/api';
import { useMe } from '../lib/auth';
import { CAMPAIGN_STATUS_COLOR, type CampaignDraft, sameBody, toBody, toDraft, validate } from '../lib/campaign-draft';
import { can } from '../lib/roles';
import { linkHandler, navigate } from '../lib/router';
import type { Campaign } from '../lib/types';
import { usePoll } from '../lib/use-poll';

const VERB: Record<CampaignAction, string> = { start: 'started', pause: 'paused', cancel: 'cancelled' };

/** One campaign, or a new one when id is null (it exists on the server only once created). */
export function CampaignPage({ id }: { id: string | null }) {
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
  const problems = useMemo(() => validate(draft), [draft]);
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
      notifications.show({ color: 'red', title: 'Not saved', message: first });
      return null;
    }
    setSaving(true);
    try {
      if (!campaign) {
        const c = await api<Campaign>('POST', '/api/campaigns', toBody(draft));
        notifications.show({ color: 'green', message: 'Campaign created.' });
        navigate(`/campaigns/${c.id}`, { replace: true });
        return c;
      }
      const c = await api<Campaign>('PATCH', `/api/campaigns/${campaign.id}`, toBody(draft));
      adopt(c);
      setShowErrors(false);
      notifications.show({ color: 'green', message: 'Campaign saved.' });
      return c;
    } catch (err) {
      notifications.show({ color: 'red', title: 'Not saved', message: errorMessage(err) });
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
      const verb = action === 'start' && campaign.status === 'paused' ? 'resumed' : VERB[action];
      notifications.show({ color: action === 'cancel' ? 'gray' : 'green', message: `Campaign ${verb}.` });
    } catch (err) {
      notifications.show({ color: 'red', title: `Could not ${action === 'start' && campaign.status === 'paused' ? 'resume' : action} the campaign`, message: errorMessage(err) });
    } finally {
      setBusy(null);
    }
  };

  if (loadError) return <LoadError error={loadError} what="Campaign" />;
  if (campaign === undefined) return <Text c="dimmed">Loading…</Text>;

  return (
    <Stack maw={960}>
      <Group justify="space-between">
        <Group>
          <Anchor href="/campaigns" onClick={linkHandler('/campaigns')} size="sm">
            ← Campaigns
          </Anchor>
          <Title order={2}>{campaign ? campaign.name : 'New campaign'}</Title>
          {campaign && <Badge color={CAMPAIGN_STATUS_COLOR[campaign.status]}>{campaign.status}</Badge>}
        </Group>
        {editable && (
          <Group gap="sm">
            {dirty && campaign && (
              <Text size="sm" c="dimmed">
                Unsaved changes
              </Text>
            )}
            <Button onClick={() => void save()} loading={saving} disabled={!dirty}>
              {campaign ? 'Save' : 'Create campaign'}
            </Button>
          </Group>
        )}
      </Group>
      {campaign && campaign.status !== 'draft' && mayEdit && (
        <Alert color="gray" p="xs">
          A campaign can be edited only while it is a draft.
        </Alert>
      )}
      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="overview">Overview</Tabs.Tab>
          <Tabs.Tab value="stages" rightSection={<Badge size="xs" variant="light" circle>{draft.stages.length}</Badge>}>
            Stages
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="overview" pt="md">
          <CampaignOverview draft={draft} onChange={change} editable={editable} errors={errors} campaign={campaign} mayAct={mayEdit} busy={busy} onAction={(a) => void act(a)} />
        </Tabs.Panel>
        <Tabs.Panel value="stages" pt="md">
          <CampaignStages stages={draft.stages} onChange={(stages) => change({ stages })} editable={editable} errors={errors} campaign={campaign} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
