import type { Delivery } from './types';

/**
 * Which retry a delivery offers, if any. The server accepts a retry for anything not delivered or
 * in flight, but most of those would only repeat the same outcome: a push to a customer with no
 * registered devices, a campaign step skipped because the participant replied. Only failures and
 * skips caused by missing configuration (fixable since) are worth another attempt; a delivery
 * already waiting for its next attempt may be moved up.
 */
export type RetryAction = 'retry' | 'retryNow' | null;

const FIXABLE_SKIP = /not configured|no sender for channel/i;

export function retryAction(d: Pick<Delivery, 'status' | 'reason'>): RetryAction {
  switch (d.status) {
    case 'failed':
      return 'retry';
    case 'retrying':
      return 'retryNow';
    case 'skipped':
      return d.reason && FIXABLE_SKIP.test(d.reason) ? 'retry' : null;
    default:
      return null;
  }
}
