import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { ApiApp } from './route-kit.ts';

/** A listening API server. */
export interface ApiServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Serves the app over HTTP with @hono/node-server (port 0 picks a free port); resolves once listening. */
export function startApiServer(
  app: ApiApp,
  options: { port?: number; host?: string } = {},
): Promise<ApiServer> {
  const host = options.host ?? '127.0.0.1';
  return new Promise((resolve, reject) => {
    const server = serve(
      { fetch: app.fetch, port: options.port ?? 0, hostname: host },
      (info: AddressInfo) => {
        const shown = host.includes(':') ? `[${host}]` : host;
        resolve({
          url: `http://${shown}:${info.port}`,
          port: info.port,
          close: () =>
            new Promise<void>((done, fail) => server.close((error) => (error ? fail(error) : done()))),
        });
      },
    );
    server.once('error', reject);
  });
}
