import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, migratedStore } from '../../test/helpers/backends.js';
import type { Store } from './db.js';
import { DEFAULT_WORKSPACE, withWorkspace } from './workspace-scope.js';

/** The contract is about the SQL engines, in the workspace every single-business deployment lives in. */
const inDefault = <T>(fn: () => Promise<T>) => withWorkspace(DEFAULT_WORKSPACE, fn);

for (const backend of backends()) {
  describe(`store on ${backend}`, () => {
    let store: Store;
    let close: () => Promise<void>;

    beforeAll(async () => {
      ({ store, close } = await migratedStore(backend, 'store'));
    });
    afterAll(() => close());

    it('applies migrations once; a second run has nothing to do', async () => {
      expect(await store.migrate()).toEqual([]);
    });

    it('returns epoch-millisecond timestamps and 0/1 booleans as numbers on both engines', () =>
      inDefault(async () => {
        const now = Date.now();
        await store.db.insertInto('agents').values({ id: 'agt_types', name: 'Types', created_at: now, updated_at: now }).execute();
        await store.db
          .insertInto('push_configs')
          .values({
            agent_id: 'agt_types',
            enabled: 1,
            url: 'https://example.com/hook',
            headers: '[{"name":"X-A","value":"ü","secret":false}]',
            events: '["message.user"]',
            retry: 'standard',
            signing_secret: 'sealed',
            previous_secret: null,
            previous_expires_at: null,
            disabled_reason: null,
            created_at: now,
            updated_at: now,
          })
          .execute();
        const row = await store.db.selectFrom('push_configs').selectAll().where('agent_id', '=', 'agt_types').executeTakeFirstOrThrow();
        expect(row.created_at).toBe(now);
        expect(row.enabled).toBe(1);
        expect(JSON.parse(row.headers)[0].value).toBe('ü');
        const count = await store.db
          .selectFrom('agents')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow();
        expect(Number(count.n)).toBeGreaterThanOrEqual(1);
      }));

    it('refuses a duplicate unique key and rolls back a failed transaction whole', () =>
      inDefault(async () => {
        const now = Date.now();
        await expect(
          store.db.transaction().execute(async (tx) => {
            await tx.insertInto('departments').values({ id: 'dep_a', name: 'Billing', created_at: now }).execute();
            await tx.insertInto('departments').values({ id: 'dep_b', name: 'Billing', created_at: now }).execute();
          }),
        ).rejects.toThrow();
        const rows = await store.db.selectFrom('departments').selectAll().where('name', '=', 'Billing').execute();
        expect(rows).toEqual([]);
      }));

    it('upserts with ON CONFLICT DO NOTHING and reports RETURNING rows', () =>
      inDefault(async () => {
        const now = Date.now();
        const insert = () =>
          store.db
            .insertInto('departments')
            .values({ id: 'dep_1', name: 'Returns', created_at: now })
            .onConflict((oc) => oc.column('id').doNothing())
            .execute();
        await insert();
        await insert();
        const updated = await store.db.updateTable('departments').set({ name: 'Refunds' }).where('id', '=', 'dep_1').returning(['id', 'name']).execute();
        expect(updated).toEqual([{ id: 'dep_1', name: 'Refunds' }]);
      }));
  });
}
