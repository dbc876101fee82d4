import { createApi, startApiServer } from '../api/index.ts';
import type { JsonValue } from '../json.ts';
import type { Runtime } from '../runtime/create-runtime.ts';
import { createScheduler } from '../triggers/index.ts';
import type { createDingtalkCallbackReceiver } from './dingtalk-callback.ts';

/** The demo's running server: the Qiao API plus the DingTalk callback route. */
export interface DemoServer {
  url: string;
  port: number;
  /** The URL DingTalk pushes approval events of a connection to. */
  callbackUrl(connectionId: string): string;
  close(): Promise<void>;
}

/**
 * Starts what `startQiaoServer` starts (engine workers, cron scheduler, HTTP API) and mounts
 * `POST /callbacks/dingtalk/:connectionId` (no bearer token: the push's signature is its proof).
 */
export async function startDemoServer(
  runtime: Runtime,
  options: { port: number; host?: string; receiver: ReturnType<typeof createDingtalkCallbackReceiver> },
): Promise<DemoServer> {
  runtime.engine.start();
  const scheduler = createScheduler({ store: runtime.store, engine: runtime.engine });
  await scheduler.start();
  const app = createApi(runtime);
  app.post('/callbacks/dingtalk/:connectionId', async (c) => {
    const body = (await c.req.json().catch(() => null)) as JsonValue;
    const answer = await options.receiver({
      connectionId: c.req.param('connectionId'),
      query: c.req.query(),
      body,
    });
    return c.json(answer.body as object, answer.status as 200);
  });
  const server = await startApiServer(app, { port: options.port, host: options.host ?? '127.0.0.1' });
  return {
    url: server.url,
    port: server.port,
    callbackUrl: (connectionId) => `${server.url}/callbacks/dingtalk/${connectionId}`,
    async close() {
      scheduler.stop();
      await server.close();
    },
  };
}
