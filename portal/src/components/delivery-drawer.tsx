import { Badge, Button, Code, Drawer, Group, ScrollArea, Stack, Table, Text, Title } from '@mantine/core';
import { DELIVERY_STATUS_COLOR, when } from '../lib/labels';
import type { DeliveryDetail } from '../lib/types';

interface Props {
  detail: DeliveryDetail | null;
  opened: boolean;
  onClose(): void;
  onRetry?(): void;
  retrying: boolean;
}

/** One delivery: what was sent, and every attempt with the provider's answer. */
export function DeliveryDrawer({ detail, opened, onClose, onRetry, retrying }: Props) {
  return (
    <Drawer opened={opened} onClose={onClose} position="right" size="xl" title="Delivery">
      {!detail ? (
        <Text c="dimmed">Loading…</Text>
      ) : (
        <Stack>
          <Group justify="space-between">
            <Group gap="xs">
              <Badge color={DELIVERY_STATUS_COLOR[detail.status]}>{detail.status}</Badge>
              <Badge variant="outline">{detail.channel}</Badge>
              <Text size="sm" ff="monospace">
                {detail.id}
              </Text>
            </Group>
            {onRetry && detail.status !== 'delivered' && detail.status !== 'sending' && (
              <Button size="xs" onClick={onRetry} loading={retrying}>
                Retry
              </Button>
            )}
          </Group>
          <Text size="sm">
            Target: <Code>{detail.target ?? '—'}</Code>
          </Text>
          {detail.reason && <Text size="sm">Reason: {detail.reason}</Text>}
          <Title order={5}>Attempts</Title>
          {detail.attemptLog.length === 0 ? (
            <Text size="sm" c="dimmed">
              No attempt yet.
            </Text>
          ) : (
            <Table withTableBorder fz="sm" verticalSpacing={4}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>#</Table.Th>
                  <Table.Th>Time</Table.Th>
                  <Table.Th>Result</Table.Th>
                  <Table.Th>Code</Table.Th>
                  <Table.Th>Latency</Table.Th>
                  <Table.Th>Error / answer</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {detail.attemptLog.map((a) => (
                  <Table.Tr key={a.attempt}>
                    <Table.Td>{a.attempt}</Table.Td>
                    <Table.Td>{when(a.at)}</Table.Td>
                    <Table.Td>
                      <Badge size="sm" color={a.ok ? 'green' : 'red'}>
                        {a.ok ? 'ok' : 'failed'}
                      </Badge>
                    </Table.Td>
                    <Table.Td>{a.statusCode ?? '—'}</Table.Td>
                    <Table.Td>{a.latencyMs === null ? '—' : `${a.latencyMs} ms`}</Table.Td>
                    <Table.Td>
                      {a.error && <Text size="xs" c="red">{a.error}</Text>}
                      {a.response && (
                        <Code block fz="xs" style={{ whiteSpace: 'pre-wrap', maxHeight: 120, overflow: 'auto' }}>
                          {a.response}
                        </Code>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
          <Title order={5}>Payload</Title>
          <ScrollArea.Autosize mah={320}>
            <Code block>{JSON.stringify(detail.payload, null, 2)}</Code>
          </ScrollArea.Autosize>
        </Stack>
      )}
    </Drawer>
  );
}
