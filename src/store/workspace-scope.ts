/**
 * The workspace scope of the store (docs/workspaces.md): every query that touches a tenant table
 * is rewritten to stay inside the workspace the current request or engine task acts in, so a
 * route, a service or a stage cannot forget the filter.
 *
 * The scope travels in the work's async context (work-context.ts, shared with the audit actor): the auth hook sets it from the
 * authenticated principal, the engine from the row it works on (`withWorkspace`); cross-workspace
 * machinery says so with `asSystem`. A tenant-table query with no scope at all is refused when
 * the plugin is built with `missingScope: 'refuse'`.
 */
import {
  AliasNode,
  BinaryOperationNode,
  ColumnNode,
  type DeleteQueryNode,
  IdentifierNode,
  type InsertQueryNode,
  JoinNode,
  type KyselyPlugin,
  OnConflictNode,
  type OperationNode,
  OperationNodeTransformer,
  OperatorNode,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  PrimitiveValueListNode,
  RawNode,
  type QueryResult,
  QueryNode,
  ReferenceNode,
  type RootOperationNode,
  SelectQueryNode,
  SelectionNode,
  TableNode,
  type UnknownRow,
  type UpdateQueryNode,
  ValueListNode,
  ValueNode,
  ValuesNode,
} from 'kysely';
import { currentContext, runWith } from '../work-context.js';
import { TENANT_TABLES, isTenantTable } from './tenant-tables.js';

declare const brand: unique symbol;
/**
 * A workspace id that came from something verified: a principal's key, token or membership, or
 * a row the engine read. Request input (a header, a body) never becomes one without that check.
 */
export type WorkspaceId = string & { readonly [brand]: 'WorkspaceId' };

/** The workspace every deployment from before workspaces lives in (migration 0014). */
export const DEFAULT_WORKSPACE = 'default' as WorkspaceId;

/** A workspace id read from a database row (its `workspace_id` column) or a verified membership. */
export function trustedWorkspaceId(id: string): WorkspaceId {
  return id as WorkspaceId;
}

type Scope = { kind: 'workspace'; id: WorkspaceId } | { kind: 'system' };
const SYSTEM: Scope = { kind: 'system' };
const scopeNow = (): Scope | undefined => currentContext()?.scope as Scope | undefined;

/**
 * The workspace a row belongs to: its `workspace_id`, or `default` for a row that does not say
 * (one built in memory, or read from a table before migration 0014 gave it the column).
 */
export function workspaceOfRow(row: { workspace_id?: string | null }): WorkspaceId {
  return trustedWorkspaceId(row.workspace_id ?? DEFAULT_WORKSPACE);
}

/** Runs fn with every tenant-table query confined to workspace `id`. */
export function withWorkspace<T>(id: WorkspaceId, fn: () => T): T {
  return runWith({ scope: workspaceScope(id) }, fn);
}

/** The scope of workspace `id`, for code that enters it together with other context (runWith). */
export function workspaceScope(id: WorkspaceId): Scope {
  return { kind: 'workspace', id };
}

/**
 * Runs fn across workspaces: the engine's claims and results, retention, bootstrap, migrations.
 * Inserts into tenant tables must then name their workspace themselves.
 */
export function asSystem<T>(fn: () => T): T {
  return runWith({ scope: SYSTEM }, fn);
}

/** Whether the current work runs in a workspace or in system mode (false: outside any scope). */
export function inAnyScope(): boolean {
  return scopeNow() !== undefined;
}

/** The workspace the current work acts in (undefined in system mode or outside any scope). */
export function currentWorkspace(): WorkspaceId | undefined {
  const s = scopeNow();
  return s?.kind === 'workspace' ? s.id : undefined;
}

/** Thrown when a query would leave its workspace: a bug, never a user error. */
export class WorkspaceScopeError extends Error {
  override name = 'WorkspaceScopeError';
}

export interface WorkspaceScopeOptions {
  /**
   * What a tenant-table query with no scope at all does: `refuse` (throw), or `allow` (run it
   * unscoped, as before workspaces; only while the wiring is incomplete).
   */
  missingScope: 'refuse' | 'allow';
}

const COLUMN = 'workspace_id';

