/**
 * Shapes of the Herald API as the portal uses them: aliases of the types generated from the
 * server's OpenAPI document (api-types.gen.ts, `npm run gen:api-types`), never copied by hand.
 */
import type * as Api from '../../../sdk/src/api-types.gen.js';

import type { RequestBody } from '../../../sdk/src/types.js';

export type { RequestBody };

export type Role = Api.Role;
export type Channel = Api.SessionChannel;
export type SessionStatus = Api.SessionStatus;
export type Operator = Api.Operator;
export type Department = Api.Department;
export type Session = Api.Session;
export type Message = Api.Message;
export type Agent = Api.Agent;
export type PushEvent = Api.PushEvent;
export type PushHeader = Api.PushHeader;
export type PushConfig = Api.PushConfig;
/** GET /api/agents/:id/push-config: the configuration with its endpoint's health. */
export type PushConfigDetail = Api.PushConfigDetail;
/** What PUT /api/agents/:id/push-config takes. */
export type PushConfigInput = RequestBody<'putPushConfig'>;
export type DeliveryStatus = Api.DeliveryStatus;
export type Delivery = Api.Delivery;
export type DeliveryAttempt = Api.DeliveryAttempt;
export type DeliveryDetail = Api.DeliveryDetail;
export type ProviderField = Api.ProviderField;
export type ProviderSettings = Api.ProviderSettings;
/** A workspace's own SMTP relay or Twilio account: the same card as a push provider's. */
export type RelaySettings = Api.RelaySettings;
export type EmailTemplate = Api.EmailTemplate;
export type EmailDeliverySettings = Api.EmailSettings;
export type ChannelsStatus = Api.ChannelsStatus;
export type CampaignStatus = Api.CampaignStatus;
export type StageChannel = Api.StageChannel;
export type CampaignAudience = Api.CampaignAudience;
export type CampaignStage = Api.CampaignStage;
export type CampaignInput = RequestBody<'createCampaign'>;
export type CampaignStageInput = CampaignInput['stages'][number];
export type Campaign = Api.Campaign;
export type ApiError = Api.Error;

/** A list answer: `{ items, nextCursor? }` (nextCursor only where the list pages). */
export interface Page<T> {
  items: T[];
  nextCursor?: string | null;
}
// Single sign-on, invitations and the audit log (issue 15)
export type AuthMethods = Api.AuthMethods;
export type Invitation = Api.Invitation;
export type InvitationCreated = Api.InvitationCreated;
export type InvitationLookup = Api.InvitationLookup;
export type AuditEntry = Api.AuditEntry;
export type AuditPage = Api.AuditPage;
/** GET /api/events/:id/explain (CONTRACT §13). */
export type Explanation = Api.Explanation;
export type RoutingDecision = Api.RoutingDecision;
/** GET /api/analytics/deliveries (CONTRACT §13). */
export type DeliveryAnalytics = Api.DeliveryAnalytics;
export type EscalationSettings = Api.EscalationSettings;
export type QuietHours = Api.QuietHours;
export type Workspace = Api.Workspace;
export type WorkspaceCreated = Api.WorkspaceCreated;
export type WorkspaceMember = Api.WorkspaceMember;
export type InvitationAccepted = Api.InvitationAccepted;
