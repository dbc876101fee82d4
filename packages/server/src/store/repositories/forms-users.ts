import type { Kysely, Selectable } from 'kysely';
import type {
  FormRecord,
  FormRecordRepository,
  Role,
  UserChange,
  UserRecord,
  UserRepository,
} from '../port.ts';
import type { Database, FormRecordsTable, UsersTable } from '../tables.ts';
import { changed, type RepositoryContext } from './context.ts';
import { asJsonObject } from './small.ts';

/** Saved form records, listed newest first with keyset pagination. */
export function createFormRecordRepository(ctx: RepositoryContext): FormRecordRepository {
  const toRecord = (row: Selectable<FormRecordsTable>): FormRecord => ({
    id: row.id,
    formId: row.form_id,
    formVersion: row.form_version,
    data: asJsonObject(ctx.codec.read(row.data)),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    createdBy: row.created_by,
  });
  const get = async (id: string) => {
    const row = await ctx.db.selectFrom('form_records').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : toRecord(row);
  };
  return {
    async create(record) {
      await ctx.db
        .insertInto('form_records')
        .values({
          id: record.id,
          form_id: record.formId,
          form_version: record.formVersion,
          data: ctx.codec.write(record.data),
          created_at: record.createdAt,
          updated_at: record.updatedAt,
          created_by: record.createdBy,
        })
        .execute();
    },
    async update(id, data, now) {
      await ctx.db
        .updateTable('form_records')
        .set({ data: ctx.codec.write(data), updated_at: now })
        .where('id', '=', id)
        .execute();
      return get(id);
    },
    get,
    async list(formId, options) {
      let query = ctx.db.selectFrom('form_records').selectAll().where('form_id', '=', formId);
      if (options.before !== undefined) {
        const anchor = await ctx.db
          .selectFrom('form_records')
          .select('created_at')
          .where('id', '=', options.before)
          .executeTakeFirst();
        if (anchor === undefined) return [];
        const at = anchor.created_at;
        const before = options.before;
        query = query.where((eb) =>
          eb.or([eb('created_at', '<', at), eb.and([eb('created_at', '=', at), eb('id', '<', before)])]),
        );
      }
      const rows = await query
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(options.limit ?? 100)
        .execute();
      return rows.map(toRecord);
    },
  };
}

/** Users and hashed API tokens. */
export function createUserRepository(ctx: RepositoryContext): UserRepository {
  const toUser = (row: Selectable<UsersTable>): UserRecord => ({
    id: row.id,
    username: row.username,
    passwordHash: row.password_hash,
    role: row.role as Role,
    createdAt: row.created_at,
  });
  return {
    async create(user) {
      await ctx.db
        .insertInto('users')
        .values({
          id: user.id,
          username: user.username,
          password_hash: user.passwordHash,
          role: user.role,
          created_at: user.createdAt,
        })
        .execute();
    },
    async byUsername(username) {
      const row = await ctx.db
        .selectFrom('users')
        .selectAll()
        .where('username', '=', username)
        .executeTakeFirst();
      return row === undefined ? undefined : toUser(row);
    },
    async count() {
      const row = await ctx.db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
    async putToken(input) {
      await ctx.db
        .insertInto('api_tokens')
        .values({
          token_hash: input.tokenHash,
          user_id: input.userId,
          name: input.name,
          created_at: input.createdAt,
          expires_at: input.expiresAt,
        })
        .execute();
    },
    async byToken(tokenHash, now) {
      const row = await ctx.db
        .selectFrom('api_tokens')
        .innerJoin('users', 'users.id', 'api_tokens.user_id')
        .selectAll('users')
        .where('api_tokens.token_hash', '=', tokenHash)
        .where((eb) =>
          eb.or([eb('api_tokens.expires_at', 'is', null), eb('api_tokens.expires_at', '>', now)]),
        )
        .executeTakeFirst();
      return row === undefined ? undefined : toUser(row);
    },
    async deleteToken(tokenHash) {
      await ctx.db.deleteFrom('api_tokens').where('token_hash', '=', tokenHash).execute();
    },
    async list() {
      const rows = await ctx.db
        .selectFrom('users')
        .leftJoin(
          (eb) =>
            eb
              .selectFrom('api_tokens')
              .select((t) => ['user_id', t.fn.max('created_at').as('signed_in_at')])
              .where('name', '=', LOGIN_TOKEN)
              .groupBy('user_id')
              .as('t'),
          (join) => join.onRef('t.user_id', '=', 'users.id'),
        )
        .select(['users.id', 'users.username', 'users.role', 'users.created_at', 't.signed_in_at'])
        .orderBy('users.username')
        .execute();
      return rows.map((row) => ({
        id: row.id,
        username: row.username,
        role: row.role as Role,
        createdAt: row.created_at,
        lastSignInAt: row.signed_in_at === null ? null : Number(row.signed_in_at),
      }));
    },
    async get(id) {
      const row = await ctx.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
      return row === undefined ? undefined : toUser(row);
    },
    update(id, patch) {
      const demotes = patch.role !== undefined && patch.role !== 'admin';
      return guardedChange(ctx, id, demotes, async (db) => {
        const set = {
          ...(patch.role === undefined ? {} : { role: patch.role }),
          ...(patch.passwordHash === undefined ? {} : { password_hash: patch.passwordHash }),
        };
        if (Object.keys(set).length > 0)
          await db.updateTable('users').set(set).where('id', '=', id).execute();
      });
    },
    delete(id) {
      return guardedChange(ctx, id, true, async (db) => {
        await db.deleteFrom('api_tokens').where('user_id', '=', id).execute();
        await db.deleteFrom('users').where('id', '=', id).execute();
      });
    },
    async deleteTokensOf(userId) {
      return changed(await ctx.db.deleteFrom('api_tokens').where('user_id', '=', userId).executeTakeFirst());
    },
  };
}

/** The name `POST /auth/login` and setup give their tokens (what `list` reads as the last sign-in). */
const LOGIN_TOKEN = 'login';

/**
 * Runs a change of user `id` atomically with the last-admin guard: when the change takes the admin role
 * away (`losesAdmin`) from the only admin, nothing happens. PostgreSQL locks the admin rows first, so two
 * admins demoting each other at once can't both pass the check (SQLite transactions are serial already).
 */
function guardedChange(
  ctx: RepositoryContext,
  id: string,
  losesAdmin: boolean,
  work: (db: Kysely<Database>) => Promise<void>,
): Promise<UserChange> {
  return ctx.atomic(async (db) => {
    if (losesAdmin) {
      const admins = db.selectFrom('users').select('id').where('role', '=', 'admin');
      await (ctx.dialect === 'postgres' ? admins.forUpdate() : admins).execute();
    }
    const row = await db.selectFrom('users').select('role').where('id', '=', id).executeTakeFirst();
    if (row === undefined) return 'notFound';
    if (losesAdmin && row.role === 'admin') {
      const others = await db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('role', '=', 'admin')
        .where('id', '<>', id)
        .executeTakeFirstOrThrow();
      if (Number(others.n) === 0) return 'lastAdmin';
    }
    await work(db);
    return 'done';
  });
}
