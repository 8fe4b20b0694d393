import { Button, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { retryAction } from '../lib/delivery-actions';
import type { Delivery } from '../lib/types';

interface Props {
  delivery: Delivery;
  size: 'compact-xs' | 'compact-sm';
  onOpen(id: string): void;
  onRetry?(id: string): void;
  onExplain?(eventId: string): void;
  retrying: string | null;
}

/** Details, Why? and Retry/Redeliver for one delivery: the same buttons in the table and on a phone's cards. */
export function DeliveryRowActions({ delivery: d, size, onOpen, onRetry, onExplain, retrying }: Props) {
  const { t } = useTranslation();
  const action = onRetry ? retryAction(d) : null;
  return (
    <Group gap={4} wrap="nowrap">
      <Button size={size} variant="default" onClick={() => onOpen(d.id)}>
        {t('deliveries.details')}
      </Button>
      {onExplain && d.eventId && (
        <Button size={size} variant="subtle" onClick={() => onExplain(d.eventId!)}>
          {t('explain.why')}
        </Button>
      )}
      {action && onRetry && (
        <Button size={size} variant="light" loading={retrying === d.id} onClick={() => onRetry(d.id)}>
          {t(`deliveries.${action}`)}
        </Button>
      )}
    </Group>
  );
}
