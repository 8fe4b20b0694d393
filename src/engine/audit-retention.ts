/**
 * Audit-log retention (HERALD_AUDIT_RETENTION_DAYS, 365): entries older than that are purged once
 * an hour in worker processes (the hourly slot in job_slots makes it one purge per cluster);
 * 0 keeps them for ever.
 */
import type { Logger } from 'pino';
import { claimSlot } from '../channels/email-sms/digest-scheduler.js';
import type { HeraldModule } from '../channels/module.js';
import type { Services } from '../services.js';

const HOUR_MS = 3600_000;
export const AUDIT_RETENTION_JOB = 'audit.purge';

export function auditRetentionModule(s: Pick<Services, 'audit' | 'config' | 'store'>, log: Logger): HeraldModule {
  const days = s.config.auditRetentionDays;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  const tick = () => {
    if (running) return;
    const now = Date.now();
    running = (async () => {
      if (!(await claimSlot(s.store.db, AUDIT_RETENTION_JOB, Math.floor(now / HOUR_MS), now))) return;
      const n = await s.audit.purge(now - days * 24 * HOUR_MS);
      if (n) log.info({ purged: n, auditRetentionDays: days }, `audit log: purged ${n} entries older than ${days} days`);
    })()
      .catch((err) => log.error({ err }, 'audit-log purge failed; retrying at the next check'))
      .finally(() => {
        running = undefined;
      });
  };
  return {
    name: 'audit-retention',
    start() {
      if (days === 0) return;
      tick();
      timer = setInterval(tick, 5 * 60_000);
      timer.unref();
    },
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
