/** Response shapes of explain and delivery analytics (CONTRACT §13). */
import { Type } from 'typebox';
import { Enum, Int, Null, NullStr, Obj, Ref, Str, Time } from './component-kit.js';

const DecisionKind = Enum(
  'DecisionKind',
  ['sent', 'skipped', 'held', 'scheduled', 'cancelled'],
  'What the routing rules decided for one candidate on one channel.',
);
const ExplainRecipient = Obj('ExplainRecipient', {
  type: Type.Enum(['agent', 'customer', 'operator']),
  id: Str,
  name: Null(Type.String({ description: 'Display name (or email) when known.' })),
});
const RoutingDecision = Obj('RoutingDecision', {
  recipient: Ref('ExplainRecipient'),
  channel: Type.String({ description: '`webhook`, `email`, `sms`, `push` or the device provider (`fcm`, `apns`, `webpush`…).' }),
  decision: Ref('DecisionKind'),
  rule: Type.String({ description: "The rule's name, `<channel family>.<rule>` (e.g. `email.presence`, `push.mute`, `email.audience`)." }),
  reason: Type.String({ description: 'One sentence an operator understands.' }),
  deliveryId: Null(Type.String({ description: 'The delivery this decision produced; null when it produced none.' })),
  status: Null(Type.String({ description: "That delivery's current status (how sending went)." })),
});
const ExplainedEvent = Obj('ExplainedEvent', { id: Str, type: Str, occurredAt: Time, sessionId: NullStr, seq: Null(Int) });
const Explanation = Obj(
  'Explanation',
  {
    event: Ref('ExplainedEvent'),
    decisions: Type.Array(Ref('RoutingDecision')),
  },
  'Every candidate the routing rules considered for an event, including those who got nothing.',
);

const Rate = Null(Type.Number({ description: 'delivered ÷ (delivered + failed); null when neither happened.' }));
const Ms = Null(Type.Integer({ description: 'Milliseconds from planning to delivered; null without deliveries.' }));
const AnalyticsBucket = Obj('AnalyticsBucket', {
  t: Time,
  delivered: Int,
  failed: Int,
  skipped: Int,
  retrying: Int,
  cancelled: Int,
  held: Int,
  pending: Type.Integer({ description: 'queued or sending.' }),
  total: Int,
  p50Ms: Ms,
  p95Ms: Ms,
});
const ChannelStats = Obj('ChannelStats', { delivered: Int, failed: Int, skipped: Int, total: Int, successRate: Rate });
const DestinationStats = Obj('DestinationStats', { key: Str, channel: Str, delivered: Int, failed: Int, total: Int, successRate: Rate, p95Ms: Ms });
const DeliveryAnalytics = Obj(
  'DeliveryAnalytics',
  {
    from: Time,
    to: Time,
    bucket: Type.Enum(['minute', 'hour', 'day']),
    total: Type.Integer({ description: 'Deliveries created in [from, to) (for the channel, when filtered).' }),
    buckets: Type.Array(Ref('AnalyticsBucket')),
    byChannel: Type.Record(Type.String(), Ref('ChannelStats')),
    byDestination: Type.Array(Ref('DestinationStats')),
  },
  'Deliveries created in [from, to): counts are exact; latency percentiles are estimated from up to 200 delivered deliveries per bucket and destination.',
);

export const INSIGHT_COMPONENTS = [
  DecisionKind,
  ExplainRecipient,
  RoutingDecision,
  ExplainedEvent,
  Explanation,
  AnalyticsBucket,
  ChannelStats,
  DestinationStats,
  DeliveryAnalytics,
];
