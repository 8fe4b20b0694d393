/** Response shapes of read state, escalation ladders and quiet hours (CONTRACT §13). */
import { Type } from 'typebox';
import { Obj, Ref } from './component-kit.js';

const HHMM = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$', description: 'Local time, "HH:MM" (seconds optional).' });

export const QuietHours = Obj(
  'QuietHours',
  { start: HHMM, end: HHMM },
  'A daily window in the recipient\'s time zone; "22:00"–"07:00" crosses midnight. Push, SMS and email due inside it are held.',
);

export const EscalationStep = (channels: readonly string[]) =>
  Type.Object(
    {
      channel: Type.Enum([...channels]),
      afterSeconds: Type.Integer({ minimum: 0, maximum: 7 * 86_400, description: 'Delay after the message; 0 = at once.' }),
    },
    { additionalProperties: false },
  );

export const CUSTOMER_LADDER_CHANNELS = ['push', 'email', 'sms'] as const;
export const OPERATOR_LADDER_CHANNELS = ['webpush', 'email', 'sms'] as const;

const EscalationSettings = Obj(
  'EscalationSettings',
  {
    customers: Type.Array(EscalationStep(CUSTOMER_LADDER_CHANNELS), { maxItems: 3 }),
    operators: Type.Array(EscalationStep(OPERATOR_LADDER_CHANNELS), { maxItems: 3 }),
  },
  'The escalation ladder: when each channel fires after a message. Empty lists = every channel at once.',
);

export const READSTATE_COMPONENTS = [QuietHours, EscalationSettings];
/** Referenced by Operator and Customer. */
export const QuietHoursRef = Ref('QuietHours');
