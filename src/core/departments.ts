import { HeraldError } from '../errors.js';
import { newId } from '../ids.js';
import type { Row } from '../store/schema.js';
import type { CoreDeps } from './deps.js';

export function departmentDto(d: Row<'departments'>) {
  return { id: d.id, name: d.name, createdAt: new Date(d.created_at).toISOString() };
}

export class DepartmentsService {
  constructor(private readonly deps: CoreDeps) {}

  async create(name: string): Promise<Row<'departments'>> {
    const { db } = this.deps;
    const exists = await db.selectFrom('departments').select('id').where('name', '=', name).executeTakeFirst();
    if (exists) throw new HeraldError('CONFLICT', `A department named "${name}" already exists.`);
    const row = { id: newId('dep'), name, created_at: Date.now() };
    await db.insertInto('departments').values(row).execute();
    return row;
  }

  list(): Promise<Array<Row<'departments'>>> {
    return this.deps.db.selectFrom('departments').selectAll().orderBy('name').execute();
  }
}
