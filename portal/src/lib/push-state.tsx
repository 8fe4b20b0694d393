import { notifications } from '@mantine/notifications';
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { i18n } from '../i18n';
import { errorMessage } from './api';
import { type PushState, enablePush, readPushState, refreshRegistration } from './push';

interface PushContext {
  /** null until the browser has been asked. */
  state: PushState | null;
  busy: boolean;
  enable(): Promise<void>;
}

const Ctx = createContext<PushContext | null>(null);

/** Shares the browser-notification state between the header button, the dialog and Profile. */
export function PushProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<PushState | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let status: PermissionStatus | undefined;
    const reread = () => void readPushState().then(setState, () => setState('unsupported'));
    reread();
    void refreshRegistration().catch(() => undefined);
    // The user can flip the permission in the browser's site settings while the portal is open.
    navigator.permissions
      ?.query({ name: 'notifications' })
      .then((s) => {
        status = s;
        s.addEventListener('change', reread);
      })
      .catch(() => undefined);
    return () => status?.removeEventListener('change', reread);
  }, []);

  const enable = useCallback(async () => {
    setBusy(true);
    try {
      const next = await enablePush();
      setState(next);
      if (next === 'enabled') {
        notifications.show({ color: 'green', title: i18n.t('nav.notifications'), message: i18n.t('notify.subscribed') });
      } else if (next === 'denied') {
        notifications.show({ color: 'red', title: i18n.t('nav.notifications'), message: i18n.t('notify.blocked') });
      }
    } catch (err) {
      notifications.show({ color: 'red', title: i18n.t('notify.enableFailed'), message: errorMessage(err) });
      setState(await readPushState().catch(() => 'unsupported' as const));
    } finally {
      setBusy(false);
    }
  }, []);

  return <Ctx.Provider value={{ state, busy, enable }}>{children}</Ctx.Provider>;
}

export function usePush(): PushContext {
  const ctx = useContext(Ctx);
  if (!ctx) throw new Error('usePush outside PushProvider');
  return ctx;
}
