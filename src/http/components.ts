/**
 * The API's response shapes, once. Each has an `$id`: app.ts adds them with addSchema, routes refer
 * to them with `Ref('Name')`, and the OpenAPI document lists them under components/schemas — from
 * which the portal's and the SDK's types are generated (npm run gen:api-types).
 *
 * Fastify serializes responses with these schemas and DROPS any field a schema does not name, so
 * each DTO here must list every field its `…Dto()` function returns (see dto-checks.ts, which
 * fails the typecheck when they drift, and test/api/openapi.test.ts).
 */
import { SSO_COMPONENTS } from './components-sso.js';
import { Type, type TSchema } from 'typebox';
import { ErrorCodes } from '../errors.js';
import { PUSH_PROVIDERS } from '../core/devices.js';
import { EMAIL_KINDS, MERGE_FIELDS } from '../channels/email-sms/email-templates.js';
import { Anything, Arr, Bool, Enum, Int, Null, NullStr, NullTime, Obj, Ref, Str, Time } from './component-kit.js';
import { Campaign, EmailSettings, EmailTemplate, ProviderSettings, SETTINGS_COMPONENTS } from './components-settings.js';
import { PUSH_CONFIG_EVENTS } from '../core/push-configs.js';
import { INSIGHT_COMPONENTS } from './components-insight.js';
import { QuietHours, READSTATE_COMPONENTS } from './components-readstate.js';

export const ErrorSchema = Obj(
  'Error',
  {
    error: Type.Object(
      {
        code: Type.Enum(
          Object.values(ErrorCodes).map((c) => c.code),
          { description: 'Stable machine-readable code from the catalogue (src/errors.ts); never reused.' },
        ),
        message: Type.String({ description: 'One sentence for humans; may change between versions.' }),
      },
      { additionalProperties: false },
    ),
  },
  'Every error: `{ "error": { "code": "HERALD_…", "message": "…" } }`.',
);

const enums = [
  Enum('Role', ['admin', 'manager', 'operator', 'viewer']),
  Enum('SessionChannel', ['mobile', 'web', 'telegram', 'sms', 'email', 'api']),
  Enum('SessionStatus', ['bot', 'waiting', 'assigned', 'resolved']),
  Enum('MessageRole', ['user', 'assistant', 'operator', 'system']),
  Enum('AuthorType', ['customer', 'ai', 'human', 'system']),
  Enum('DeliveryStatus', ['queued', 'sending', 'retrying', 'delivered', 'failed', 'skipped', 'cancelled', 'held', 'scheduled']),
  Enum('PushEvent', PUSH_CONFIG_EVENTS),
  Enum('Platform', ['mobile', 'tma', 'web']),
  Enum('PushProvider', PUSH_PROVIDERS),
  Enum('NotificationCategory', ['chat', 'ticket', 'system']),
  Enum('CampaignStatus', ['draft', 'running', 'paused', 'completed', 'cancelled']),
  Enum('StageChannel', ['mobile_push', 'telegram', 'email', 'sms']),
  Enum('EmailTemplateName', EMAIL_KINDS),
];

