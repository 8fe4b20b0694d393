import { type ReactNode, type SyntheticEvent, createContext, createElement as h, useCallback, useContext, useEffect, useRef, useState } from 'react';
import type { HeraldClient, HeraldOptions } from './client.js';
import { loadAllMessages, mergeMessages } from './message-list.js';
import { acquireClient } from './shared-clients.js';
import type { Message } from './types.js';

export interface UseHeraldOptions extends HeraldOptions {
  /**
   * Unmounting the hook means sign-out by default: the devices are unregistered. Set this when
   * the hook can unmount while the user stays signed in and should keep getting push.
   */
  keepDevicesOnUnmount?: boolean;
}

export interface UseHeraldResult {
  /** Null until the first effect ran (and during server rendering). */
  client: HeraldClient | null;
  /** True once the devices given in the options are registered. */
  ready: boolean;
  /** Why registering the devices failed, if it did. */
  error: unknown;
}

/**
 * A Herald client for the signed-in user: created once per serverUrl + userId, torn down when
 * the component unmounts or the user changes. A new `fcmToken`/`apnsToken` rotates the token.
 */
export function useHerald(options: UseHeraldOptions): UseHeraldResult {
  const latest = useRef(options);
  latest.current = options;
  const [state, setState] = useState<UseHeraldResult>({ client: null, ready: false, error: null });
  // The mobile token the current client registered, to notice rotation.
  const mobileToken = useRef<{ client: HeraldClient; token: string | undefined } | null>(null);

  useEffect(() => {
    const o = latest.current;
    const lease = acquireClient({
      ...o,
      // Read through the ref: a refreshed token string needs no new client.
      sessionToken: () => {
        const t = latest.current.sessionToken;
        return typeof t === 'function' ? t() : t;
      },
      onError: (err) => latest.current.onError?.(err),
    });
    let live = true;
    mobileToken.current = { client: lease.client, token: o.fcmToken ?? o.apnsToken };
    setState({ client: lease.client, ready: false, error: null });
    lease.client.ready.then(
      () => live && setState((s) => (s.client === lease.client ? { ...s, ready: true } : s)),
      (error: unknown) => live && setState((s) => (s.client === lease.client ? { ...s, error } : s)),
    );
    return () => {
      live = false;
      lease.release({ keepDevices: latest.current.keepDevicesOnUnmount ?? false });
    };
  }, [options.serverUrl, options.userId]);

  const token = options.fcmToken ?? options.apnsToken;
  useEffect(() => {
    const seen = mobileToken.current;
    if (!state.client || !token || seen?.client !== state.client || seen.token === token) return;
    seen.token = token;
    state.client.updateToken(token).catch((err: unknown) => latest.current.onError?.(err));
  }, [state.client, token]);

  return state;
}

export interface UseMessagesResult {
  /** The whole conversation in seq order, live. */
  messages: Message[];
  loading: boolean;
  error: unknown;
  send(text: string): Promise<Message>;
}

/** The messages of one session: history first, then live, deduplicated by seq. */
export function useMessages(client: HeraldClient | null | undefined, sessionId: string | null | undefined): UseMessagesResult {
  const [messages, setMessages] = useState<Message[]>([]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    setMessages([]);
    setError(null);
    if (!client || !sessionId) return;
    let live = true;
    let unsubscribe = () => undefined as void;
    setLoading(true);
    loadAllMessages(client, sessionId).then(
      (history) => {
        if (!live) return;
        setMessages(history);
        setLoading(false);
        const after = history[history.length - 1]?.seq ?? 0;
        unsubscribe = client.onMessage(sessionId, (m) => live && setMessages((list) => mergeMessages(list, [m])), { after });
      },
      (err: unknown) => {
        if (!live) return;
        setError(err);
        setLoading(false);
      },
    );
    return () => {
      live = false;
      unsubscribe();
    };
  }, [client, sessionId]);

  const send = useCallback(
    async (text: string) => {
      if (!client || !sessionId) throw new Error('No Herald client or session yet.');
      try {
        const m = await client.sendMessage(sessionId, text);
        setMessages((list) => mergeMessages(list, [m]));
        return m;
      } catch (err) {
        setError(err);
        throw err;
      }
    },
    [client, sessionId],
  );

  return { messages, loading, error, send };
}

const HeraldContext = createContext<HeraldClient | null>(null);

/** Makes a client available to `<HeraldChat>` (and `useHeraldClient`) below it. */
export function HeraldProvider({ client, children }: { client: HeraldClient | null; children?: ReactNode }) {
  return h(HeraldContext.Provider, { value: client }, children);
}

export function useHeraldClient(): HeraldClient | null {
  return useContext(HeraldContext);
}

export interface HeraldChatProps {
  sessionId: string;
  /** Defaults to the one from `<HeraldProvider>`. */
  client?: HeraldClient | null;
  placeholder?: string;
  className?: string;
  renderMessage?: (m: Message) => ReactNode;
}

/** A minimal chat: the messages and an input. Unstyled; `data-role` on each item is for your CSS. */
export function HeraldChat({ sessionId, client, placeholder = 'Write a message…', className, renderMessage }: HeraldChatProps) {
  const fromContext = useContext(HeraldContext);
  const c = client ?? fromContext;
  const { messages, loading, error, send } = useMessages(c, sessionId);
  const [text, setText] = useState('');
  const [sending, setSending] = useState(false);
  const list = useRef<{ scrollTop: number; scrollHeight: number } | null>(null);

  useEffect(() => {
    // Keep the newest message in view.
    if (list.current) list.current.scrollTop = list.current.scrollHeight;
  }, [messages.length]);

  const onSubmit = (e: SyntheticEvent) => {
    e.preventDefault();
    const t = text.trim();
    if (!t || sending) return;
    setSending(true);
    send(t)
      .then(() => setText(''))
      .catch(() => undefined) // shown through `error`
      .finally(() => setSending(false));
  };

  return h(
    'div',
    { className: className ?? 'herald-chat' },
    h(
      'ul',
      {
        className: 'herald-chat-messages',
        'aria-live': 'polite',
        ref: (el: unknown) => {
          list.current = el as typeof list.current;
        },
      },
      messages.map((m) => h('li', { key: m.seq, 'data-role': m.role }, renderMessage ? renderMessage(m) : m.text)),
    ),
    loading ? h('p', { className: 'herald-chat-status' }, 'Loading…') : null,
    error
      ? h(
          'p',
          { className: 'herald-chat-error', role: 'alert' },
          error instanceof Error ? error.message : typeof error === 'string' ? error : 'Something went wrong.',
        )
      : null,
    h(
      'form',
      { className: 'herald-chat-form', onSubmit },
      h('input', {
        value: text,
        placeholder,
        'aria-label': 'Message',
        onChange: (e: { target: { value: string } }) => setText(e.target.value),
        disabled: !c,
      }),
      h('button', { type: 'submit', disabled: !c || sending || !text.trim() }, 'Send'),
    ),
  );
}
