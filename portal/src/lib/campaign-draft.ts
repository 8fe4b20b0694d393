import type { Campaign, CampaignInput, CampaignStage, CampaignStatus, Channel, StageChannel } from './types';

/** Channels a stage can use; labels are in the catalogues (stageChannel.*). */
export const STAGE_CHANNELS: StageChannel[] = ['mobile_push', 'telegram', 'email', 'sms'];

/** Catalogue keys of the problems validate() reports; campaign.errors.rate takes {{max}}. */
export type CampaignProblem =
  | 'campaign.errors.name'
  | 'campaign.errors.customerIds'
  | 'campaign.errors.where'
  | 'campaign.errors.locale'
  | 'campaign.errors.rate'
  | 'campaign.errors.stages'
  | 'campaign.errors.agent'
  | 'campaign.errors.text'
  | 'campaign.errors.delay';

export const CAMPAIGN_STATUS_COLOR: Record<CampaignStatus, string> = {
  draft: 'gray',
  running: 'blue',
  paused: 'yellow',
  completed: 'green',
  cancelled: 'dark',
};

/** The server's limits (src/http/campaigns.ts), so the form refuses what the API would. */
export const MAX_STAGES = 10;
export const MAX_RATE = 1000;
export const DEFAULT_RATE = 20;

export type DelayUnit = 'seconds' | 'minutes';

export interface StageDraft {
  /** React key only: stages are reordered, so their index cannot be the key. */
  key: string;
  channel: StageChannel;
  agentId: string | null;
  text: string;
  delay: number;
  unit: DelayUnit;
}

export interface CampaignDraft {
  name: string;
  audienceMode: 'ids' | 'filter';
  /** As typed: one per line or comma-separated. */
  customerIds: string;
  locale: string;
  channel: Channel | null;
  ratePerSecond: number;
  stages: StageDraft[];
}

let n = 0;
export const newStage = (channel: StageChannel = 'mobile_push'): StageDraft => ({
  key: `n${++n}`,
  channel,
  agentId: null,
  text: '',
  delay: 0,
  unit: 'seconds',
});

export function parseIds(text: string): string[] {
  return [...new Set(text.split(/[\s,;]+/).filter(Boolean))];
}

export function toDraft(c: Campaign | null): CampaignDraft {
  if (!c) return { name: '', audienceMode: 'ids', customerIds: '', locale: '', channel: null, ratePerSecond: DEFAULT_RATE, stages: [newStage()] };
  const where = c.audience.where;
  return {
    name: c.name,
    audienceMode: c.audience.customerIds?.length ? 'ids' : 'filter',
    customerIds: (c.audience.customerIds ?? []).join('\n'),
    locale: where?.locale ?? '',
    channel: where?.channel ?? null,
    ratePerSecond: c.ratePerSecond,
    // Deterministic keys, so re-reading the same campaign (polling) does not remount the cards.
    stages: c.stages.map((s, i) => {
      const minutes = s.delaySeconds > 0 && s.delaySeconds % 60 === 0;
      return {
        key: `s${i}`,
        channel: s.channel,
        agentId: s.agentId,
        text: s.text,
        delay: minutes ? s.delaySeconds / 60 : s.delaySeconds,
        unit: minutes ? 'minutes' : 'seconds',
      };
    }),
  };
}

export const delaySeconds = (s: StageDraft) => Math.round(s.unit === 'minutes' ? s.delay * 60 : s.delay);

export function toBody(d: CampaignDraft): CampaignInput {
  const where = { ...(d.locale.trim() && { locale: d.locale.trim() }), ...(d.channel && { channel: d.channel }) };
  return {
    name: d.name.trim(),
    audience: d.audienceMode === 'ids' ? { customerIds: parseIds(d.customerIds) } : { where },
    stages: d.stages.map((s, i) => ({ channel: s.channel, agentId: s.agentId ?? '', text: s.text, delaySeconds: i === 0 ? 0 : delaySeconds(s) })),
    ratePerSecond: d.ratePerSecond,
  };
}

export const sameBody = (a: CampaignDraft, b: CampaignDraft) => JSON.stringify(toBody(a)) === JSON.stringify(toBody(b));

/** Problems a person can fix in the form, keyed by field ("stage.0.agent"), as catalogue keys; empty when it can be saved. */
export function validate(d: CampaignDraft): Record<string, CampaignProblem> {
  const errors: Record<string, CampaignProblem> = {};
  if (!d.name.trim()) errors.name = 'campaign.errors.name';
  if (d.audienceMode === 'ids' && parseIds(d.customerIds).length === 0) errors.customerIds = 'campaign.errors.customerIds';
  // An empty filter would mean every customer Herald knows: too easy to do by accident.
  if (d.audienceMode === 'filter' && !d.locale.trim() && !d.channel) errors.where = 'campaign.errors.where';
  if (d.audienceMode === 'filter' && d.locale.trim().length === 1) errors.locale = 'campaign.errors.locale';
  if (!Number.isInteger(d.ratePerSecond) || d.ratePerSecond < 1 || d.ratePerSecond > MAX_RATE) errors.rate = 'campaign.errors.rate';
  if (d.stages.length === 0) errors.stages = 'campaign.errors.stages';
  d.stages.forEach((s, i) => {
    if (!s.agentId) errors[`stage.${i}.agent`] = 'campaign.errors.agent';
    if (!s.text.trim()) errors[`stage.${i}.text`] = 'campaign.errors.text';
    if (i > 0 && (!(s.delay >= 0) || delaySeconds(s) > 90 * 86_400)) errors[`stage.${i}.delay`] = 'campaign.errors.delay';
  });
  return errors;
}

/** Steps done (sent, failed or skipped) out of participants × stages. */
export function totals(c: Pick<Campaign, 'participants' | 'stages'>): { sent: number; done: number; total: number } {
  const sum = (f: (s: CampaignStage) => number) => c.stages.reduce((acc, s) => acc + f(s), 0);
  return { sent: sum((s) => s.sent), done: sum((s) => s.sent + s.failed + s.skipped), total: c.participants * c.stages.length };
}
