import type { PushConfig, PushConfigInput, PushEvent } from './types';

/** The events a configuration can subscribe to; their labels are in the catalogues (pushEvent.*). */
export const PUSH_EVENTS: PushEvent[] = ['session.started', 'message.assistant', 'message.user', 'session.transferred'];
// Event names hold dots, which the catalogues read as nesting: each has a plain key there.
export const PUSH_EVENT_LABEL = {
  'session.started': 'pushEvent.sessionStarted',
  'message.assistant': 'pushEvent.messageAssistant',
  'message.user': 'pushEvent.messageUser',
  'session.transferred': 'pushEvent.sessionTransferred',
} as const satisfies Record<PushEvent, string>;

/** Catalogue keys of the problems validate() reports. */
export type PushConfigProblem =
  | 'pushConfig.errors.urlScheme'
  | 'pushConfig.errors.url'
  | 'pushConfig.errors.events'
  | 'pushConfig.errors.headerName'
  | 'pushConfig.errors.headerChars'
  | 'pushConfig.errors.headerDuplicate'
  | 'pushConfig.errors.secretValue';

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

/** Problems a person can fix in the window, keyed by field (values are catalogue keys); empty when the draft can be saved. */
export function validate(d: ConfigDraft): Record<string, PushConfigProblem> {
  const errors: Record<string, PushConfigProblem> = {};
  try {
    const u = new URL(d.url.trim());
    if (u.protocol !== 'https:' && u.protocol !== 'http:') errors.url = 'pushConfig.errors.urlScheme';
  } catch {
    errors.url = 'pushConfig.errors.url';
  }
  if (d.events.length === 0) errors.events = 'pushConfig.errors.events';
  const names = new Set<string>();
  d.headers.forEach((h, i) => {
    const name = h.name.trim().toLowerCase();
    if (!name) errors[`header.${i}`] = 'pushConfig.errors.headerName';
    else if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) errors[`header.${i}`] = 'pushConfig.errors.headerChars';
    else if (names.has(name)) errors[`header.${i}`] = 'pushConfig.errors.headerDuplicate';
    else if (h.secret && !h.stored && h.value === '') errors[`header.${i}`] = 'pushConfig.errors.secretValue';
    names.add(name);
  });
  return errors;
}