/** The Kysely plugin: install it on the one Kysely handle (`new Kysely({ plugins: [...] })`). */
export class WorkspaceScopePlugin implements KyselyPlugin {
  constructor(private readonly opts: WorkspaceScopeOptions) {}

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    const scope = scopeNow();
    const node = args.node;
    if (scope?.kind === 'system') {
      new SystemCheck().transformNode(node);
      return node;
    }
    if (!scope) {
      if (this.opts.missingScope === 'allow') return node;
      const touched = new TenantTablesTouched();
      touched.transformNode(node);
      if (touched.tables.size > 0) {
        throw new WorkspaceScopeError(`A query on ${[...touched.tables].join(', ')} ran outside any workspace scope.`);
      }
      if (RawNode.is(node) && mentionsTenantTable(node)) throw new WorkspaceScopeError('A raw SQL query on tenant tables ran outside any workspace scope.');
      return node;
    }
    if (RawNode.is(node) && mentionsTenantTable(node)) {
      throw new WorkspaceScopeError(
        'A raw SQL query on tenant tables cannot run in a workspace scope (its tables cannot be scoped): name the workspace in it and run it with asSystem.',
      );
    }
    return new Scoper(scope.id).transformNode(node);
  }

  transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return Promise.resolve(args.result);
  }
}

const TENANT_WORD = new RegExp(`\\b(${TENANT_TABLES.join('|')})\\b`, 'i');

/**
 * Whether a precompiled statement (store/raw-sql.ts) may run in a workspace scope: it touches no
 * tenant table, or it names `workspace_id` itself (the scope cannot rewrite SQL text), or on
 * SQLite the column that stores it (`workspace_own`, migration 0018).
 */
export function statementFitsScope(text: string): boolean {
  return !TENANT_WORD.test(text) || /\bworkspace_(id|own)\b/.test(text);
}

/** Whether a precompiled statement touches a tenant table (then it needs a scope to run in). */
export function statementNeedsScope(text: string): boolean {
  return TENANT_WORD.test(text);
}

/** Whether the text of a raw query names a tenant table (`select 1` does not). */
function mentionsTenantTable(node: RawNode): boolean {
  return node.sqlFragments.some((f) => TENANT_WORD.test(f)) || node.parameters.some((p) => RawNode.is(p) && mentionsTenantTable(p));
}

/** The tenant table a FROM/JOIN item names, and the name it is referred to by (its alias). */
function tenantRef(item: OperationNode): { table: string; ref: string } | undefined {
  let table: OperationNode = item;
  let alias: string | undefined;
  if (AliasNode.is(item)) {
    table = item.node;
    if (item.alias.kind === 'IdentifierNode') alias = (item.alias as { name: string } & OperationNode).name;
  }
  if (!TableNode.is(table) || table.table.schema) return undefined;
  const name = table.table.identifier.name;
  return isTenantTable(name) ? { table: name, ref: alias ?? name } : undefined;
}

function sameWorkspace(ref: string, ws: WorkspaceId): OperationNode {
  return BinaryOperationNode.create(ReferenceNode.create(ColumnNode.create(COLUMN), TableNode.create(ref)), OperatorNode.create('='), ValueNode.create(ws));
}

function setsWorkspace(updates: ReadonlyArray<{ column: { column: { name: string } } }> | undefined): boolean {
  return (updates ?? []).some((u) => u.column.column.name === COLUMN);
}

/** Adds the workspace to every tenant table a query reads, changes or inserts into. */
class Scoper extends OperationNodeTransformer {
  constructor(private readonly ws: WorkspaceId) {
    super();
  }

  protected override transformSelectQuery(node: SelectQueryNode, queryId?: Parameters<OperationNodeTransformer['transformNode']>[1]): SelectQueryNode {
    let out = super.transformSelectQuery(node, queryId);
    for (const item of out.from?.froms ?? []) {
      const t = tenantRef(item);
      if (t) out = QueryNode.cloneWithWhere(out, sameWorkspace(t.ref, this.ws));
    }
    return this.scopeJoins(out);
  }

  protected override transformUpdateQuery(node: UpdateQueryNode, queryId?: Parameters<OperationNodeTransformer['transformNode']>[1]): UpdateQueryNode {
    let out = super.transformUpdateQuery(node, queryId);
    if (setsWorkspace(out.updates as never)) throw new WorkspaceScopeError('A row cannot be moved to another workspace.');
    const items = [...(out.table ? [out.table] : []), ...(out.from?.froms ?? [])];
    // UPDATE t1, t2 (MySQL form) comes as a ListNode; Herald's queries never use it.
    for (const item of items) {
      const t = tenantRef(item);
      if (t) out = QueryNode.cloneWithWhere(out, sameWorkspace(t.ref, this.ws));
    }
    return this.scopeJoins(out);
  }

