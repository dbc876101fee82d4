import { z } from '@hono/zod-openapi';
import type { DocumentKind, Locate } from '../../definitions/index.ts';
import { QiaoError } from '../../errors/index.ts';
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
const TEXT = { schema: z.string().openapi({ description: 'YAML or JSON text of the definition' }) };

interface KindRoute {
  kind: DocumentKind;
  base: string;
  tags: string[];
}

/** Registers the generic definition routes for every kind: list, get, put, versions, diff, rollback, enable/disable, delete. */
export function registerDefinitionRoutes(app: ApiApp, deps: ApiDeps): void {
  for (const { kind, plural } of KIND_PATHS) {
    const route: KindRoute = { kind, base: `/api/v1/${plural}`, tags: [plural] };
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
    `${kind} ${id} 没有版本 ${version} / no version ${version}`,
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
  const content = {
    'application/json': { schema: AnyObject },
    'application/yaml': TEXT,
    'text/yaml': TEXT,
    'text/plain': TEXT,
  };
  addRoute(
    app,
    {
      method: 'put',
      path: `${r.base}/{id}`,
      tags: r.tags,
      request: { params: IdParam, body: { required: false, content } },
      responses: { 200: jsonResponse(AnyObject, 'Stored (a new version when changed)'), ...ERROR_RESPONSES },
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
          `版本不存在 / version ${left ? to : query.from} of ${r.kind} "${id}" not found`,
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
      request: { params: IdParam, body: jsonBody(RollbackBody) },
      responses: { 200: jsonResponse(AnyObject, 'The new current version'), ...ERROR_RESPONSES },
    },
    async (c) => {
      const { id } = input<{ id: string }>(c, 'param');
      const { version } = input<z.infer<typeof RollbackBody>>(c, 'json');
      await requireHead(deps, r.kind, id);
      if (!(await documents.get(r.kind, id, version)))
        throw new QiaoError('NOT_FOUND', `版本不存在 / version ${version} of ${r.kind} "${id}" not found`);
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
