import { Button, Tooltip } from '@mantine/core';
import { useMe } from '../lib/auth';
import { usePush } from '../lib/push-state';
import { can } from '../lib/roles';

const LABELS = {
  default: 'Enable notifications',
  enabled: 'Notifications enabled',
  denied: 'Notifications blocked',
  unsupported: 'Notifications unavailable',
} as const;

const HINTS = {
  default: 'Get a browser notification when a session is assigned to you or a customer writes.',
  enabled: 'This browser receives your notifications.',
  denied: "Notifications are blocked for this site in the browser's settings; allow them there.",
  unsupported: 'This browser cannot receive push notifications.',
} as const;

/** The header button: shows the browser's notification state and, when possible, enables it. */
export function NotifyButton({ size = 'xs' }: { size?: 'xs' | 'sm' }) {
  const me = useMe();
  const { state, busy, enable } = usePush();
  const allowed = can(me.role, 'editProfile');
  const s = state ?? 'default';
  // "enabled" stays clickable: it re-registers the subscription (harmless, and repairs a lost one).
  // "denied" cannot be undone from the page, only in the browser's site settings.
  const actionable = allowed && (s === 'default' || s === 'enabled');
  return (
    <Tooltip label={allowed ? HINTS[s] : 'Your role may not change profile settings.'} withinPortal>
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
        >
          {LABELS[s]}
        </Button>
      </span>
    </Tooltip>
  );
}