const Profile = Obj('OperatorProfile', { soundAlerts: Bool, soundLoop: Bool });
const Operator = Obj('Operator', {
  id: Str,
  email: Str,
  name: Str,
  role: Ref('Role'),
  departmentIds: Type.Array(Str),
  profile: Ref('OperatorProfile'),
  disabled: Bool,
  timezone: NullStr,
  quietHours: Null(Ref('QuietHours')),
  createdAt: Time,
});
const Department = Obj('Department', { id: Str, name: Str, createdAt: Time });
const Customer = Obj('Customer', {
  id: Str,
  name: NullStr,
  email: NullStr,
  phone: NullStr,
  locale: NullStr,
  timezone: NullStr,
  quietHours: Null(Ref('QuietHours')),
  createdAt: Time,
  updatedAt: Time,
});
const Agent = Obj('Agent', { id: Str, name: Str, hasPushConfig: Bool, createdAt: Time, updatedAt: Time });
const Session = Obj('Session', {
  id: Str,
  agentId: Str,
  customerId: NullStr,
  channel: Ref('SessionChannel'),
  status: Ref('SessionStatus'),
  departmentId: NullStr,
  assignedOperatorId: NullStr,
  lastOperatorId: NullStr,
  lastSeq: Int,
  createdAt: Time,
  updatedAt: Time,
  resolvedAt: NullTime,
});
const Author = Obj('Author', { type: Ref('AuthorType'), id: Type.Optional(Str) });
const Message = Obj('Message', {
  id: Str,
  sessionId: Str,
  seq: Type.Integer({ description: '1, 2, 3… within a session: the order, and the cursor for polling.' }),
  role: Ref('MessageRole'),
  author: Ref('Author'),
  text: Str,
  createdAt: Time,
});
const PushHeader = Obj('PushHeader', {
  name: Str,
  value: Null(Type.String({ description: 'null for a secret header: its value is never returned.' })),
  secret: Bool,
});
const pushConfigProps = {
  agentId: Str,
  enabled: Bool,
  url: Str,
  headers: Arr('PushHeader'),
  events: Arr('PushEvent'),
  retry: Type.Enum(['standard', 'none']),
  disabledReason: NullStr,
  createdAt: Time,
  updatedAt: Time,
};
const PushConfig = Obj('PushConfig', pushConfigProps);
const DestinationState = Enum('DestinationState', ['healthy', 'open', 'half_open'], 'Circuit state of a destination (CONTRACT §10).');
const DestinationHealth = Obj('DestinationHealth', {
  state: Ref('DestinationState'),
  consecutiveFailures: Int,
  lastSuccessAt: Type.Optional(Time),
  openedAt: Type.Optional(Time),
  disabledReason: Type.Optional(Str),
});
const PushConfigDetail = Obj(
  'PushConfigDetail',
  { ...pushConfigProps, health: Ref('DestinationHealth') },
  "A push configuration with the health of its endpoint's destination.",
);
const Destination = Obj('Destination', {
  key: Type.String({
    description: '`webhook:<origin>` or a provider (`fcm`, `apns`, `webpush:<origin>`, `telegram`, `smtp`, `twilio`, `beams`, `onesignal`).',
  }),
  kind: Type.Enum(['webhook', 'provider']),
  state: Ref('DestinationState'),
  inFlight: Int,
  consecutiveFailures: Int,
  lastSuccessAt: Type.Optional(Time),
  openedAt: Type.Optional(Time),
  nextProbeAt: Type.Optional(Time),
});
const DestinationList = Obj('DestinationList', { items: Arr('Destination') });
const Recipient = Obj('Recipient', { type: Type.Enum(['agent', 'customer', 'operator']), id: Str });
const Delivery = Obj('Delivery', {
  id: Str,
  eventId: NullStr,
  notificationId: NullStr,
  channel: Str,
  recipient: Ref('Recipient'),
  agentId: NullStr,
  sessionId: NullStr,
  customerId: NullStr,
  target: Str,
  destination: Type.String({ description: 'Where its attempts go (see GET /api/destinations).' }),
  status: Ref('DeliveryStatus'),
  reason: NullStr,
  attempts: Int,
  nextAttemptAt: NullTime,
  lastStatusCode: Null(Int),
  lastError: NullStr,
  createdAt: Time,
  updatedAt: Time,
});
const DeliveryAttempt = Obj('DeliveryAttempt', {
  attempt: Int,
  at: Time,
  ok: Bool,
  statusCode: Null(Int),
  latencyMs: Int,
  error: NullStr,
  response: Null(Type.String({ description: 'Excerpt of what the receiver answered; secrets redacted.' })),
  providerMessageId: Null(Type.String({ description: "The vendor's id of an accepted message (FCM name, APNs apns-id, Twilio SID)." })),
});
// Not Composite/Intersect: fast-json-stringify and openapi-typescript both read a flat object best.
const DeliveryDetail = Type.Object(
  { ...Delivery.properties, payload: Anything, attemptLog: Arr('DeliveryAttempt') },
  { $id: 'DeliveryDetail', additionalProperties: false },
);
const Device = Obj('Device', {
  id: Str,
  platform: Ref('Platform'),
  provider: Ref('PushProvider'),
  token: Type.String({ description: "For Web Push only the endpoint's origin is shown, never the keys." }),
  appVersion: NullStr,
  osVersion: NullStr,
  hardwareId: NullStr,
  locale: NullStr,
  disabled: Bool,
  disabledReason: NullStr,
  lastSeenAt: Time,
  createdAt: Time,
});
const Preferences = Obj('NotificationPreferences', { chatMessages: Bool, ticketUpdates: Bool, systemNotices: Bool });
const NotificationAction = Obj('NotificationAction', {
  id: Str,
  title: Str,
  input: Type.Optional(Bool),
  destructive: Type.Optional(Bool),
});
const Notification = Obj('Notification', {
  id: Str,
  recipient: Ref('Recipient'),
  category: Ref('NotificationCategory'),
  title: NullStr,
  body: Str,
  data: Type.Record(Type.String(), Type.String()),
  actions: Arr('NotificationAction'),
  sessionId: NullStr,
  createdAt: Time,
  deliveries: Type.Array(
    Type.Union([Ref('Delivery'), Ref('CustomerDelivery')], {
      description: 'Full deliveries for operators and server keys; a customer sees only what happened (CustomerDelivery).',
    }),
  ),
});
const CustomerDelivery = Obj(
  'CustomerDelivery',
  { id: Str, channel: Str, status: Ref('DeliveryStatus'), attempts: Int, createdAt: Time, updatedAt: Time },
  'What a customer may know of a delivery: never a status code, a receiver answer or a network error.',
);
const page = (id: string, item: string, cursor: boolean) =>
  Obj(id, { items: Arr(item), ...(cursor && { nextCursor: Null(Type.String({ description: 'Pass as `cursor` for the next page; null on the last.' })) }) });

