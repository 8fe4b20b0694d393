import { Button, Group, Modal, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../lib/auth';
import { usePush } from '../lib/push-state';
import { can } from '../lib/roles';

// Asking once is the promise: once closed, the dialog never returns in this browser.
const SEEN_KEY = 'herald.enableNotificationsPrompted';

/** At sign-in, offers browser notifications when the browser has not been asked yet. */
export function EnableNotificationsDialog() {
  const { t } = useTranslation();
  const me = useMe();
  const { state, enable } = usePush();
  const [opened, setOpened] = useState(false);

  useEffect(() => {
    if (!can(me.role, 'editProfile') || state === null) return;
    if (typeof Notification === 'undefined' || Notification.permission !== 'default') return;
    if (localStorage.getItem(SEEN_KEY)) return;
    setOpened(true);
  }, [me.role, state]);

  const close = () => {
    localStorage.setItem(SEEN_KEY, new Date().toISOString());
    setOpened(false);
  };

  return (
    <Modal opened={opened} onClose={close} title={t('notify.label.default')} centered>
      <Text size="sm" mb="lg">
        {t('notify.dialogText')}
      </Text>
      <Group justify="flex-end">
        <Button variant="default" onClick={close}>
          {t('notify.notNow')}
        </Button>
        <Button
          onClick={() => {
            close();
            void enable();
          }}
        >
          {t('notify.allow')}
        </Button>
      </Group>
    </Modal>
  );
}
