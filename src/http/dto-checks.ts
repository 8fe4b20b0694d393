/**
 * Compile-time guard: each response schema in components.ts names exactly the fields its DTO
 * function returns. Fastify's serializer drops fields a schema does not name, so a field added to
 * a DTO but not to its schema would silently vanish from responses; here it fails `npm run
 * typecheck` instead, naming the field. (Nested shapes are covered by test/api/openapi.test.ts.)
 */
import type { Static } from 'typebox';
import type { agentDto } from '../core/agents.js';
import type { customerDto } from '../core/customers.js';
import type { departmentDto } from '../core/departments.js';
import type { deviceDto } from '../core/devices.js';
import type { messageDto } from '../core/messages.js';
import type { notificationDto } from '../core/notifications.js';
import type { operatorDto } from '../core/operators.js';
import type { pushConfigDto } from '../core/push-configs.js';
import type { sessionDto } from '../core/sessions.js';
import type { campaignDto } from '../channels/campaigns/campaigns-service.js';
import type { attemptDto, deliveryDto } from '../engine/deliveries.js';
import type { EmailSettings, StoredTemplate } from '../channels/email-sms/email-settings-store.js';
import type { ProviderRegistry } from '../providers/registry.js';
import type { DTO_SCHEMAS } from './components.js';

type Fields<K extends keyof typeof DTO_SCHEMAS> = keyof Static<(typeof DTO_SCHEMAS)[K]>;
/** `true` when A and B have the same keys; otherwise names what is missing from the schema / extra in it. */
type SameKeys<Dto, Schema extends PropertyKey> = [Exclude<keyof Dto, Schema>, Exclude<Schema, keyof Dto>] extends [never, never]
  ? true
  : { notInSchema: Exclude<keyof Dto, Schema>; notInDto: Exclude<Schema, keyof Dto> };

type Checks = [
  SameKeys<ReturnType<typeof operatorDto>, Fields<'Operator'>>,
  SameKeys<ReturnType<typeof departmentDto>, Fields<'Department'>>,
  SameKeys<ReturnType<typeof customerDto>, Fields<'Customer'>>,
  SameKeys<ReturnType<typeof agentDto>, Fields<'Agent'>>,
  SameKeys<ReturnType<typeof sessionDto>, Fields<'Session'>>,
  SameKeys<ReturnType<typeof messageDto>, Fields<'Message'>>,
  SameKeys<ReturnType<typeof pushConfigDto>, Fields<'PushConfig'>>,
  SameKeys<ReturnType<typeof deliveryDto>, Fields<'Delivery'>>,
  SameKeys<ReturnType<typeof attemptDto>, Fields<'DeliveryAttempt'>>,
  SameKeys<ReturnType<typeof deviceDto>, Fields<'Device'>>,
  // GET /api/notifications/:id adds the deliveries it caused.
  SameKeys<ReturnType<typeof notificationDto> & { deliveries: unknown }, Fields<'Notification'>>,
  SameKeys<ReturnType<typeof campaignDto>, Fields<'Campaign'>>,
  SameKeys<Awaited<ReturnType<ProviderRegistry['describe']>>[number], Fields<'ProviderSettings'>>,
  SameKeys<StoredTemplate, Fields<'EmailTemplate'>>,
  SameKeys<EmailSettings, Fields<'EmailSettings'>>,
];

type Failures = Exclude<Checks[number], true>;
/** A type error here names the DTO field a schema in components.ts lacks (or has in excess). */
export const dtoSchemasMatch: [Failures] extends [never] ? true : Failures = true;