const misc = [
  Obj('Health', { status: Type.Literal('ok'), version: Str }),
  Obj('Ready', { status: Type.Literal('ready'), database: Str }),
  Obj('OperatorEnvelope', { operator: Ref('Operator') }),
  Obj('CustomerToken', { token: Type.String({ description: 'HS256 JWT for `Authorization: Bearer`.' }), expiresAt: Time }),
  Obj('Badge', { activeConversations: Int }),
  Obj('SigningSecret', { signingSecret: Type.String({ description: 'The whsec_… key receivers verify signatures with.' }) }),
  Obj('RotatedSecret', { signingSecret: Str, previousExpiresAt: Type.String({ format: 'date-time', description: 'Until then both keys sign.' }) }),
  Obj('TestSendResult', { eventId: Str, delivery: Null(Ref('Delivery')) }),
  Obj('NotificationCreated', { id: Str, deliveries: Arr('Delivery') }),
  Obj('ActionRecorded', { recorded: Type.Literal(true), duplicate: Bool }),
  Obj('VapidKey', { publicKey: Str }),
  Obj('PushSettings', { messagePreview: Bool }),
  Obj('EmailTemplateList', { items: Arr('EmailTemplate'), mergeFields: Type.Array(Type.Enum([...MERGE_FIELDS])) }),
  Obj('InboundResult', { sessionId: Str, messageId: Str, customerId: Str }),
  Obj('Received', { received: Type.Literal(true) }),
  page('SessionPage', 'Session', true),
  page('DeliveryPage', 'Delivery', true),
  page('MessageList', 'Message', false),
  page('AgentList', 'Agent', false),
  page('OperatorList', 'Operator', false),
  page('DepartmentList', 'Department', false),
  page('DeviceList', 'Device', false),
  page('CampaignList', 'Campaign', false),
  page('ProviderList', 'ProviderSettings', false),
];

/** Every shared schema, in dependency order (Fastify resolves refs when each is added). */
export const COMPONENTS: TSchema[] = [
  ErrorSchema,
  ...enums,
  QuietHours,
  Profile,
  Operator,
  Department,
  Customer,
  Agent,
  Session,
  Author,
  Message,
  PushHeader,
  PushConfig,
  DestinationState,
  DestinationHealth,
  PushConfigDetail,
  Destination,
  DestinationList,
  Recipient,
  Delivery,
  CustomerDelivery,
  DeliveryAttempt,
  DeliveryDetail,
  Device,
  Preferences,
  NotificationAction,
  Notification,
  ...SETTINGS_COMPONENTS,
  ...SSO_COMPONENTS,
  ...INSIGHT_COMPONENTS,
  ...READSTATE_COMPONENTS.filter((c) => c !== QuietHours),
  ...misc,
];

/** Exported for dto-checks.ts: the schemas whose keys must equal their DTO function's. */
export const DTO_SCHEMAS = {
  Operator,
  Department,
  Customer,
  Agent,
  Session,
  Message,
  PushConfig,
  Delivery,
  DeliveryAttempt,
  Device,
  Notification,
  Campaign,
  ProviderSettings,
  EmailTemplate,
  EmailSettings,
};
