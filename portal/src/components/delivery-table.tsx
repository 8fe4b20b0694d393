import { Anchor, Table } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { reasonLabel } from '../lib/delivery-reason';
import { shortId, when } from '../lib/labels';
import { linkHandler } from '../lib/router';
import type { Delivery } from '../lib/types';
import { usePhone } from '../lib/use-phone';
import { DeliveryCards } from './delivery-cards';
import { DeliveryRowActions } from './delivery-row-actions';
import { StatusBadge } from './status-badge';

interface Props {
  items: Delivery[];
  onOpen(id: string): void;
  /** Absent when the operator's role may not retry. */
  onRetry?(id: string): void;
  /** "Why?" for the event behind a delivery; absent when the role may not ask. */
  onExplain?(eventId: string): void;
  retrying: string | null;
}

/** Deliveries as a table; Retry shows only where another attempt could turn out differently. */
export function DeliveryTable({ items, onOpen, onRetry, onExplain, retrying }: Props) {
  const { t } = useTranslation();
  const phone = usePhone();
  if (phone) return <DeliveryCards items={items} onOpen={onOpen} onRetry={onRetry} onExplain={onExplain} retrying={retrying} />;
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table striped highlightOnHover fz="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('deliveries.created')}</Table.Th>
            <Table.Th>{t('common.status')}</Table.Th>
            <Table.Th>{t('common.channel')}</Table.Th>
            <Table.Th>{t('deliveries.target')}</Table.Th>
            <Table.Th>{t('common.session')}</Table.Th>
            <Table.Th>{t('deliveries.attempts')}</Table.Th>
            <Table.Th>{t('deliveries.lastAnswer')}</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((d) => {
            return (
              <Table.Tr key={d.id} data-delivery-id={d.id}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <Anchor component="button" size="sm" onClick={() => onOpen(d.id)}>
                    {when(d.createdAt)}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  <StatusBadge kind="delivery" status={d.status} />
                </Table.Td>
                <Table.Td>{d.channel}</Table.Td>
                <Table.Td maw={260} style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }} title={d.target ?? ''}>
                  {d.target ?? '—'}
                </Table.Td>
                <Table.Td ff="monospace" style={{ whiteSpace: 'nowrap' }}>
                  {d.sessionId ? (
                    <Anchor href={`/sessions/${d.sessionId}`} onClick={linkHandler(`/sessions/${d.sessionId}`)} size="sm">
                      {shortId(d.sessionId)}
                    </Anchor>
                  ) : (
                    '—'
                  )}
                </Table.Td>
                <Table.Td>{d.attempts}</Table.Td>
                <Table.Td maw={320}>{d.lastStatusCode ?? d.lastError ?? (d.reason ? reasonLabel(t, d.reason) : '—')}</Table.Td>
                <Table.Td>
                  <DeliveryRowActions delivery={d} size="compact-xs" onOpen={onOpen} onRetry={onRetry} onExplain={onExplain} retrying={retrying} />
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
