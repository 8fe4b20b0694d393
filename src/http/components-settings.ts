/** Response schemas of campaigns and settings (providers, email, SMS); see components.ts. */
import { Type, type TSchema } from 'typebox';
import { Arr, Bool, Int, Null, NullStr, NullTime, Obj, Ref, Str, Time } from './component-kit.js';

export const CampaignAudience = Obj('CampaignAudience', {
  customerIds: Type.Optional(Type.Array(Str)),
  where: Type.Optional(Type.Object({ locale: Type.Optional(Str), channel: Type.Optional(Ref('SessionChannel')) }, { additionalProperties: false })),
});
export const CampaignStage = Obj('CampaignStage', {
  channel: Ref('StageChannel'),
  agentId: Str,
  text: Str,
  delaySeconds: Int,
  sent: Int,
  failed: Int,
  skipped: Int,
  pending: Int,
});
export const Campaign = Obj('Campaign', {
  id: Str,
  name: Str,
  status: Ref('CampaignStatus'),
  audience: Ref('CampaignAudience'),
  ratePerSecond: Int,
  participants: Type.Integer({ description: 'Fixed when the campaign starts (0 before).' }),
  stages: Arr('CampaignStage'),
  createdAt: Time,
  startedAt: NullTime,
  finishedAt: NullTime,
});
export const ProviderField = Obj('ProviderField', {
  key: Str,
  label: Str,
  env: Type.String({ description: 'The environment variable that sets it (and then wins).' }),
  secret: Bool,
  value: Null(Type.String({ description: 'Secrets come back masked ("••••••") when set, null when not.' })),
  fromEnv: Bool,
});
export const ProviderSettings = Obj('ProviderSettings', {
  name: Ref('PushProvider'),
  configured: Bool,
  reason: NullStr,
  fields: Arr('ProviderField'),
});
export const RelaySettings = Obj('RelaySettings', {
  name: Type.Union([Type.Literal('smtp'), Type.Literal('twilio')]),
  configured: Bool,
  reason: NullStr,
  fields: Arr('ProviderField'),
});
export const EmailTemplate = Obj('EmailTemplate', {
  name: Ref('EmailTemplateName'),
  subject: Str,
  text: Str,
  html: Str,
  custom: Type.Boolean({ description: "false while Herald's built-in default is used." }),
});
export const RenderedEmail = Obj('RenderedEmail', { subject: Str, text: Str, html: Str });
export const EmailSettings = Obj('EmailSettings', {
  delivery: Type.Enum(['immediate', 'digest']),
  digestSchedule: Type.String({ description: 'Cron pattern (5 fields, or 6 with seconds first).' }),
  digestTimezone: Str,
  replyDomain: NullStr,
  customerLink: NullStr,
});
export const SmsSettings = Obj('SmsSettings', { senderName: NullStr });
export const Configured = (extra: Record<string, TSchema>) => Type.Object({ configured: Bool, ...extra }, { additionalProperties: false });
export const ChannelsStatus = Obj('ChannelsStatus', {
  telegram: Configured({ botUsername: NullStr }),
  sms: Configured({ from: NullStr }),
  email: Configured({ from: NullStr }),
});

export const SETTINGS_COMPONENTS: TSchema[] = [
  CampaignAudience,
  CampaignStage,
  Campaign,
  ProviderField,
  ProviderSettings,
  RelaySettings,
  EmailTemplate,
  RenderedEmail,
  EmailSettings,
  SmsSettings,
  ChannelsStatus,
];