  protected override transformDeleteQuery(node: DeleteQueryNode, queryId?: Parameters<OperationNodeTransformer['transformNode']>[1]): DeleteQueryNode {
    let out = super.transformDeleteQuery(node, queryId);
    for (const item of [...out.from.froms, ...(out.using?.tables ?? [])]) {
      const t = tenantRef(item);
      if (t) out = QueryNode.cloneWithWhere(out, sameWorkspace(t.ref, this.ws));
    }
    return this.scopeJoins(out);
  }

  protected override transformInsertQuery(node: InsertQueryNode, queryId?: Parameters<OperationNodeTransformer['transformNode']>[1]): InsertQueryNode {
    const out = super.transformInsertQuery(node, queryId);
    const t = out.into ? tenantRef(out.into) : undefined;
    if (!t) return out;
    let onConflict = out.onConflict;
    if (onConflict) {
      if (setsWorkspace(onConflict.updates as never)) throw new WorkspaceScopeError('A row cannot be moved to another workspace.');
      // An upsert whose key matches another workspace's row must not change that row.
      if (onConflict.updates) onConflict = OnConflictNode.cloneWithUpdateWhere(onConflict, sameWorkspace(t.ref, this.ws));
    }
    const columns = out.columns ?? [];
    const at = columns.findIndex((c) => c.column.name === COLUMN);
    if (at >= 0) {
      checkGivenWorkspace(out.values, at, this.ws);
      return { ...out, onConflict };
    }
    if (!out.values) throw new WorkspaceScopeError(`An insert into ${t.table} without values cannot be scoped.`);
    return { ...out, columns: [...columns, ColumnNode.create(COLUMN)], values: appendValue(out.values, this.ws), onConflict };
  }

  private scopeJoins<T extends SelectQueryNode | UpdateQueryNode | DeleteQueryNode>(node: T): T {
    if (!node.joins?.length) return node;
    // Into the ON clause, not WHERE: a LEFT JOIN must stay a left join.
    const joins = node.joins.map((j) => {
      const t = tenantRef(j.table);
      if (!t) return j;
      return j.on ? JoinNode.cloneWithOn(j, sameWorkspace(t.ref, this.ws)) : JoinNode.createWithOn(j.joinType, j.table, sameWorkspace(t.ref, this.ws));
    });
    return { ...node, joins };
  }
}

function appendValue(values: OperationNode, ws: WorkspaceId): OperationNode {
  if (ValuesNode.is(values)) {
    return ValuesNode.create(
      values.values.map((row) =>
        PrimitiveValueListNode.is(row) ? PrimitiveValueListNode.create([...row.values, ws]) : ValueListNode.create([...row.values, ValueNode.create(ws)]),
      ),
    );
  }
  if (SelectQueryNode.is(values))
    return SelectQueryNode.cloneWithSelections(values, [SelectionNode.create(AliasNode.create(ValueNode.create(ws), IdentifierNode.create(COLUMN)))]);
  throw new WorkspaceScopeError(`An insert whose values are a ${values.kind} cannot be scoped.`);
}

/** An insert that names its workspace must name the scope's. */
function checkGivenWorkspace(values: OperationNode | undefined, at: number, ws: WorkspaceId): void {
  if (!values || !ValuesNode.is(values)) throw new WorkspaceScopeError('An insert that names its workspace must give plain values.');
  for (const row of values.values) {
    const v: unknown = PrimitiveValueListNode.is(row) ? row.values[at] : ValueNode.is(row.values[at]!) ? row.values[at].value : undefined;
    if (v !== ws) throw new WorkspaceScopeError('An insert named another workspace than the one it runs in.');
  }
}

/** Collects the tenant tables a query touches, to refuse it when it runs with no scope. */
class TenantTablesTouched extends OperationNodeTransformer {
  readonly tables = new Set<string>();
  protected override transformTable(node: TableNode, queryId?: Parameters<OperationNodeTransformer['transformNode']>[1]): TableNode {
    if (!node.table.schema && isTenantTable(node.table.identifier.name)) this.tables.add(node.table.identifier.name);
    return super.transformTable(node, queryId);
  }
}

/** System mode: inserts into tenant tables must carry their workspace (never the column default). */
class SystemCheck extends OperationNodeTransformer {
  protected override transformInsertQuery(node: InsertQueryNode, queryId?: Parameters<OperationNodeTransformer['transformNode']>[1]): InsertQueryNode {
    const t = node.into ? tenantRef(node.into) : undefined;
    if (t && !(node.columns ?? []).some((c) => c.column.name === COLUMN)) {
      throw new WorkspaceScopeError(`An insert into ${t.table} in system mode must name its workspace.`);
    }
    return super.transformInsertQuery(node, queryId);
  }
}
