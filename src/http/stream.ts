import { topics } from '../bus/bus.js';
import { ALL_ROLES } from '../core/principal.js';
import type { Services } from '../services.js';
import { guard, who } from './auth.js';
import { text } from './openapi.js';
import type { App } from './types.js';

// Proxies close idle connections after ~60 s; a comment line every 15 s keeps the stream open.
const HEARTBEAT_MS = 15_000;

/** Server-sent events for a customer (their sessions) or an operator (everything, plus the badge). */
export function streamRoutes(app: App, services: Pick<Services, 'bus' | 'sessions' | 'streams'>): void {
  app.get(
    '/api/stream',
    {
      schema: {
        tags: ['realtime'],
        summary: 'Server-sent events for a customer or an operator',
        description:
          'Events: `message.created`, `session.updated`, `notification` (customers and operators), `badge` and `delivery.updated` (operators), ' +
          '`session.read` (`{sessionId, reader: {type, id}, seq, readAt}`: someone read a session up to `seq`; a portal or app stops alerts for it). ' +
          'Each `data:` line is the JSON of the matching schema (Message, Session, Notification, Badge, Delivery). A comment line every 15 s keeps proxies from closing it.',
        operationId: 'openStream',
        response: { 200: text('text/event-stream', 'An endless stream of server-sent events.') },
      },
      preHandler: guard({ customer: true, roles: ALL_ROLES }),
    },
    async (req, reply) => {
      const p = who(req);
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      let counter = 0;
      // The topics are this workspace's (bus.ts): nothing of another workspace arrives here.
      const write = (message: unknown) => {
        const { type, data } = message as { type: string; data: unknown };
        res.write(`id: ${++counter}\nevent: ${type}\ndata: ${JSON.stringify(data)}\n\n`);
      };
      const unsubs: Array<() => void> = [];
      let release: () => void;
      if (p.kind === 'customer') {
        unsubs.push(services.bus.subscribe(topics.customer(p.customerId), write));
        release = services.bus.presence.connect('customer', p.customerId);
      } else {
        const operatorId = p.kind === 'operator' ? p.operatorId : '';
        unsubs.push(services.bus.subscribe(topics.operators, write));
        unsubs.push(services.bus.subscribe(topics.operator(operatorId), write));
        // The deliveries console, which every operator role may read, updates live.
        unsubs.push(services.bus.subscribe(topics.deliveries, write));
        release = services.bus.presence.connect('operator', operatorId);
        write({ type: 'badge', data: { activeConversations: await services.sessions.activeCount() } });
      }
      res.write(': connected\n\n');
      const heartbeat = setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS);
      const close = () => {
        clearInterval(heartbeat);
        for (const u of unsubs) u();
        release();
      };
      req.raw.on('close', close);
      services.streams.add(res);
      res.on('close', () => services.streams.delete(res));
    },
  );
}
