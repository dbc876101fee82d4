import { z } from '@hono/zod-openapi';
import type { DocumentKind, Locate } from '../../definitions/index.ts';
import { bilingual, QiaoError } from '../../errors/index.ts';
import type { ApiDeps } from '../api-deps.ts';
import {
  applyDefinition,
  fitToPath,
  invalidDefinition,
  isTextBody,
  readTextBody,
} from '../definition-body.ts';
import { KIND_PATHS, presentHead, presentVersion } from '../definition-views.ts';
import { jsonDiff } from '../json-diff.ts';
import {
  AnyObject,
  type ApiApp,
  addRoute,
  ERROR_RESPONSES,
  found,
  IdParam,
  input,
  jsonBody,
  jsonResponse,
  queryInt,
  TOO_LARGE_RESPONSE,
} from '../route-kit.ts';
import { inUse } from './definition-in-use.ts';

/** `?version=` of a definition read. */
export const VersionQuery = z.object({ version: queryInt(1, Number.MAX_SAFE_INTEGER) });
const DiffQuery = z.object({
  from: z.coerce.number().int().min(1),
  to: queryInt(1, Number.MAX_SAFE_INTEGER),
});
const RollbackBody = z.object({ version: z.number().int().min(1) }).strict();
const DeleteQuery = z.object({
  force: z
    .enum(['true', 'false', '1', '0'])
    .optional()
    .openapi({ description: 'delete even while other definitions use it (they then fail when they run)' }),
});
/** A stored definition's version as the API shows it. */
export const DefinitionView = z
  .object({
    kind: z.string(),
    id: z.string(),
    version: z.number(),
    enabled: z.boolean(),
    definition: AnyObject,
    source: z.string().nullable(),
  })
  .openapi('DefinitionVersion');
const HeadView = z
  .object({
    id: z.string(),
    kind: z.string(),
    name: z.string().nullable(),
    version: z.number(),
    enabled: z.boolean(),
    updatedAt: z.number(),
  })
  .openapi('DefinitionHead');

/**
 * The body of a definition PUT (and of a sync preview): a JSON document, or YAML/JSON text under the
 * text types `isTextBody` reads. Only the declared types get past the media-type check (else 415).
 */
export function definitionContent(textDescription: string) {
  const text = { schema: z.string().openapi({ description: textDescription }) };
  return {
    'application/json': { schema: AnyObject },
    'application/yaml': text,
    'text/yaml': text,
    'text/plain': text,
  };
}

interface KindRoute {
  kind: DocumentKind;
  base: string;
  tags: string[];
  /** The kind and its plural capitalised, for operation ids (`getFlow`, `listFlows`). */
  name: string;
  names: string;
}

const capitalised = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

/** Registers the generic definition routes for every kind: list, get, put, versions, diff, rollback, enable/disable, delete. */
export function registerDefinitionRoutes(app: ApiApp, deps: ApiDeps): void {
  for (const { kind, plural } of KIND_PATHS) {
    const route: KindRoute = {
      kind,
      base: `/api/v1/${plural}`,
      tags: [plural],
      name: capitalised(kind),
      names: capitalised(plural),
    };
    registerReads(app, deps, route);
    registerPut(app, deps, route);
    registerHistory(app, deps, route);
    registerState(app, deps, route);
  }
}

/** Loads the head of a definition or throws NOT_FOUND. */
export async function requireHead(deps: ApiDeps, kind: DocumentKind, id: string) {
  const head = await deps.runtime.store.documents.head(kind, id);
  return found(head, `${kind} ${id} 不存在 / ${kind} "${id}" not found`);
}

function registerReads(app: ApiApp, deps: ApiDeps, r: KindRoute): void {
  // Connectors have their own list and read (built-ins included) in connectors.ts.
  if (r.kind === 'connector') return;
  registerList(app, deps, r);
  addRoute(
    app,
    {
      method: 'get',
      path: `${r.base}/{id}`,
      tags: r.tags,
      operationId: `get${r.name}`,
      summary: `Get a ${r.kind}, current or given version`,
      ...(r.kind === 'connection'
        ? {
            description:
              'Secrets are shown as `***` (values never leave the server); `source` is always null.',
          }
        : {}),
      request: { params: IdParam, query: VersionQuery },
      responses: { 200: jsonResponse(DefinitionView, 'A version'), ...ERROR_RESPONSES },
    },
    async (c) => {
      const { id } = input<{ id: string }>(c, 'param');
      const { version } = input<z.infer<typeof VersionQuery>>(c, 'query');
      return c.json(await readVersion(deps, r.kind, id, version));
    },
  );
}

