import type { UserSummary } from '../api/context.js';
import type { Label } from '../definitions/definition.types.js';
import { createApiToken, listApiTokens, revokeApiToken, type ApiTokenSummary } from '../services/api-token.service.js';
import { login } from '../services/auth.service.js';
import { authorize } from '../authz/authorize.js';
import { createUser, setDepartmentManager, updateUser, type UserProfile } from '../services/auth-users.service.js';
import { actorOf, localized } from './auth.js';
import type { Builder } from './builder.js';
import { isServiceAccount, loadUser, toUserSummary } from './users.js';

interface DepartmentRow {
  readonly key: string;
  readonly label: Label;
  readonly parent: string | null;
  readonly manager: string | null;
}

/** Departments, roles, users, sign-in and API tokens. */
export function addOrganisation(builder: Builder) {
  const User = builder.objectRef<UserSummary>('User').implement({
    description: 'A person or a service account.',
    fields: (t) => ({
      id: t.exposeID('id'),
      username: t.exposeString('username'),
      displayName: t.exposeString('displayName'),
      department: t.string({ nullable: true, resolve: (u) => u.department }),
      roles: t.stringList({ resolve: (u) => [...u.roles] }),
      isAdmin: t.exposeBoolean('isAdmin'),
      active: t.exposeBoolean('active'),
      serviceAccount: t.boolean({
        description: 'A service account has no password and signs in with API tokens only.',
        resolve: (u, _, ctx) => isServiceAccount(ctx, u.id),
      }),
    }),
  });

  const Department = builder.objectRef<DepartmentRow>('Department').implement({
    description: 'A department of the organisation file.',
    fields: (t) => ({
      key: t.exposeString('key'),
      label: t.string({ args: { locale: t.arg.string() }, resolve: (d, args, ctx) => localized(d.label, args.locale, ctx)! }),
      parent: t.string({ nullable: true, resolve: (d) => d.parent }),
      manager: t.field({ type: User, nullable: true, resolve: (d, _, ctx) => loadUser(ctx, d.manager) }),
    }),
  });

  const Role = builder.objectRef<{ key: string; label: Label; description?: Label }>('Role').implement({
    description: 'A role of the organisation file.',
    fields: (t) => ({
      key: t.exposeString('key'),
      label: t.string({ args: { locale: t.arg.string() }, resolve: (r, args, ctx) => localized(r.label, args.locale, ctx)! }),
      description: t.string({ nullable: true, args: { locale: t.arg.string() }, resolve: (r, args, ctx) => localized(r.description, args.locale, ctx) }),
    }),
  });

  const AuthPayload = builder.objectRef<{ token: string; user: UserSummary; expiresAt: Date }>('AuthPayload').implement({
    fields: (t) => ({
      token: t.exposeString('token', { description: 'Send it as "Authorization: Bearer <token>".' }),
      user: t.field({ type: User, resolve: (p) => p.user }),
      expiresAt: t.field({ type: 'DateTime', resolve: (p) => p.expiresAt }),
    }),
  });

  const ApiTokenPayload = builder
    .objectRef<{ token: string; id: string; name: string; kind: string; prefix: string; expiresAt: Date | null }>('ApiTokenPayload')
    .implement({
      description: 'A new API token. The token is shown this once; only its hash is stored.',
      fields: (t) => ({
        token: t.exposeString('token'),
        id: t.exposeID('id'),
        name: t.exposeString('name'),
        kind: t.exposeString('kind'),
        prefix: t.exposeString('prefix'),
        expiresAt: t.field({ type: 'DateTime', nullable: true, resolve: (p) => p.expiresAt }),
      }),
    });

  const ApiToken = builder.objectRef<ApiTokenSummary>('ApiToken').implement({
    description: 'An API token as its owner sees it: never the token itself, only its first characters.',
    fields: (t) => ({
      id: t.exposeID('id'),
      name: t.exposeString('name'),
      kind: t.exposeString('kind', { description: '"personal" (a person\'s own) or "service" (of a service account).' }),
      prefix: t.exposeString('prefix', { description: 'The first characters of the token, to tell tokens apart.' }),
      user: t.field({ type: User, resolve: async (token, _, ctx) => (await loadUser(ctx, token.userId))! }),
      createdAt: t.field({ type: 'DateTime', resolve: (token) => token.createdAt }),
      expiresAt: t.field({ type: 'DateTime', nullable: true, resolve: (token) => token.expiresAt }),
      lastUsedAt: t.field({ type: 'DateTime', nullable: true, description: 'To the minute.', resolve: (token) => token.lastUsedAt }),
      revokedAt: t.field({ type: 'DateTime', nullable: true, resolve: (token) => token.revokedAt }),
    }),
  });

  const CreateUserInput = builder.inputType('CreateUserInput', {
    fields: (t) => ({
      username: t.string({ required: true }),
      password: t.string({ description: 'Leave out for a service account, which signs in with tokens only.' }),
      displayName: t.string({ required: true }),
      department: t.string(),
      roles: t.stringList(),
      isAdmin: t.boolean(),
    }),
  });

  const UpdateUserInput = builder.inputType('UpdateUserInput', {
    description: 'Fields left out stay as they are.',
    fields: (t) => ({
      displayName: t.string(),
      department: t.string({ description: 'null takes the user out of their department.' }),
      roles: t.stringList(),
      isAdmin: t.boolean(),
      active: t.boolean(),
      password: t.string(),
    }),
  });

  builder.queryFields((t) => ({
    users: t.field({
      type: [User],
      description: 'Every user; administrators only.',
      resolve: async (_, __, ctx) => {
        authorize(actorOf(ctx), 'users.manage');
        const rows = await ctx.db.em
          .fork()
          .getConnection()
          .execute<Record<string, unknown>[]>('select id, username, display_name, department_key, roles, is_admin, active from users order by username');
        return rows.map(toUserSummary);
      },
    }),
    me: t.field({ type: User, nullable: true, resolve: (_, __, ctx) => (ctx.auth ? loadUser(ctx, ctx.auth.actor.id) : null) }),
    departments: t.field({
      type: [Department],
      resolve: async (_, __, ctx) => {
        actorOf(ctx);
        const rows = await ctx.db.em
          .fork()
          .getConnection()
          .execute<Record<string, unknown>[]>('select key, label, parent_key, manager_id from departments order by position, key');
        return rows.map((r) => ({ key: String(r.key), label: r.label as Label, parent: (r.parent_key as string | null) ?? null, manager: (r.manager_id as string | null) ?? null }));
      },
    }),
    apiTokens: t.field({
      type: [ApiToken],
      description: "The caller's API tokens (not sign-in sessions), newest first, revoked ones included; administrators may name another user.",
      args: { user: t.arg.id({ description: "Administrators: whose tokens (a service account's, say)." }) },
      resolve: (_, args, ctx) => listApiTokens(ctx.db, actorOf(ctx), args.user ? { userId: String(args.user) } : {}),
    }),
    roles: t.field({
      type: [Role],
      resolve: (_, __, ctx) => {
        actorOf(ctx);
        return ctx.registry.organisation.roles.map((r) => ({ key: r.key, label: r.label, description: r.description }));
      },
    }),
  }));

  builder.mutationFields((t) => ({
    login: t.field({
      type: AuthPayload,
      args: { username: t.arg.string({ required: true }), password: t.arg.string({ required: true }) },
      resolve: async (_, args, ctx) => {
        const result = await login(ctx.db, args.username, args.password, ctx.now());
        return { token: result.token, user: fromProfile(result.user), expiresAt: result.expiresAt };
      },
    }),
    createUser: t.field({
      type: User,
      args: { input: t.arg({ type: CreateUserInput, required: true }) },
      resolve: async (_, { input }, ctx) => fromProfile(await createUser(ctx.db, actorOf(ctx), input)),
    }),
    updateUser: t.field({
      type: User,
      args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdateUserInput, required: true }) },
      resolve: async (_, { id, input }, ctx) => {
        const given = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
        return fromProfile(await updateUser(ctx.db, actorOf(ctx), String(id), given));
      },
    }),
    setDepartmentManager: t.field({
      type: Department,
      args: { department: t.arg.string({ required: true }), user: t.arg.id({ description: 'Leave out to clear the manager.' }) },
      resolve: async (_, args, ctx) => {
        await setDepartmentManager(ctx.db, actorOf(ctx), args.department, args.user ? String(args.user) : null);
        const [row] = await ctx.db.em
          .fork()
          .getConnection()
          .execute<Record<string, unknown>[]>('select key, label, parent_key, manager_id from departments where key = ?', [args.department]);
        return { key: String(row!.key), label: row!.label as Label, parent: (row!.parent_key as string | null) ?? null, manager: (row!.manager_id as string | null) ?? null };
      },
    }),
    createApiToken: t.field({
      type: ApiTokenPayload,
      args: {
        name: t.arg.string({ required: true }),
        user: t.arg.id({ description: 'Administrators: a service account to create the token for.' }),
        expiresInDays: t.arg.int({ description: 'Leave out for a token that does not expire.' }),
      },
      resolve: (_, args, ctx) =>
        createApiToken(ctx.db, actorOf(ctx), { name: args.name, userId: args.user ? String(args.user) : null, expiresInDays: args.expiresInDays }, ctx.now()),
    }),
    revokeApiToken: t.field({
      type: ApiToken,
      description: 'Stops a token from working at once. Your own tokens; administrators any. Revoking twice keeps the first time.',
      args: { id: t.arg.id({ required: true }) },
      resolve: (_, args, ctx) => revokeApiToken(ctx.db, actorOf(ctx), String(args.id), ctx.now()),
    }),
  }));

  return { User, Department };
}

function fromProfile(profile: UserProfile): UserSummary {
  return {
    id: profile.id,
    username: profile.username,
    displayName: profile.displayName,
    department: profile.department,
    roles: profile.roles,
    isAdmin: profile.isAdmin,
    active: profile.active,
  };
}
