import { ActionIcon, Button, Checkbox, Divider, Group, Modal, PasswordInput, Select, Stack, Switch, Text, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import { type ConfigDraft, type HeaderDraft, PUSH_EVENTS, newHeader, validate } from '../lib/push-config-draft';
import type { PushEvent } from '../lib/types';

interface Props {
  opened: boolean;
  initial: ConfigDraft;
  onClose(): void;
  /** Save in the window keeps the draft on the page; the page's Save sends it. */
  onSave(draft: ConfigDraft): void;
}

export function PushConfigModal({ opened, initial, onClose, onSave }: Props) {
  const [d, setD] = useState<ConfigDraft>(initial);
  const [tried, setTried] = useState(false);
  useEffect(() => {
    if (opened) {
      setD(initial);
      setTried(false);
    }
  }, [opened, initial]);

  const errors = tried ? validate(d) : {};
  const setHeader = (i: number, patch: Partial<HeaderDraft>) =>
    setD((x) => ({ ...x, headers: x.headers.map((h, j) => (j === i ? { ...h, ...patch } : h)) }));

  const save = () => {
    setTried(true);
    if (Object.keys(validate(d)).length === 0) onSave(d);
  };

  return (
    <Modal opened={opened} onClose={onClose} title="Push Notification Configuration" size="lg">
      <Stack>
        <Switch label="Enabled" checked={d.enabled} onChange={(e) => setD({ ...d, enabled: e.currentTarget.checked })} />
        <TextInput
          label="URL"
          description="Herald POSTs each selected event here as JSON, signed with Standard Webhooks headers."
          placeholder="https://example.com/herald-events"
          value={d.url}
          onChange={(e) => setD({ ...d, url: e.currentTarget.value })}
          error={errors.url}
          required
        />
        <Divider label="Headers" labelPosition="left" />
        {d.headers.length === 0 && (
          <Text size="sm" c="dimmed">
            No extra headers. Add one for the receiver's authentication, e.g. Authorization.
          </Text>
        )}
        {d.headers.map((h, i) => (
          <Group key={h.key} align="start" wrap="nowrap" data-testid="header-row">
            <TextInput
              aria-label="Header name"
              placeholder="Name"
              value={h.name}
              onChange={(e) => setHeader(i, { name: e.currentTarget.value })}
              error={errors[`header.${i}`]}
              flex={1}
            />
            {h.secret ? (
              <PasswordInput
                aria-label="Header value"
                placeholder={h.stored ? 'Stored secret — leave empty to keep' : 'Value'}
                value={h.value}
                onChange={(e) => setHeader(i, { value: e.currentTarget.value })}
                flex={1}
              />
            ) : (
              <TextInput aria-label="Header value" placeholder="Value" value={h.value} onChange={(e) => setHeader(i, { value: e.currentTarget.value })} flex={1} />
            )}
            <Checkbox
              label="Secret"
              mt={8}
              checked={h.secret}
              // Un-marking a stored secret would need its value, which we never had: start it empty.
              onChange={(e) => setHeader(i, { secret: e.currentTarget.checked, ...(h.stored && { stored: false, value: '' }) })}
            />
            <ActionIcon
              variant="subtle"
              color="red"
              mt={4}
              aria-label="Remove header"
              onClick={() => setD((x) => ({ ...x, headers: x.headers.filter((_, j) => j !== i) }))}
            >
              ✕
            </ActionIcon>
          </Group>
        ))}
        <Group>
          <Button variant="light" size="xs" onClick={() => setD((x) => ({ ...x, headers: [...x.headers, newHeader()] }))}>
            Add Header
          </Button>
        </Group>
        <Divider label="Events" labelPosition="left" />
        <Checkbox.Group value={d.events} onChange={(v) => setD({ ...d, events: v as PushEvent[] })} error={errors.events}>
          <Stack gap="xs">
            {PUSH_EVENTS.map((e) => (
              <Checkbox key={e.value} value={e.value} label={e.label} description={e.value} />
            ))}
          </Stack>
        </Checkbox.Group>
        <Select
          label="When the receiver fails"
          data={[
            { value: 'standard', label: 'Retry with backoff (5 s … 10 h)' },
            { value: 'none', label: 'Single attempt, no retry' },
          ]}
          value={d.retry}
          onChange={(v) => v && setD({ ...d, retry: v as ConfigDraft['retry'] })}
          allowDeselect={false}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={save}>Save</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
