import type { ServerResponse } from 'node:http';
import type { Bus } from './bus/bus.js';
import type { Config } from './config.js';
import type { AgentsService } from './core/agents.js';
import type { ApiKeysService } from './core/api-keys.js';
import type { CustomersService } from './core/customers.js';
import type { DepartmentsService } from './core/departments.js';
import type { MessagesService } from './core/messages.js';
import type { OperatorsService } from './core/operators.js';
import type { PushConfigsService } from './core/push-configs.js';
import type { Events } from './core/events.js';
import type { SessionsService } from './core/sessions.js';
import type { AnalyticsService } from './engine/analytics.js';
import type { DeliveriesService } from './engine/deliveries.js';
import type { ExplainService } from './engine/explain.js';
import type { DestinationsView } from './engine/destinations-view.js';
import type { Dispatcher } from './engine/dispatcher.js';
import type { Metrics } from './metrics.js';
import type { ActionTokens } from './security/action-tokens.js';
import type { SecretBox } from './security/secret-box.js';
import type { CustomerTokens } from './security/tokens.js';
import type { Store } from './store/db.js';
import type { AuditLogService } from './core/audit-log.js';
import type { WorkspacesService } from './core/workspaces.js';
import type { InvitationsService } from './core/invitations.js';
import type { PasswordResetsService } from './core/password-resets.js';
import type { OidcLogin } from './security/oidc.js';

/** Everything the HTTP layer may call; built once by createHeraldServer. */
export interface Services {
  version: string;
  config: Readonly<Config>;
  store: Store;
  bus: Bus;
  box: SecretBox;
  metrics: Metrics;
  destinations: DestinationsView;
  customerTokens: CustomerTokens;
  actionTokens: ActionTokens;
  apiKeys: ApiKeysService;
  operators: OperatorsService;
  departments: DepartmentsService;
  agents: AgentsService;
  customers: CustomersService;
  sessions: SessionsService;
  messages: MessagesService;
  pushConfigs: PushConfigsService;
  deliveries: DeliveriesService;
  // --- single sign-on and audit log (issue 15) ---
  invitations: InvitationsService;
  passwordResets: PasswordResetsService;
  audit: AuditLogService;
  /** Workspaces and operators' memberships (issue 15, CONTRACT §14). */
  workspaces: WorkspacesService;
  /** undefined when HERALD_OIDC_* is not set. */
  oidc: OidcLogin | undefined;
  explain: ExplainService;
  analytics: AnalyticsService;
  dispatcher: Dispatcher;
  /** The one way to raise an event: written with its change, the dispatcher woken after the commit. */
  events: Events;
  /** Set by modules that care: someone's quiet hours were set (true) or cleared (false). */
  hooks: { quietHoursChanged(set: boolean): void };
  /** Open SSE responses, ended on shutdown so close() does not wait for them. */
  streams: Set<ServerResponse>;
}
