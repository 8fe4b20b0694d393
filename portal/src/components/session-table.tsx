import { Anchor, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useDirectory } from '../lib/directory';
import { shortId, when } from '../lib/labels';
import { linkHandler } from '../lib/router';
import type { Session } from '../lib/types';
import { usePhone } from '../lib/use-phone';
import { SessionCards } from './session-cards';
import { StatusBadge } from './status-badge';

interface Props {
  sessions: Session[];
  /** Renders an extra last column (e.g. "Take" in the workspace). */
  actions?: (s: Session) => React.ReactNode;
  /** Shown instead of the table when there are no sessions. */
  empty?: string;
}

/** Sessions as a table, or as cards at phone width. */
export function SessionTable({ sessions, actions, empty }: Props) {
  const { t } = useTranslation();
  const dir = useDirectory();
  const phone = usePhone();
  if (sessions.length === 0) {
    return empty ? (
      <Text c="dimmed" size="sm" py="md">
        {empty}
      </Text>
    ) : null;
  }
  if (phone) return <SessionCards sessions={sessions} actions={actions} />;
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table striped highlightOnHover verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('common.session')}</Table.Th>
            <Table.Th>{t('common.channel')}</Table.Th>
            <Table.Th>{t('common.status')}</Table.Th>
            <Table.Th>{t('common.agent')}</Table.Th>
            <Table.Th>{t('common.department')}</Table.Th>
            <Table.Th>{t('common.operator')}</Table.Th>
            <Table.Th>{t('common.started')}</Table.Th>
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
              <Table.Td>{t(`channel.${s.channel}`)}</Table.Td>
              <Table.Td>
                <StatusBadge kind="session" status={s.status} />
              </Table.Td>
              <Table.Td>{dir.name('agents', s.agentId)}</Table.Td>
              <Table.Td>{dir.name('departments', s.departmentId)}</Table.Td>
              <Table.Td>{dir.name('operators', s.assignedOperatorId)}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{when(s.createdAt)}</Table.Td>
              {actions && <Table.Td>{actions(s)}</Table.Td>}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
