import { Anchor, Badge, Table, Text } from '@mantine/core';
import { useDirectory } from '../lib/directory';
import { SESSION_STATUS_COLOR, channelLabel, shortId, when } from '../lib/labels';
import { linkHandler } from '../lib/router';
import type { Session } from '../lib/types';

/** Sessions as a table; `actions` renders an extra last column (e.g. "Take" in the workspace). */
export function SessionTable({ sessions, actions, empty }: { sessions: Session[]; actions?: (s: Session) => React.ReactNode; empty: string }) {
  const dir = useDirectory();
  if (sessions.length === 0) {
    return (
      <Text c="dimmed" size="sm" py="md">
        {empty}
      </Text>
    );
  }
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table striped highlightOnHover verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Session</Table.Th>
            <Table.Th>Channel</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Agent</Table.Th>
            <Table.Th>Department</Table.Th>
            <Table.Th>Operator</Table.Th>
            <Table.Th>Started</Table.Th>
            {actions && <Table.Th />}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {sessions.map((s) => (
            <Table.Tr key={s.id} data-session-id={s.id}>
              <Table.Td>
                <Anchor href={`/sessions/${s.id}`} onClick={linkHandler(`/sessions/${s.id}`)} ff="monospace" size="sm">
                  {shortId(s.id)}
                </Anchor>
              </Table.Td>
              <Table.Td>{channelLabel(s.channel)}</Table.Td>
              <Table.Td>
                <Badge variant="light" color={SESSION_STATUS_COLOR[s.status]}>
                  {s.status}
                </Badge>
              </Table.Td>
              <Table.Td>{dir.name('agents', s.agentId)}</Table.Td>
              <Table.Td>{dir.name('departments', s.departmentId)}</Table.Td>
              <Table.Td>{dir.name('operators', s.assignedOperatorId)}</Table.Td>
              <Table.Td>{when(s.createdAt)}</Table.Td>
              {actions && <Table.Td>{actions(s)}</Table.Td>}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
