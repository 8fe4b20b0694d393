import { Type } from 'typebox';
import { departmentDto } from '../core/departments.js';
import { ADMIN_ROLES, ALL_ROLES } from '../core/principal.js';
import { forbidden } from '../errors.js';
import type { Services } from '../services.js';
import { DEFAULT_WORKSPACE } from '../store/workspace-scope.js';
import { guard, who } from './auth.js';
import { errors, ok } from './openapi.js';
import { CreateOperatorBody, Id, IdParams, Nullable, Password, QuietHoursBody, Role, Strict } from './schemas.js';
import type { App } from './types.js';

const Profile = Strict({ soundAlerts: Type.Optional(Type.Boolean()), soundLoop: Type.Optional(Type.Boolean()) });

/** Departments and operators: admins and the server key manage them; every operator can read. */
export function peopleRoutes(app: App, services: Pick<Services, 'departments' | 'hooks' | 'invitations' | 'operators' | 'workspaces'>): void {
  const admin = guard({ server: true, roles: ADMIN_ROLES });
  const readers = guard({ server: true, roles: ALL_ROLES });

  app.post(
    '/api/departments',
    {
      schema: {
        tags: ['operators'],
        summary: 'Create a department',
        operationId: 'createDepartment',
        body: Strict({ name: Type.String({ minLength: 1, maxLength: 200 }) }),
        response: { 201: ok('Department', 'Created.'), ...errors(409) },
      },
      preHandler: admin,
    },
    async (req, reply) => reply.status(201).send(departmentDto(await services.departments.create(req.body.name))),
  );
  app.get(
    '/api/departments',
    {
      schema: { tags: ['operators'], summary: 'List departments', operationId: 'listDepartments', response: { 200: ok('DepartmentList') } },
      preHandler: readers,
    },
    async () => ({
      items: (await services.departments.list()).map(departmentDto),
    }),
  );

  app.post(
    '/api/operators',
    {
      schema: {
        tags: ['operators'],
        summary: 'Create an operator',
        description:
          'A member of the workspace the request acts in, with `role`. An email that already has an operator: 409 when they are a member here, or of a ' +
          'workspace you administer (add them with `POST /api/workspaces/{id}/members`). Anyone else is invited to this workspace instead (their account, ' +
          'name and password stay theirs; they join when they accept) and the answer is the one a new operator gets: it does not tell whether the email ' +
          'works for another business.',
        operationId: 'createOperator',
        response: { 201: ok('Operator', 'Created.'), ...errors(409, 422) },
        body: CreateOperatorBody,
      },
      preHandler: admin,
    },
    async (req, reply) => {
      const p = who(req);
      const input = req.body as Parameters<Services['operators']['create']>[0];
      const callerId = p.kind === 'operator' ? p.operatorId : undefined;
      const op = await services.operators.createOrInvite(input, callerId, (email, role) => services.invitations.create({ email, role }));
      return reply.status(201).send(op);
    },
  );
  app.get(
    '/api/operators',
    {
      schema: { tags: ['operators'], summary: 'List operators', operationId: 'listOperators', response: { 200: ok('OperatorList') } },
      preHandler: readers,
    },
    async () => ({ items: await services.operators.list() }),
  );

  app.patch(
    '/api/operators/:id',
    {
      schema: {
        tags: ['operators'],
        summary: 'Update an operator (non-admins: only their own profile settings, time zone and quiet hours)',
        description:
          "`role` and `departmentIds` are the operator's in the workspace the request acts in. `name`, `password` and `disabled` are theirs in every workspace: " +
          'someone else may change them only as an admin of every workspace the operator belongs to (otherwise 403).',
        operationId: 'updateOperator',
        response: { 200: ok('Operator'), ...errors(400, 403, 404, 409, 422) },
        params: IdParams,
        body: Strict({
          name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
          role: Type.Optional(Role),
          password: Type.Optional(Password),
          departmentIds: Type.Optional(Type.Array(Id, { maxItems: 100 })),
          disabled: Type.Optional(Type.Boolean()),
          profile: Type.Optional(Profile),
          timezone: Type.Optional(Nullable(Type.String({ maxLength: 64, description: 'IANA time zone, e.g. "Europe/Berlin".' }))),
          quietHours: Type.Optional(Nullable(QuietHoursBody)),
        }),
      },
      preHandler: guard({ server: true, roles: ALL_ROLES }),
    },
    async (req) => {
      const p = who(req);
      // Non-admins may change only their own profile; viewers may not change profile settings at all.
      if (p.kind === 'operator' && p.role !== 'admin') {
        const onlyProfile = Object.keys(req.body).every((k) => k === 'profile' || k === 'timezone' || k === 'quietHours');
        if (p.operatorId !== req.params.id || !onlyProfile) throw forbidden('You may change only your own profile settings.');
        if (p.role === 'viewer') throw forbidden('The viewer role may not change profile settings.');
      }
      // Name, password and disabled are the operator's in every workspace they work in.
      const everywhere = ['name', 'password', 'disabled'].some((k) => k in req.body);
      if (everywhere && !(p.kind === 'operator' && p.operatorId === req.params.id)) {
        await services.operators.get(req.params.id); // 404 first: someone not in this workspace
        const caller = p.kind === 'operator' ? { operatorId: p.operatorId } : { workspace: req.workspaceId ?? DEFAULT_WORKSPACE };
        if (!(await services.workspaces.governs(caller, req.params.id)))
          throw forbidden(
            'This operator also works in a workspace you do not administer: only they may change their name or password, and only an admin of all their workspaces may disable them.',
          );
      }
      const op = await services.operators.update(req.params.id, req.body);
      if (req.body.quietHours !== undefined) services.hooks.quietHoursChanged(req.body.quietHours !== null);
      return op;
    },
  );
}
