import type { TFunction } from 'i18next';

// The server records why a delivery was skipped in English; the common reasons read in the
// operator's language, anything else (provider errors, configuration hints) as the server wrote it.
const KNOWN = {
  'the recipient has no registered devices': 'reason.noDevices',
  'the participant replied': 'reason.participantReplied',
  'campaign cancelled': 'reason.campaignCancelled',
  'manual retry': 'reason.manualRetry',
  read: 'readState.reason.read',
  online: 'readState.reason.online',
  summarized: 'readState.reason.summarized',
  'quiet hours': 'readState.reason.quietHours',
} as const;

export function reasonLabel(t: TFunction, reason: string): string {
  return reason in KNOWN ? t(KNOWN[reason as keyof typeof KNOWN]) : reason;
}
