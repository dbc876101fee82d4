import { z } from '@hono/zod-openapi';
import { type ConnectorDeclaration, testCall } from '../../connectors/kit/index.ts';
import type { ConnectionDefinition } from '../../definitions/index.ts';
import { QiaoError } from '../../errors/index.ts';
import type { ApiDeps } from '../api-deps.ts';
import { type ApiApp, addRoute, ERROR_RESPONSES, found, IdParam, input, jsonResponse } from '../route-kit.ts';
import { findConnector } from './connectors.ts';

/** Operation ids a connector may declare for "test connection". */
const TEST_OPERATIONS = ['testConnection', 'test', 'ping'];

/** The operation a connection test calls: a declared test operation, else the auth's token/login operation, else the first GET. */
export function testOperationOf(connector: ConnectorDeclaration): string | undefined {
  const declared = TEST_OPERATIONS.find((id) => connector.operations[id]);
  if (declared) return declared;
  const auth = connector.auth;
  if (
    (auth.type === 'token' || auth.type === 'session') &&
    auth.operation &&
    connector.operations[auth.operation]
  )
    return auth.operation;
  return Object.entries(connector.operations).find(
    ([id, op]) => id !== 'request' && (op.method ?? 'GET') === 'GET',
  )?.[0];
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
      request: { params: IdParam },
      responses: { 200: jsonResponse(Result, 'Whether the connection works'), ...ERROR_RESPONSES },
    },
    async (c) => {
      const { id } = input<{ id: string }>(c, 'param');
      const doc = found(
        await deps.runtime.store.documents.get('connection', id),
        `连接不存在 / connection "${id}" not found`,
      );
      const connectorId = (doc.definition as unknown as ConnectionDefinition).connector;
      const connector = found(
        await findConnector(deps, connectorId),
        `连接器不存在 / connector "${connectorId}" not found`,
      );
      const operation = testOperationOf(connector);
      if (!operation) {
        throw new QiaoError(
          'INPUT_INVALID',
          `连接器 ${connectorId} 没有可用于测试的接口 / connector has no operation to test with`,
        );
      }
      const result = await testCall(deps.runtime.gateway, { connection: id, operation });
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
