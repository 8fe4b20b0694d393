/**
 * Authorization matrix: every route of the running app × server key, admin, manager, operator,
 * viewer, customer A, customer B and no credentials. EXPECTED has one row per route; a route added
 * without its row (or a row left for a removed route) fails the first test, so nobody ships a
 * route without saying who may call it.
 *
 * Letters: S server key, A admin, M manager, O operator, V viewer, C customer; "-" public.
 * A trailing "*" means the handler checks more (ownership, self-only): a caller the guard admits
 * may still get 403/404 there. Routes with an :id owned by customer A answer customer B 403/404.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeProtectedHeader } from 'jose';
import { TENANT_TABLES } from '../../src/store/tenant-tables.js';
import { asSystem, trustedWorkspaceId } from '../../src/store/workspace-scope.js';
import { backends } from '../helpers/backends.js';
import { EVERYONE, type QuietHerald, type Who, startQuietHerald } from '../helpers/quiet-herald.js';

const EXPECTED: Record<string, string> = {
  'GET /api/docs': '-',
  'GET /api/docs/static/index.html': '-',
  'GET /api/docs/static/swagger-initializer.js': '-',
  'GET /api/docs/json': '-',
  'GET /api/docs/yaml': '-',
  'GET /api/docs/static/*': '-',
  'GET /api/health': '-',
  'GET /api/ready': '-',
  'GET /metrics': '-',
  'POST /api/auth/login': '-',
  'POST /api/auth/logout': '-',
  'GET /api/auth/me': 'AMOV',
  'GET /api/auth/methods': '-',
  'GET /api/auth/oidc/start': '-',
  'GET /api/auth/oidc/callback': '-',
  'POST /api/auth/password-reset': '-',
  'POST /api/auth/password-reset/confirm': '-',
  'POST /api/invitations': 'SA',
  'GET /api/invitations': 'SA',
  'DELETE /api/invitations/:id': 'SA',
  'GET /api/invitations/lookup': '-',
  'POST /api/invitations/accept': '-',
  'GET /api/audit': 'SA',
  'POST /api/workspaces': 'A*',
  'GET /api/workspaces': 'SAMOV',
  'GET /api/workspaces/:id/identity-secret': 'SAMOV*',
  'GET /api/workspaces/:id/members': 'AMOV*',
  'POST /api/workspaces/:id/members': 'AMOV*',
  'PATCH /api/workspaces/:id/members/:operatorId': 'AMOV*',
  'DELETE /api/workspaces/:id/members/:operatorId': 'AMOV*',
  'PUT /api/customers/:id': 'SC*',
  'GET /api/customers/:id': 'SAMOVC*',
  'POST /api/customers/:id/token': 'S',
  'POST /api/departments': 'SA',
  'GET /api/departments': 'SAMOV',
  'POST /api/operators': 'SA',
  'GET /api/operators': 'SAMOV',
  'PATCH /api/operators/:id': 'SAMOV*',
  'POST /api/agents': 'SAM',
  'GET /api/agents': 'SAMOV',
  'GET /api/agents/:id': 'SAMOV',
  'PATCH /api/agents/:id': 'SAM',
  'DELETE /api/agents/:id': 'SAM',
  'POST /api/sessions': 'SC',
  'GET /api/sessions': 'SAMOVC',
  'GET /api/workspace/badge': 'SAMO',
  'GET /api/sessions/:id': 'SAMOVC*',
  'POST /api/sessions/:id/transfer': 'SAMO',
  'POST /api/sessions/:id/assign': 'SAMO',
  'POST /api/sessions/:id/resolve': 'SAMO',
  'POST /api/sessions/:id/messages': 'SAMOC*',
  'GET /api/sessions/:id/messages': 'SAMOVC*',
  'POST /api/sessions/:id/read': 'AMOVC*',
  'GET /api/settings/escalation': 'SAMOV',
  'PUT /api/settings/escalation': 'SAM',
  'GET /api/stream': 'AMOVC',
  'PUT /api/agents/:id/push-config': 'SAM',
  'GET /api/agents/:id/push-config': 'SAMOV',
  'DELETE /api/agents/:id/push-config': 'SAM',
  'GET /api/agents/:id/push-config/secret': 'SAM',
  'POST /api/agents/:id/push-config/rotate-secret': 'SAM',
  'POST /api/agents/:id/push-config/test': 'SAM',
  'GET /api/deliveries': 'SAMOV',
  'GET /api/deliveries/:id': 'SAMOV',
  'POST /api/deliveries/:id/retry': 'SAM',
  'GET /api/destinations': 'SAM',
  'GET /api/events/:id/explain': 'SAM',
  'GET /api/analytics/deliveries': 'SAMOV',
  'POST /api/devices/register': 'AMOC*',
  'POST /api/devices/unregister': 'AMOVC',
  'GET /api/devices': 'AMOVC',
  'GET /api/settings/notifications': 'AMOVC',
  'PUT /api/settings/notifications': 'AMOVC*',
  'POST /api/notifications': 'S',
  'GET /api/notifications/:id': 'SAMOVC*',
  'POST /api/notifications/:id/actions/:actionId': '-',
  'GET /api/push/vapid': 'SAMOC',
  'GET /api/settings/providers': 'SAMOV',
  'PUT /api/settings/providers/:name': 'SAM',
  'GET /api/settings/providers/smtp': 'SAMOV',
  'PUT /api/settings/providers/smtp': 'SAM',
  'GET /api/settings/providers/twilio': 'SAMOV',
  'PUT /api/settings/providers/twilio': 'SAM',
  'GET /api/settings/push': 'SAMOV',
  'PUT /api/settings/push': 'SAM',
  'GET /api/settings/email-templates': 'SAM',
  'GET /api/settings/email-templates/:name': 'SAM',
  'PUT /api/settings/email-templates/:name': 'SAM',
  'DELETE /api/settings/email-templates/:name': 'SAM',
  'POST /api/settings/email-templates/:name/preview': 'SAM',
  'GET /api/settings/email': 'SAM',
  'PUT /api/settings/email': 'SAM',
  'GET /api/settings/sms': 'SAM',
  'PUT /api/settings/sms': 'SAM',
  'POST /api/settings/email/test': 'SAM',
  'GET /api/settings/channels': 'SAM',
  'POST /webhooks/email/inbound': '-',
  'POST /api/campaigns': 'SAM',
  'GET /api/campaigns': 'SAMOV',
  'GET /api/campaigns/:id': 'SAMOV',
  'PATCH /api/campaigns/:id': 'SAM',
  'POST /api/campaigns/:id/start': 'SAM',
  'POST /api/campaigns/:id/pause': 'SAM',
  'POST /api/campaigns/:id/cancel': 'SAM',
  'POST /webhooks/intercom': '-',
  'POST /webhooks/twilio/sms': '-',
  'POST /webhooks/twilio/sms/:workspace': '-',
  'GET /*': '-',
};

const LETTER: Record<Who, string> = { server: 'S', admin: 'A', manager: 'M', operator: 'O', viewer: 'V', customerA: 'C', customerB: 'C', none: '' };
// Each run of the matrix, writes included, goes in this order: the most destructive callers last.
const ORDER: Who[] = ['none', 'customerB', 'viewer', 'operator', 'customerA', 'manager', 'admin', 'server'];

for (const backend of backends()) {
  describe(`authorization matrix on ${backend}`, () => {
    let q: QuietHerald;
    beforeAll(async () => {
      q = await startQuietHerald(backend);
    }, 60_000);
    afterAll(() => q.close());

    it('has exactly one row per route', () => {
      const actual = Object.fromEntries(
        q.herald.app.routeTable.map((r) => {
          const a = r.access;
          const letters = a ? `${a.server ? 'S' : ''}${(a.roles ?? []).map((x) => x[0]!.toUpperCase()).join('')}${a.customer ? 'C' : ''}` : '-';
          return [`${r.method} ${r.url}`, letters];
        }),
      );
      const expected = Object.fromEntries(Object.entries(EXPECTED).map(([k, v]) => [k, v.replace('*', '')]));
      expect(actual).toEqual(expected);
    });

    it("lets in exactly the callers each row names, and keeps customer B out of customer A's things", async () => {
      const idFor = (url: string, name: string): string => {
        if (name === 'name') return url.includes('providers') ? 'fcm' : 'operator_reply';
        if (name === 'actionId') return 'ack';
        if (name === 'operatorId') return q.ids.viewerId;
        if (url.startsWith('/api/sessions/')) return q.ids.sessionA;
        if (url.startsWith('/api/customers/')) return q.ids.customerA;
        if (url.startsWith('/api/notifications/')) return q.ids.notificationA;
        if (url.startsWith('/api/agents/')) return q.ids.agentId;
        if (url.startsWith('/api/operators/')) return q.ids.viewerId;
        return 'does-not-exist';
      };
      const failures: string[] = [];
      let cells = 0;
      for (const who of ORDER) {
        for (const [route, spec] of Object.entries(EXPECTED)) {
          const [method, url] = route.split(' ') as [string, string];
          const admitted = spec === '-' || (LETTER[who] !== '' && spec.includes(LETTER[who]));
          // A stream answers for ever once admitted; the SPA fallback and docs are files.
          // Logging out would end the cookie the next rows need; it is public and tried anonymously.
          if ((route === 'GET /api/stream' && admitted) || url.includes('*') || (route === 'POST /api/auth/logout' && who !== 'none')) continue;
          const path = url.replace(/:(\w+)/g, (_, n: string) => encodeURIComponent(idFor(url, n)));
          // Customer B posts a valid message into A's session: only the ownership check can stop it.
          const valid = who === 'customerB' && route === 'POST /api/sessions/:id/messages' ? { text: 'from B' } : {};
          const body = ['POST', 'PUT', 'PATCH', 'DELETE'].includes(method) ? valid : undefined;
          const res = await q.request(who, method, path, body);
          cells++;
          const cell = `${route} as ${who} → ${res.status} ${JSON.stringify(res.body)?.slice(0, 160)}`;
          if (res.status >= 500 && !(res.status === 503 && res.body?.error?.code === 'HERALD_NOT_CONFIGURED')) failures.push(`5xx: ${cell}`);
          if (!admitted) {
            const want = who === 'none' ? 401 : 403;
            if (res.status !== want) failures.push(`expected ${want}: ${cell}`);
          } else if (who === 'customerB' && /:id/.test(url) && spec !== '-') {
            // A body refused by the schema (400) says nothing about A; anything that worked would.
            const refused = method === 'GET' || Object.keys(valid).length ? [403, 404].includes(res.status) : res.status >= 400;
            if (!refused) failures.push(`customer B reached A's resource: ${cell}`);
          } else if (res.status === 401 || (res.status === 403 && !spec.endsWith('*') && spec !== '-')) {
            failures.push(`admitted caller refused: ${cell}`);
          }
        }
      }
      console.info(`authorization matrix ${backend}: ${Object.keys(EXPECTED).length} routes × ${EVERYONE.length} callers, ${cells} cells requested`);
      expect(failures).toEqual([]);
    }, 120_000);

    it("workspace axis: principals of another workspace neither read nor change anything of workspace default's", async () => {
      const { services } = q.herald;
      const db = services.store.db;
      // Workspace B, made as an instance admin would, with its own server key, admin and customer.
      const created = await q.request('admin', 'POST', '/api/workspaces', { name: 'Other business' });
      expect(created.status).toBe(201);
      const B = trustedWorkspaceId(created.body.id as string);
      const inB = { authorization: `Bearer ${created.body.apiKey}` };
      const opB = await q.request(
        'server',
        'POST',
        '/api/operators',
        { email: 'op@b.test', name: 'B op', role: 'admin', password: 'a long enough password' },
        inB,
      );
      expect(opB.status).toBe(201);
      const login = await q.herald.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'op@b.test', password: 'a long enough password' } });
      const cookieB = `herald_session=${login.cookies.find((c) => c.name === 'herald_session')!.value}`;
      // B's customer has the very sub of A's customer: customer ids are the app's, one key space
      // per workspace (migration 0015), so this is another customer, who must reach nothing of A's.
      const tokenB = (await q.request('server', 'POST', `/api/customers/${encodeURIComponent(q.ids.customerA)}/token`, {}, inB)).body.token as string;
      expect(decodeProtectedHeader(tokenB).kid).toBe(B);
      const intruders: Array<[string, Record<string, string>]> = [
        ['server key of B', inB],
        ['admin of B', { cookie: cookieB }],
        ['customer of B', { authorization: `Bearer ${tokenB}` }],
        // An operator of default only, claiming B (the admin who made B is a member of both).
        ['manager of default claiming B', { ...q.headers.manager, 'x-herald-workspace': B }],
      ];

      // Everything workspace default holds, row by row, before and after B's callers try everything.
      const snapshot = async () => {
        const out: Record<string, string> = {};
        for (const table of TENANT_TABLES) {
          const rows = await asSystem(() => db.selectFrom(table).selectAll().where('workspace_id', '=', 'default').execute());
          out[table] = JSON.stringify(rows.map((r) => JSON.stringify(r)).sort());
        }
        return out;
      };
      const before = await snapshot();
      // What must never show in an answer to B: ids and people of default (its admin made B and
      // is a member of both).
      const secretsOfA = [q.ids.agentId, q.ids.sessionA, q.ids.notificationA, q.ids.viewerId, 'viewer@example.test', 'manager@example.test'];
      const idFor = (url: string, name: string): string => {
        if (name === 'name') return url.includes('providers') ? 'fcm' : 'operator_reply';
        if (name === 'actionId') return 'ack';
        if (name === 'operatorId') return q.ids.viewerId;
        if (url.startsWith('/api/workspaces/')) return 'default';
        if (url.startsWith('/api/sessions/')) return q.ids.sessionA;
        if (url.startsWith('/api/customers/')) return q.ids.customerA;
        if (url.startsWith('/api/notifications/')) return q.ids.notificationA;
        if (url.startsWith('/api/agents/')) return q.ids.agentId;
        if (url.startsWith('/api/operators/')) return q.ids.viewerId;
        return 'does-not-exist';
      };
      // Bodies that would work on one's own resource: only the workspace can stop them.
      const VALID: Record<string, unknown> = {
        'PATCH /api/agents/:id': { name: 'taken over' },
        'PUT /api/agents/:id/push-config': { enabled: true, url: 'https://b.example/hook', headers: [], events: ['message.user'] },
        'POST /api/sessions/:id/messages': { text: 'from B' },
        'POST /api/sessions/:id/resolve': {},
        'POST /api/sessions/:id/read': { seq: 1 },
        'PATCH /api/operators/:id': { name: 'taken over' },
        'PUT /api/customers/:id': { name: 'taken over' },
        'POST /api/workspaces/:id/members': { email: 'op@b.test', role: 'admin' },
        'PATCH /api/workspaces/:id/members/:operatorId': { role: 'admin' },
      };
      const failures: string[] = [];
      let cells = 0;
      for (const [name, headers] of intruders) {
        for (const route of Object.keys(EXPECTED)) {
          const [method, url] = route.split(' ') as [string, string];
          if (route === 'GET /api/stream' || url.includes('*') || route === 'POST /api/auth/logout') continue;
          const path = url.replace(/:(\w+)/g, (_, n: string) => encodeURIComponent(idFor(url, n)));
          const body = ['POST', 'PUT', 'PATCH', 'DELETE'].includes(method) ? (VALID[route] ?? {}) : undefined;
          const res = await q.herald.app.inject({
            method: method as 'GET',
            url: path,
            headers: { ...headers, ...(body !== undefined && { 'content-type': 'application/json' }) },
            ...(body !== undefined && { payload: JSON.stringify(body) }),
          });
          cells++;
          const cell = `${route} as ${name} → ${res.statusCode} ${res.body.slice(0, 160)}`;
          if (res.statusCode >= 500 && !(res.statusCode === 503 && res.body.includes('HERALD_NOT_CONFIGURED'))) failures.push(`5xx: ${cell}`);
          // A resource of default, named by its id: nothing but a refusal. A customer id is the
          // app's, per workspace: B naming A's customer id names B's own customer (the snapshot
          // below shows A's is untouched).
          const ownKey = url.startsWith('/api/customers/:id');
          if (/:(id|name)\b/.test(url) && EXPECTED[route] !== '-' && !route.includes('/settings/') && !ownKey && res.statusCode < 400)
            failures.push(`reached default's resource: ${cell}`);
          if (res.statusCode < 300 && secretsOfA.some((x) => res.body.includes(x))) failures.push(`showed default's data: ${cell}`);
        }
      }
      console.info(
        `workspace axis ${backend}: ${Object.keys(EXPECTED).length} routes × ${intruders.length} principals of another workspace, ${cells} cells requested`,
      );
      expect(failures).toEqual([]);
      expect(await snapshot()).toEqual(before);
    }, 180_000);
  });
}
