import { z } from '@hono/zod-openapi';
import { type Diagnostic, hasErrors, validateDocument } from '../../definitions/index.ts';
import type { ApiDeps } from '../api-deps.ts';
import { KIND_PATHS } from '../definition-views.ts';
import {
  AnyObject,
  type ApiApp,
  addRoute,
  ERROR_RESPONSES,
  input,
  jsonBody,
  jsonResponse,
} from '../route-kit.ts';

const ValidateBody = z
  .object({ text: z.string().optional(), document: AnyObject.optional() })
  .strict()
  .refine((b) => (b.text === undefined) !== (b.document === undefined), {
    message: '需要 text 或 document 之一 / give exactly one of text or document',
  })
  .openapi('ValidateRequest');

/** Registers validate (no storing), health and Prometheus metrics. */
export function registerSystemRoutes(app: ApiApp, deps: ApiDeps): void {
  const { store, documents } = deps.runtime;
  addRoute(
    app,
    {
      method: 'post',
      path: '/api/v1/validate',
      tags: ['definitions'],
      request: { body: jsonBody(ValidateBody) },
      responses: {
        200: jsonResponse(
          z.object({ valid: z.boolean(), diagnostics: z.array(z.unknown()) }),
          'Every problem found',
        ),
        ...ERROR_RESPONSES,
      },
    },
    async (c) => {
      const body = input<z.infer<typeof ValidateBody>>(c, 'json');
      let diagnostics: Diagnostic[];
      if (body.text !== undefined) {
        const parsed = validateDocument(body.text);
        diagnostics = parsed.document
          ? (await documents.check(parsed.document)).diagnostics
          : parsed.diagnostics;
      } else {
        diagnostics = (await documents.check(body.document)).diagnostics;
      }
      return c.json({ valid: !hasErrors(diagnostics), diagnostics });
    },
  );
  addRoute(
    app,
    {
      method: 'get',
      path: '/healthz',
      tags: ['system'],
      security: [],
      responses: {
        200: jsonResponse(z.object({ status: z.string() }), 'Healthy'),
        503: jsonResponse(z.object({ status: z.string() }), 'The store does not answer'),
      },
    },
    async (c) => {
      try {
        await store.users.count();
        return c.json({ status: 'ok', store: store.dialect });
      } catch {
        return c.json({ status: 'unavailable', store: store.dialect }, 503);
      }
    },
  );
  addRoute(
    app,
    {
      method: 'get',
      path: '/metrics',
      tags: ['system'],
      security: [],
      responses: {
        200: { description: 'Prometheus text format', content: { 'text/plain': { schema: z.string() } } },
        ...ERROR_RESPONSES,
      },
    },
    async (c) => {
      c.header('content-type', 'text/plain; version=0.0.4; charset=utf-8');
      return c.body(await metricsText(deps));
    },
  );
}

/** Renders runs by status, definitions by kind and ledger entries by sync and status in Prometheus text format. */
export async function metricsText(deps: ApiDeps): Promise<string> {
  const { store } = deps.runtime;
  const lines = ['# HELP qiao_runs Runs by status.', '# TYPE qiao_runs gauge'];
  for (const [status, count] of Object.entries(await store.runs.countByStatus()))
    lines.push(`qiao_runs{status="${status}"} ${count}`);
  lines.push('# HELP qiao_definitions Definitions by kind.', '# TYPE qiao_definitions gauge');
  for (const { kind } of KIND_PATHS)
    lines.push(`qiao_definitions{kind="${kind}"} ${(await store.documents.list(kind)).length}`);
  lines.push(
    '# HELP qiao_ledger_entries Sync ledger entries by sync and status.',
    '# TYPE qiao_ledger_entries gauge',
  );
  for (const head of await store.documents.list('sync')) {
    for (const [status, count] of Object.entries(await store.ledger.counts(head.id))) {
      lines.push(`qiao_ledger_entries{sync="${head.id}",status="${status}"} ${count}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
