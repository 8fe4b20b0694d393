import type { PushConfig, PushConfigInput, PushEvent } from './types';

export const PUSH_EVENTS: Array<{ value: PushEvent; label: string }> = [
  { value: 'session.started', label: 'New Session Started' },
  { value: 'message.assistant', label: 'AI Assistant Message' },
  { value: 'message.user', label: 'User Message' },
  { value: 'session.transferred', label: 'Transferred to Live Agent' },
];

export interface HeaderDraft {
  /** React key only. */
  key: string;
  name: string;
  value: string;
  secret: boolean;
  /** The server holds a secret value we cannot see; an empty value keeps it. */
  stored: boolean;
}

export interface ConfigDraft {
  enabled: boolean;
  url: string;
  headers: HeaderDraft[];
  events: PushEvent[];
  retry: 'standard' | 'none';
}

let n = 0;
export const newHeader = (): HeaderDraft => ({ key: `h${++n}`, name: '', value: '', secret: false, stored: false });

export function toDraft(c: PushConfig | null): ConfigDraft {
  if (!c) return { enabled: true, url: '', headers: [], events: ['session.started'], retry: 'standard' };
  return {
    enabled: c.enabled,
    url: c.url,
    headers: c.headers.map((h) => ({ ...newHeader(), name: h.name, value: h.value ?? '', secret: h.secret, stored: h.secret && h.value === null })),
    events: [...c.events],
    retry: c.retry ?? 'standard',
  };
}

/** The PUT body: a stored secret left empty is sent as null, which tells the server to keep it. */
export function toBody(d: ConfigDraft): PushConfigInput {
  return {
    enabled: d.enabled,
    url: d.url.trim(),
    headers: d.headers.map((h) => ({
      name: h.name.trim(),
      value: h.secret && h.stored && h.value === '' ? null : h.value,
      secret: h.secret,
    })),
    events: d.events,
    retry: d.retry,
  };
}

/** Problems a person can fix in the window, keyed by field; empty when the draft can be saved. */
export function validate(d: ConfigDraft): Record<string, string> {
  const errors: Record<string, string> = {};
  try {
    const u = new URL(d.url.trim());
    if (u.protocol !== 'https:' && u.protocol !== 'http:') errors.url = 'The URL must start with https:// or http://.';
  } catch {
    errors.url = 'Enter the full URL that should receive the events, e.g. https://example.com/herald.';
  }
  if (d.events.length === 0) errors.events = 'Choose at least one event.';
  const names = new Set<string>();
  d.headers.forEach((h, i) => {
    const name = h.name.trim().toLowerCase();
    if (!name) errors[`header.${i}`] = 'Give the header a name.';
    else if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) errors[`header.${i}`] = 'Header names use letters, digits and - only.';
    else if (names.has(name)) errors[`header.${i}`] = 'This header is already listed.';
    else if (h.secret && !h.stored && h.value === '') errors[`header.${i}`] = 'Enter the secret value.';
    names.add(name);
  });
  return errors;
}
