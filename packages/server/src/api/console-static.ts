import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Hono } from 'hono';
import type { Env } from 'hono/types';

/** Paths that belong to the server, never to the console's client-side router. */
const SERVER_PATHS = /^\/(api|hooks|callbacks|healthz|metrics)(\/|$)/;

/**
 * Serves the built web console (`packages/console/dist`) at `/`: hashed assets with a long cache,
 * other files as they are, and `index.html` for every other GET (but a missing `/assets/…` file, a 404)
 * so client-side routes reload.
 * Does nothing (returns false) when `distDir` has no `index.html` — the API works without a console.
 */
export function mountConsole<E extends Env>(app: Hono<E>, distDir: string): boolean {
  const root = resolve(distDir);
  const indexFile = join(root, 'index.html');
  if (!existsSync(indexFile)) return false;
  const indexHtml = readFileSync(indexFile, 'utf8');
  app.use('/assets/*', async (c, next) => {
    await next();
    if (c.res.status === 200) c.header('cache-control', 'public, max-age=31536000, immutable');
  });
  app.use('*', async (c, next) => {
    if (SERVER_PATHS.test(c.req.path) || (c.req.method !== 'GET' && c.req.method !== 'HEAD')) return next();
    return serveStatic<E>({ root })(c, next);
  });
  app.get('*', (c, next) => {
    if (SERVER_PATHS.test(c.req.path)) return next();
    // A missing asset (an old tab asking for a replaced bundle) is a 404, not the page: a script
    // answered with HTML fails with a confusing syntax error instead of a clean load failure.
    if (c.req.path.startsWith('/assets/')) return c.text('Not Found', 404);
    c.header('cache-control', 'no-cache');
    return c.html(indexHtml);
  });
  return true;
}

/** The default location of the built console relative to the server package's `src/api` folder. */
export function defaultConsoleDist(): string {
  return resolve(import.meta.dirname, '../../../console/dist');
}
