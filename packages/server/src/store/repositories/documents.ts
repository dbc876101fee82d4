import { createHash } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { DocumentKind } from '../../definitions/document.ts';
import { QiaoError } from '../../errors/index.ts';
import { canonicalJson, type JsonObject } from '../../json.ts';
import type { DocumentHead, DocumentRepository, DocumentVersion } from '../port.ts';
import type { Database, DocumentsTable, DocumentVersionsTable } from '../tables.ts';
import type { RepositoryContext } from './context.ts';

function hashDefinition(definition: JsonObject): string {
  return createHash('sha256').update(canonicalJson(definition)).digest('hex');
}

function toVersion(ctx: RepositoryContext, row: Selectable<DocumentVersionsTable>): DocumentVersion {
  return {
    kind: row.kind as DocumentKind,
    id: row.id,
    version: row.version,
    definition: ctx.codec.read(row.definition) as JsonObject,
    source: row.source,
    createdAt: row.created_at,
    createdBy: row.created_by,
  };
}

function toHead(row: Selectable<DocumentsTable>): DocumentHead {
  return {
    kind: row.kind as DocumentKind,
    id: row.id,
    currentVersion: row.current_version,
    enabled: row.enabled === 1,
    updatedAt: row.updated_at,
  };
}

/** Reads the head row; on PostgreSQL locks it so concurrent puts of one document queue up. */
function lockHead(ctx: RepositoryContext, db: Kysely<Database>, kind: string, id: string) {
  const query = db.selectFrom('documents').selectAll().where('kind', '=', kind).where('id', '=', id);
  return (ctx.dialect === 'postgres' ? query.forUpdate() : query).executeTakeFirst();
}

async function getVersion(
  ctx: RepositoryContext,
  db: Kysely<Database>,
  kind: string,
  id: string,
  version: number,
) {
  const row = await db
    .selectFrom('document_versions')
    .selectAll()
    .where('kind', '=', kind)
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return row === undefined ? undefined : toVersion(ctx, row);
}

interface NewVersion {
  kind: DocumentKind;
  id: string;
  definition: JsonObject;
  source: string | null;
  createdBy: string | null;
  now: number;
}

/** Inserts the next version and points the head at it. */
async function appendVersion(
  ctx: RepositoryContext,
  db: Kysely<Database>,
  input: NewVersion,
  head: Selectable<DocumentsTable> | undefined,
): Promise<DocumentVersion> {
  const version = (head?.current_version ?? 0) + 1;
  const { kind, id, now } = input;
  await db
    .insertInto('document_versions')
    .values({
      kind,
      id,
      version,
      definition: ctx.codec.write(input.definition),
      definition_hash: hashDefinition(input.definition),
      source: input.source,
      created_at: now,
      created_by: input.createdBy,
    })
    .execute();
  if (head === undefined) {
    await db
      .insertInto('documents')
      .values({ kind, id, current_version: version, enabled: 1, updated_at: now })
      .execute();
  } else {
    await db
      .updateTable('documents')
      .set({ current_version: version, updated_at: now })
      .where('kind', '=', kind)
      .where('id', '=', id)
      .execute();
  }
  return {
    kind,
    id,
    version,
    definition: input.definition,
    source: input.source,
    createdAt: now,
    createdBy: input.createdBy,
  };
}

/** The document repository: versions are immutable; the head points at the current one. */
export function createDocumentRepository(ctx: RepositoryContext): DocumentRepository {
  return {
    put: (input) =>
      ctx.atomic(async (db) => {
        const hash = hashDefinition(input.definition);
        const head = await lockHead(ctx, db, input.kind, input.id);
        if (head !== undefined) {
          const current = await db
            .selectFrom('document_versions')
            .select(['definition_hash', 'source'])
            .where('kind', '=', input.kind)
            .where('id', '=', input.id)
            .where('version', '=', head.current_version)
            .executeTakeFirst();
          if (current?.definition_hash === hash) {
            // The same definition in new text (comments, layout): the text is refreshed in place —
            // a version is a definition, and runs pinned to it behave the same.
            const source = input.source ?? null;
            if (source !== null && source !== current.source) {
              await db
                .updateTable('document_versions')
                .set({ source })
                .where('kind', '=', input.kind)
                .where('id', '=', input.id)
                .where('version', '=', head.current_version)
                .execute();
            }
            return (await getVersion(ctx, db, input.kind, input.id, head.current_version))!;
          }
        }
        const full = { ...input, source: input.source ?? null, createdBy: input.createdBy ?? null };
        return appendVersion(ctx, db, full, head);
      }),
    async get(kind, id, version) {
      if (version !== undefined) return getVersion(ctx, ctx.db, kind, id, version);
      const head = await ctx.db
        .selectFrom('documents')
        .select('current_version')
        .where('kind', '=', kind)
        .where('id', '=', id)
        .executeTakeFirst();
      return head === undefined ? undefined : getVersion(ctx, ctx.db, kind, id, head.current_version);
    },
    async head(kind, id) {
      const row = await ctx.db
        .selectFrom('documents')
        .selectAll()
        .where('kind', '=', kind)
        .where('id', '=', id)
        .executeTakeFirst();
      return row === undefined ? undefined : toHead(row);
    },
    async list(kind) {
      let query = ctx.db.selectFrom('documents').selectAll().orderBy('kind').orderBy('id');
      if (kind !== undefined) query = query.where('kind', '=', kind);
      return (await query.execute()).map(toHead);
    },
    async versions(kind, id) {
      const rows = await ctx.db
        .selectFrom('document_versions')
        .selectAll()
        .where('kind', '=', kind)
        .where('id', '=', id)
        .orderBy('version')
        .execute();
      return rows.map((row) => toVersion(ctx, row));
    },
    async setEnabled(kind, id, enabled, now) {
      await ctx.db
        .updateTable('documents')
        .set({ enabled: enabled ? 1 : 0, updated_at: now })
        .where('kind', '=', kind)
        .where('id', '=', id)
        .execute();
    },
    rollback: (kind, id, version, now) =>
      ctx.atomic(async (db) => {
        const head = await lockHead(ctx, db, kind, id);
        const target = await getVersion(ctx, db, kind, id, version);
        if (head === undefined || target === undefined) {
          throw new QiaoError(
            'NOT_FOUND',
            `${kind} ${id} 没有版本 ${version} / no version ${version} of ${kind} ${id}`,
          );
        }
        if (head.current_version === version) return target;
        const input = {
          kind,
          id,
          definition: target.definition,
          source: target.source,
          createdBy: target.createdBy,
          now,
        };
        return appendVersion(ctx, db, input, head);
      }),
    delete: (kind, id) =>
      ctx.atomic(async (db) => {
        await db.deleteFrom('document_versions').where('kind', '=', kind).where('id', '=', id).execute();
        const result = await db
          .deleteFrom('documents')
          .where('kind', '=', kind)
          .where('id', '=', id)
          .executeTakeFirst();
        return result.numDeletedRows > 0n;
      }),
  };
}
