/** Shared request/response schema pieces; every object refuses unknown fields. */
import { Type, type TSchema } from 'typebox';

export const Strict = <T extends Record<string, TSchema>>(props: T, opts: Record<string, unknown> = {}) =>
  Type.Object(props, { additionalProperties: false, ...opts });

export const ID_MAX_LENGTH = 128;
export const Id = Type.String({ minLength: 1, maxLength: ID_MAX_LENGTH });
export const IdParams = Strict({ id: Id });
export const Text = (max = 20_000) => Type.String({ minLength: 1, maxLength: max });
export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
export const Channel = Type.Union(['mobile', 'web', 'telegram', 'sms', 'email', 'api'].map((c) => Type.Literal(c)));
export const Status = Type.Union(['bot', 'waiting', 'assigned', 'resolved'].map((c) => Type.Literal(c)));
export const Role = Type.Union(['admin', 'manager', 'operator', 'viewer'].map((c) => Type.Literal(c)));
export const Email = Type.String({ minLength: 3, maxLength: 320, pattern: '^[^@\\s]+@[^@\\s]+$' });
export const Password = Type.String({ minLength: 8, maxLength: 1024 });
/** POST /api/operators; `herald create-operator` checks its input against the same schema. */
export const CreateOperatorBody = Strict({
  email: Email,
  name: Type.String({ minLength: 1, maxLength: 200 }),
  role: Role,
  password: Password,
  departmentIds: Type.Optional(Type.Array(Id, { maxItems: 100 })),
});
export const Limit = Type.Integer({ minimum: 1, maximum: 200, default: 50 });

export const ErrorBody = Strict({
  error: Strict({ code: Type.String(), message: Type.String() }),
});

/** Documents the Idempotency-Key header (CONTRACT §11): a repeat with the same key and body gets the first answer. */
export const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({ description: 'Makes a retry safe: the same key and body within 24 h returns the first response; another body → 422.' }),
  ),
});

/** Quiet hours as callers send them (CONTRACT §13); the zone is the recipient's `timezone`. */
export const QuietHoursBody = Strict({
  start: Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$', description: 'Local time "HH:MM" (seconds optional: "HH:MM:SS").' }),
  end: Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$', description: 'Local time "HH:MM"; before start = the next day.' }),
});
