import { z } from '@hono/zod-openapi';
import { type Diagnostic, hasErrors, validateDocument } from '../../definitions/index.ts';
import type { ApiDeps } from '../api-deps.ts';
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

/** Registers validate (no storing) and health (Prometheus metrics: routes/metrics.ts). */
export function registerSystemRoutes(app: ApiApp, deps: ApiDeps): void {
  const { store, documents } = deps.runtime;
  addRoute(
    app,
    {
      method: 'post',
      path: '/api/v1/validate',
      tags: ['definitions'],
      operationId: 'validateDefinition',
      summary: 'Validate a definition without storing it',
      description:
        'Give `text` (YAML or JSON; diagnostics with line and column) or `document`. Answers every problem — schema, references, expressions — as `{valid, diagnostics}`; open to viewers.',
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
        // Every problem at once, located in the text: a document that fails the schema gets its references checked too.
        diagnostics = (await documents.checkValidated(validateDocument(body.text))).diagnostics;
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
      operationId: 'getHealth',
      summary: 'Check that the server and store answer',
      description:
        'Public. 200 `{status: ok, store}`, or 503 `{status: unavailable, store}` when the store does not answer.',
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
}
