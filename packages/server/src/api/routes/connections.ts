import { z } from '@hono/zod-openapi';
import {
  type ConnectorDeclaration,
  isRefreshable,
  testCall,
  testCredentials,
} from '../../connectors/kit/index.ts';
import type { ConnectionDefinition } from '../../definitions/index.ts';
import { bilingual, QiaoError } from '../../errors/index.ts';
import type { ApiDeps } from '../api-deps.ts';
import { type ApiApp, addRoute, ERROR_RESPONSES, found, IdParam, input, jsonResponse } from '../route-kit.ts';
import { findConnector } from './connectors.ts';

/** Operation ids a connector may declare for "test connection". */
const TEST_OPERATIONS = ['testConnection', 'test', 'ping'];

/** The name a connection test reports when it fetched a token or session rather than calling an operation. */
export const CREDENTIAL_TEST = 'credentials';

/**
 * What a connection test does: call a declared test operation; else, for a token, session or OAuth2
 * auth, fetch a fresh credential (proves the address and the secrets, with no side effect and no
 * input to guess); else call the first GET operation that needs no input. Undefined: nothing can be
 * tried without side effects (e.g. a group robot, which can only send messages).
 */
export function connectionTestOf(connector: ConnectorDeclaration): string | undefined {
  const declared = TEST_OPERATIONS.find((id) => connector.operations[id]);
  if (declared) return declared;
  if (isRefreshable(connector.auth)) return CREDENTIAL_TEST;
  return Object.entries(connector.operations).find(
    ([id, op]) => id !== 'request' && (op.method ?? 'GET') === 'GET' && !needsInput(op.inputSchema),
  )?.[0];
}

function needsInput(schema: unknown): boolean {
  const required = (schema as { required?: unknown } | undefined)?.required;
  return Array.isArray(required) && required.length > 0;
}

/** Registers `POST /connections/{id}/test`: one call through the gateway, answered as ok/error (no output, so no token leaks). */
export function registerConnectionRoutes(app: ApiApp, deps: ApiDeps): void {
  const Result = z
    .object({
      ok: z.boolean(),
      operation: z.string(),
      status: z.number().nullable(),
      durationMs: z.number(),
      error: z.unknown(),
    })
    .openapi('ConnectionTest');
  addRoute(
    app,
    {
      method: 'post',
      path: '/api/v1/connections/{id}/test',
      tags: ['connections'],
      operationId: 'testConnection',
      summary: 'Test a connection without side effects',
      description:
        'Calls the connector’s `testConnection`/`test`/`ping` operation, else fetches a fresh credential (token, session or OAuth2 auth; operation `credentials`, not cached), else the first GET that needs no input — 400 when it has none of these. Answers `{ok, operation, status, durationMs, error}`, never the output.',
      request: { params: IdParam },
      responses: { 200: jsonResponse(Result, 'Whether the connection works'), ...ERROR_RESPONSES },
    },
    async (c) => {
      const { id } = input<{ id: string }>(c, 'param');
      const doc = found(
        await deps.runtime.store.documents.get('connection', id),
        bilingual(`连接 ${id} 不存在`, `connection "${id}" not found`),
      );
      const connectorId = (doc.definition as unknown as ConnectionDefinition).connector;
      const connector = found(
        await findConnector(deps, connectorId),
        bilingual(`连接器 ${connectorId} 不存在`, `connector "${connectorId}" not found`),
      );
      const operation = connectionTestOf(connector);
      if (!operation) {
        throw new QiaoError(
          'INPUT_INVALID',
          `连接器 ${connectorId} 没有不产生副作用的测试接口（它的接口都会写入或发送），请在流程中试运行 / ` +
            'the connector has no side-effect-free operation to test with (every one writes or sends); try it in a flow run',
        );
      }
      const result =
        operation === CREDENTIAL_TEST
          ? await testCredentials(deps.runtime.gateway, id)
          : await testCall(deps.runtime.gateway, { connection: id, operation });
      return c.json({
        ok: result.error === undefined,
        operation,
        status: result.response?.status ?? null,
        durationMs: result.durationMs,
        error: result.error ?? null,
      });
    },
  );
}
