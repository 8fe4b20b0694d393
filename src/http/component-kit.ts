/** Building blocks of the response schemas (components.ts, components-settings.ts). */
import { type Static, Type, type TSchema } from 'typebox';

export const Ref = (id: string) => Type.Ref(id);
export const Enum = <const T extends readonly string[]>(id: string, values: T, description?: string) =>
  Type.Enum([...values], { $id: id, ...(description && { description }) });
export const Obj = <T extends Record<string, TSchema>>(id: string, props: T, description?: string) =>
  Type.Object(props, { $id: id, additionalProperties: false, ...(description && { description }) });
// A nullable primitive is `type: [T, "null"]` rather than anyOf: fast-json-stringify serializes it
// without trying branches (anyOf made a 200-session page slower than plain JSON.stringify).
export function Null<T extends TSchema>(t: T) {
  const type = (t as { type?: unknown }).type;
  if (typeof type === 'string' && type !== 'object' && type !== 'array') return Type.Unsafe<Static<T> | null>({ ...t, type: [type, 'null'] });
  return Type.Union([t, Type.Null()]);
}
export const Time = Type.String({ format: 'date-time' });
export const NullTime = Null(Time);
export const Str = Type.String();
export const NullStr = Null(Str);
export const Int = Type.Integer();
export const Bool = Type.Boolean();
export const Arr = (id: string) => Type.Array(Ref(id));
export const Anything = Type.Unknown({ description: 'Any JSON value.' });
