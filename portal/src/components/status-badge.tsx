import { Badge, type BadgeProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { CAMPAIGN_STATUS_COLOR } from '../lib/campaign-draft';
import { DELIVERY_STATUS_COLOR, SESSION_STATUS_COLOR } from '../lib/labels';
import type { CampaignStatus, DeliveryStatus, SessionStatus } from '../lib/types';

type Props = Omit<BadgeProps, 'children' | 'color'> &
  ({ kind: 'session'; status: SessionStatus } | { kind: 'delivery'; status: DeliveryStatus } | { kind: 'campaign'; status: CampaignStatus });

/** A status pill: its translated label in its status colour (the theme keeps badges from being clipped). */
export function StatusBadge({ kind, status, ...rest }: Props) {
  const { t } = useTranslation();
  const color = kind === 'session' ? SESSION_STATUS_COLOR[status] : kind === 'delivery' ? DELIVERY_STATUS_COLOR[status] : CAMPAIGN_STATUS_COLOR[status];
  const label = kind === 'session' ? t(`status.session.${status}`) : kind === 'delivery' ? t(`status.delivery.${status}`) : t(`status.campaign.${status}`);
  return (
    <Badge color={color} variant="light" data-status={status} {...rest}>
      {label}
    </Badge>
  );
}
