import { Button, Group, Modal, SegmentedControl, Select, Stack } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, errorMessage } from '../lib/api';
import { useDirectory } from '../lib/directory';
import type { Session } from '../lib/types';

/** Transfer a conversation to a department's queue or straight to one operator. */
export function TransferModal({ session, opened, onClose, onDone }: { session: Session; opened: boolean; onClose(): void; onDone(s: Session): void }) {
  const { t } = useTranslation();
  const dir = useDirectory();
  const [to, setTo] = useState<'department' | 'operator'>('department');
  const [target, setTarget] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const data =
    to === 'department'
      ? dir.departments.map((d) => ({ value: d.id, label: d.name }))
      : dir.operators.filter((o) => o.role !== 'viewer').map((o) => ({ value: o.id, label: `${o.name} (${o.email})` }));

  const submit = async () => {
    if (!target) return;
    setBusy(true);
    try {
      const body = to === 'department' ? { departmentId: target } : { operatorId: target };
      const s = await api<Session>('POST', `/api/sessions/${session.id}/transfer`, body);
      notifications.show({ color: 'green', message: t('transfer.done') });
      onDone(s);
      onClose();
    } catch (err) {
      notifications.show({ color: 'red', title: t('transfer.failed'), message: errorMessage(err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened={opened} onClose={onClose} title={t('transfer.title')}>
      <Stack>
        <SegmentedControl
          value={to}
          onChange={(v) => {
            setTo(v);
            setTarget(null);
          }}
          data={[
            { value: 'department', label: t('transfer.toDepartment') },
            { value: 'operator', label: t('transfer.toOperator') },
          ]}
        />
        <Select
          label={to === 'department' ? t('common.department') : t('common.operator')}
          placeholder={to === 'department' ? t('transfer.chooseDepartment') : t('common.chooseOperator')}
          data={data}
          value={target}
          onChange={setTarget}
          searchable
          nothingFoundMessage={t('common.nothingFound')}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button onClick={() => void submit()} disabled={!target} loading={busy}>
            {t('transfer.submit')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