/** The API view of a stored definition's version (the current one by default), or NOT_FOUND. */
export async function readVersion(deps: ApiDeps, kind: DocumentKind, id: string, version?: number) {
  const head = await requireHead(deps, kind, id);
  const doc = found(
    await deps.runtime.store.documents.get(kind, id, version),
    bilingual(`${kind} ${id} 没有版本 ${version}`, `${kind} "${id}" has no version ${version}`),
  );
  return presentVersion(deps.runtime, doc, head);
}

function registerList(app: ApiApp, deps: ApiDeps, r: KindRoute): void {
  const { documents } = deps.runtime.store;
  addRoute(
    app,
    {
      method: 'get',
      path: r.base,
      tags: r.tags,
      operationId: `list${r.names}`,
      summary: `List ${r.kind}s`,
      description: 'Every stored one: `{id, kind, name, version, enabled, updatedAt}`.',
      responses: {
        200: jsonResponse(z.object({ items: z.array(HeadView) }), 'Definitions'),
        ...ERROR_RESPONSES,
      },
    },
    async (c) => {
      const heads = await documents.list(r.kind);
      const items = await Promise.all(
        heads.map(async (head) => presentHead(head, await documents.get(r.kind, head.id))),
      );
      return c.json({ items });
    },
  );
}

function registerPut(app: ApiApp, deps: ApiDeps, r: KindRoute): void {
  addRoute(
    app,
    {
      method: 'put',
      path: `${r.base}/{id}`,
      tags: r.tags,
      operationId: `put${r.name}`,
      summary: `Create or update a ${r.kind}`,
      description:
        'A JSON document, or YAML/JSON text (`application/yaml`, `text/yaml`, `text/plain`; diagnostics keep its lines); `kind`, `id` and `schemaVersion` come from the path when absent, and a different `kind`/`id` is 400 `INPUT_INVALID`. ' +
        'An invalid definition is 400 `DEFINITION_INVALID` with every problem in `details.diagnostics`' +
        (r.kind === 'connection' ? '; a secret sent back as `***` keeps the stored one.' : '.'),
      request: {
        params: IdParam,
        body: { required: false, content: definitionContent(`YAML or JSON text of the ${r.kind}`) },
      },
      responses: {
        200: jsonResponse(
          AnyObject,
          '{kind, id, version, created, changed, warnings}: a new version only when changed',
        ),
        201: jsonResponse(AnyObject, '{kind, id, version, created, changed, warnings}: created'),
        ...ERROR_RESPONSES,
        413: TOO_LARGE_RESPONSE,
      },
    },
    async (c) => {
      const { id } = input<{ id: string }>(c, 'param');
      let value: unknown;
      let text: string | null = null;
      let locate: Locate | undefined;
      if (isTextBody(c)) {
        const body = await readTextBody(c, deps.runtime.documents, { kind: r.kind, id });
        if (body.value === undefined) throw invalidDefinition(body.diagnostics);
        ({ value, text, locate } = body);
      } else {
        value = input<unknown>(c, 'json');
      }
      const before = await deps.runtime.store.documents.head(r.kind, id);
      const stored = await applyDefinition(deps.runtime, fitToPath(value, r.kind, id), {
        source: text,
        createdBy: c.get('user').username,
        locate,
      });
      const created = before === undefined;
      const changed = created || stored.version !== before.currentVersion;
      return c.json(
        { kind: r.kind, id, version: stored.version, created, changed, warnings: stored.warnings },
        created ? 201 : 200,
      );
    },
  );
}

