import { z } from '@hono/zod-openapi';
import { createSystemCallbackReceiver } from '../../triggers/system-callbacks.ts';
import type { ApiDeps } from '../api-deps.ts';
import { type ApiApp, addRoute, ERROR_CONTENT, ERROR_RESPONSES, jsonResponse } from '../route-kit.ts';

const ConnectionParam = z.object({
  connectionId: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: 'connectionId', in: 'path' } }),
});

/**
 * Registers `POST /callbacks/{connectionId}`: event pushes from DingTalk and Feishu. No bearer token —
 * the push's signature, checked with the connection's callback secrets, is its proof. Answers at once;
 * the syncs and flows it triggers start after the answer.
 */
export function registerCallbackRoutes(app: ApiApp, deps: ApiDeps): void {
  const receive = createSystemCallbackReceiver({
    store: deps.runtime.store,
    connections: deps.runtime.connections,
    engine: deps.runtime.engine,
    onError: (error) => deps.runtime.engine.events.emit('engine:error', { error }),
  });
  addRoute(
    app,
    {
      method: 'post',
      path: '/callbacks/{connectionId}',
      tags: ['webhooks'],
      security: [],
      operationId: 'receiveSystemCallback',
      summary: 'Receive a DingTalk or Feishu event push',
      description:
        'System event pushes (DingTalk bpms_instance_change, Feishu approval events), verified and decrypted with the connection’s callback secrets; a bad signature is 403 `CALLBACK_REJECTED`. Set this URL as the callback address in the system’s console: it answers at once, and the syncs and flows the event triggers start after.',
      request: { params: ConnectionParam },
      responses: {
        200: jsonResponse(
          z.unknown(),
          'The system’s expected answer (DingTalk: encrypted success; Feishu: challenge or {})',
        ),
        ...ERROR_RESPONSES,
        403: {
          description: 'The push’s signature does not verify (CALLBACK_REJECTED)',
          content: ERROR_CONTENT,
        },
      },
    },
    async (c) => {
      const { connectionId } = c.req.param() as { connectionId: string };
      const answer = await receive({
        connectionId,
        query: c.req.query(),
        headers: c.req.header(),
        rawBody: await c.req.text(),
      });
      return c.json(answer.body as object, answer.status as 200);
    },
  );
}
