import { Badge, Group, Stack, Table, Text } from '@mantine/core';
import { PUSH_EVENTS } from '../lib/push-config-draft';
import type { PushConfig, PushConfigInput } from '../lib/types';

/** The configuration as it is (or will be) saved; secret values never leave the server, so they show masked. */
export function PushConfigSummary({ config }: { config: PushConfig | PushConfigInput }) {
  return (
    <Stack gap="xs" data-testid="push-config-summary">
      <Group gap="xs">
        <Badge color={config.enabled ? 'green' : 'gray'}>{config.enabled ? 'Enabled' : 'Disabled'}</Badge>
        {'disabledReason' in config && config.disabledReason && <Badge color="red">{config.disabledReason}</Badge>}
        <Text size="sm" ff="monospace" style={{ wordBreak: 'break-all' }}>
          {config.url}
        </Text>
      </Group>
      <Group gap={4}>
        {config.events.map((e) => (
          <Badge key={e} variant="light" size="sm">
            {PUSH_EVENTS.find((x) => x.value === e)?.label ?? e}
          </Badge>
        ))}
      </Group>
      {config.headers.length > 0 && (
        <Table withTableBorder verticalSpacing={4} fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Header</Table.Th>
              <Table.Th>Value</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {config.headers.map((h) => (
              <Table.Tr key={h.name}>
                <Table.Td ff="monospace">{h.name}</Table.Td>
                <Table.Td ff="monospace" data-secret={h.secret || undefined}>
                  {h.secret ? (h.value === null ? '••••••••' : '•••••••• (unsaved)') : h.value}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