function registerHistory(app: ApiApp, deps: ApiDeps, r: KindRoute): void {
  const { documents } = deps.runtime.store;
  const Version = z.object({ version: z.number(), createdAt: z.number(), createdBy: z.string().nullable() });
  addRoute(
    app,
    {
      method: 'get',
      path: `${r.base}/{id}/versions`,
      tags: r.tags,
      operationId: `list${r.name}Versions`,
      summary: `List a ${r.kind}'s versions, newest first`,
      request: { params: IdParam },
      responses: {
        200: jsonResponse(z.object({ items: z.array(Version) }), 'Versions, newest first'),
        ...ERROR_RESPONSES,
      },
    },
    async (c) => {
      const { id } = input<{ id: string }>(c, 'param');
      await requireHead(deps, r.kind, id);
      const versions = await documents.versions(r.kind, id);
      const items = versions
        .map((v) => ({ version: v.version, createdAt: v.createdAt, createdBy: v.createdBy }))
        .sort((a, b) => b.version - a.version);
      return c.json({ items });
    },
  );
  addRoute(
    app,
    {
      method: 'get',
      path: `${r.base}/{id}/diff`,
      tags: r.tags,
      operationId: `diff${r.name}Versions`,
      summary: `Compare two versions of a ${r.kind}`,
      description: '`to` defaults to the current version; each change is `{path, before, after}`.',
      request: { params: IdParam, query: DiffQuery },
      responses: {
        200: jsonResponse(AnyObject, '{from, to, changes: [{path, before, after}]}'),
        ...ERROR_RESPONSES,
      },
    },
    async (c) => {
      const { id } = input<{ id: string }>(c, 'param');
      const query = input<z.infer<typeof DiffQuery>>(c, 'query');
      const head = await requireHead(deps, r.kind, id);
      const to = query.to ?? head.currentVersion;
      const [left, right] = await Promise.all([
        documents.get(r.kind, id, query.from),
        documents.get(r.kind, id, to),
      ]);
      if (!left || !right)
        throw new QiaoError(
          'NOT_FOUND',
          bilingual(
            `${r.kind} ${id} 没有版本 ${left ? to : query.from}`,
            `version ${left ? to : query.from} of ${r.kind} "${id}" not found`,
          ),
        );
      return c.json({ from: query.from, to, changes: jsonDiff(left.definition, right.definition) });
    },
  );
  addRoute(
    app,
    {
      method: 'post',
      path: `${r.base}/{id}/rollback`,
      tags: r.tags,
      operationId: `rollback${r.name}`,
      summary: `Roll a ${r.kind} back to a version`,
      description: 'Stores that version’s definition again as a new current version (history is kept).',
      request: { params: IdParam, body: jsonBody(RollbackBody) },
      responses: { 200: jsonResponse(AnyObject, 'The new current version'), ...ERROR_RESPONSES },
    },
    async (c) => {
      const { id } = input<{ id: string }>(c, 'param');
      const { version } = input<z.infer<typeof RollbackBody>>(c, 'json');
      await requireHead(deps, r.kind, id);
      if (!(await documents.get(r.kind, id, version)))
        throw new QiaoError(
          'NOT_FOUND',
          bilingual(
            `${r.kind} ${id} 没有版本 ${version}`,
            `version ${version} of ${r.kind} "${id}" not found`,
          ),
        );
      // Through the document service: its change hook drops the cached connection/connector at once.
      const stored = await deps.runtime.documents.rollback(r.kind, id, version);
      return c.json({ kind: r.kind, id, version: stored.version, rolledBackTo: version });
    },
  );
}

function registerState(app: ApiApp, deps: ApiDeps, r: KindRoute): void {
  // Through the document service, so caches (resolved connections) drop the document at once.
  const { documents } = deps.runtime;
  for (const [action, enabled] of [
    ['enable', true],
    ['disable', false],
  ] as const) {
    addRoute(
      app,
      {
        method: 'post',
        path: `${r.base}/{id}/${action}`,
        tags: r.tags,
        operationId: `${action}${r.name}`,
        summary: `${capitalised(action)} a ${r.kind}`,
        request: { params: IdParam },
        responses: { 200: jsonResponse(AnyObject, `${action}d`), ...ERROR_RESPONSES },
      },
      async (c) => {
        const { id } = input<{ id: string }>(c, 'param');
        await requireHead(deps, r.kind, id);
        await documents.setEnabled(r.kind, id, enabled);
        return c.json({ kind: r.kind, id, enabled });
      },
    );
  }
  addRoute(
    app,
    {
      method: 'delete',
      path: `${r.base}/{id}`,
      tags: r.tags,
      operationId: `delete${r.name}`,
      summary: `Delete a ${r.kind}`,
      description:
        'Deletes a definition. While other definitions use it (or a form has records) it answers 409 `CONFLICT` ' +
        'naming them in `details.usedBy`, unless `?force=true` (they then fail when they run).',
      request: { params: IdParam, query: DeleteQuery },
      responses: { 200: jsonResponse(AnyObject, 'Deleted'), ...ERROR_RESPONSES },
    },
    async (c) => {
      const { id } = input<{ id: string }>(c, 'param');
      const { force } = input<z.infer<typeof DeleteQuery>>(c, 'query');
      await requireHead(deps, r.kind, id);
      if (force !== 'true' && force !== '1') {
        const used = await documents.usedBy(r.kind, id);
        if (used.documents.length > 0 || used.records) throw inUse(r.kind, id, used);
      }
      if (!(await documents.remove(r.kind, id)))
        throw new QiaoError('NOT_FOUND', `${r.kind} ${id} 不存在 / ${r.kind} "${id}" not found`);
      return c.json({ kind: r.kind, id, deleted: true });
    },
  );
}
