import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';

describe('logger', () => {
  it('redacts credentials wherever they appear in a log line', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const log = createLogger('info', sink);
    log.info({ req: { headers: { authorization: 'Bearer hk_live_secret', cookie: 'herald_session=abc', 'x-hub-signature': 'sha1=f00' } } }, 'request');
    log.info({ body: { password: 'hunter2', token: 'fcm-token', signingSecret: 'whsec_x' } }, 'body');
    log.info({ config: { headers: [{ name: 'Authorization', value: 'Bearer customer-secret' }] } }, 'config');
    const out = lines.join('');
    for (const secret of ['hk_live_secret', 'herald_session=abc', 'sha1=f00', 'hunter2', 'fcm-token', 'whsec_x', 'customer-secret']) {
      expect(out).not.toContain(secret);
    }
    expect(out).toContain('[redacted]');
  });
});
