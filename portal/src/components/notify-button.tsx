import { Button, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useMe } from '../lib/auth';
import { usePush } from '../lib/push-state';
import { can } from '../lib/roles';

/** The header button: shows the browser's notification state and, when possible, enables it. */
export function NotifyButton({ size = 'xs' }: { size?: 'xs' | 'sm' }) {
  const { t } = useTranslation();
  const me = useMe();
  const { state, busy, enable } = usePush();
  const allowed = can(me.role, 'editProfile');
  const s = state ?? 'default';
  // "enabled" stays clickable: it re-registers the subscription (harmless, and repairs a lost one).
  // "denied" cannot be undone from the page, only in the browser's site settings.
  const actionable = allowed && (s === 'default' || s === 'enabled');
  return (
    <Tooltip label={allowed ? t(`notify.hint.${s}`) : t('notify.roleMayNot')} withinPortal>
      {/* Tooltips need an enabled wrapper to show on a disabled button. */}
      <span>
        <Button
          size={size}
          variant={s === 'enabled' ? 'light' : s === 'denied' ? 'outline' : 'filled'}
          color={s === 'enabled' ? 'green' : s === 'denied' ? 'red' : 'blue'}
          disabled={!actionable || state === null}
          loading={busy}
          onClick={actionable ? () => void enable() : undefined}
          data-state={s}
          // Until the browser's notification state is known (the sign-in dialog waits for it too).
          aria-busy={state === null}
        >
          {t(`notify.label.${s}`)}
        </Button>
      </span>
    </Tooltip>
  );
}
