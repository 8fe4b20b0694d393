import { newId } from '../ids.js';
import { newApiKey, sha256 } from '../security/tokens.js';
import type { CoreDeps } from './deps.js';

export class ApiKeysService {
  constructor(private readonly deps: CoreDeps) {}

  /** Creates a key; the plain value is returned once and only its hash is kept. */
  async create(name: string, plain = newApiKey()): Promise<{ id: string; key: string }> {
    const id = newId('key');
    await this.deps.db
      .insertInto('api_keys')
      .values({ id, name, key_hash: sha256(plain), prefix: plain.slice(0, 7), created_at: Date.now(), last_used_at: null })
      .onConflict((oc) => oc.column('key_hash').doNothing())
      .execute();
    return { id, key: plain };
  }

  async verify(plain: string): Promise<string | undefined> {
    const row = await this.deps.db.selectFrom('api_keys').select('id').where('key_hash', '=', sha256(plain)).executeTakeFirst();
    return row?.id;
  }

  async count(): Promise<number> {
    const r = await this.deps.db.selectFrom('api_keys').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
    return Number(r?.n ?? 0);
  }
}
