import { Button, Group, Modal, SegmentedControl, Select, Stack } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { api, errorMessage } from '../lib/api';
import { useDirectory } from '../lib/directory';
import type { Session } from '../lib/types';

/** Transfer a conversation to a department's queue or straight to one operator. */
export function TransferModal({ session, opened, onClose, onDone }: { session: Session; opened: boolean; onClose(): void; onDone(s: Session): void }) {
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
      notifications.show({ color: 'green', message: 'Conversation transferred.' });
      onDone(s);
      onClose();
    } catch (err) {
      notifications.show({ color: 'red', title: 'Transfer failed', message: errorMessage(err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened={opened} onClose={onClose} title="Transfer conversation">
      <Stack>
        <SegmentedControl
          value={to}
          onChange={(v) => {
            setTo(v as typeof to);
            setTarget(null);
          }}
          data={[
            { value: 'department', label: 'To a department' },
            { value: 'operator', label: 'To an operator' },
          ]}
        />
        <Select
          label={to === 'department' ? 'Department' : 'Operator'}
          placeholder={to === 'department' ? 'Choose a department' : 'Choose an operator'}
          data={data}
          value={target}
          onChange={setTarget}
          searchable
          nothingFoundMessage="Nothing found"
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={() => void submit()} disabled={!target} loading={busy}>
            Transfer
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
