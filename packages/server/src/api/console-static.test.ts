import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { afterAll, describe, expect, it } from 'vitest';
import { CONSOLE_NOT_BUILT, explainMissingConsole, mountConsole } from './console-static.ts';

const dir = mkdtempSync(join(tmpdir(), 'qiao-console-'));
mkdirSync(join(dir, 'assets'));
writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Qiao console</title>');
writeFileSync(join(dir, 'assets', 'app-abc123.js'), 'console.log(1)');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function app(): Hono {
  const api = new Hono();
  api.get('/api/v1/me', (c) => c.json({ id: 'u1' }));
  api.notFound((c) => c.json({ code: 'NOT_FOUND' }, 404));
  expect(mountConsole(api, dir)).toBe(true);
  return api;
}

describe('mount console', () => {
  it('serves index.html at the root and for client-side routes', async () => {
    for (const path of ['/', '/flows/voucherToJdy']) {
      const res = await app().request(path);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('Qiao console');
    }
  });
  it('serves hashed assets with a long cache', async () => {
    const res = await app().request('/assets/app-abc123.js');
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('console.log(1)');
    expect(res.headers.get('cache-control')).toContain('immutable');
  });
  it('answers 404 for a missing asset instead of the page', async () => {
    const res = await app().request('/assets/app-old999.js');
    expect(res.status).toBe(404);
    expect(res.headers.get('cache-control') ?? '').not.toContain('immutable');
  });
  it('leaves api routes and unknown api paths to the api', async () => {
    const api = app();
    expect(await (await api.request('/api/v1/me')).json()).toEqual({ id: 'u1' });
    const missing = await api.request('/api/v1/nothing');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ code: 'NOT_FOUND' });
  });
  it('mounts nothing when the console is not built', () => {
    expect(mountConsole(new Hono(), join(dir, 'missing'))).toBe(false);
  });
});

describe('a console that is not built', () => {
  function unbuilt(): Hono {
    const api = new Hono();
    api.get('/api/v1/me', (c) => c.json({ id: 'u1' }));
    api.notFound((c) => c.json({ code: 'NOT_FOUND', message: 'no route' }, 404));
    expect(mountConsole(api, join(dir, 'missing'))).toBe(false);
    explainMissingConsole(api);
    return api;
  }

  it('answers / and client-side routes with why and what to run, a page for a browser', async () => {
    for (const path of ['/', '/flows/voucherToJdy']) {
      const page = await unbuilt().request(path, { headers: { accept: 'text/html,*/*' } });
      expect(page.status).toBe(404);
      const html = await page.text();
      expect(html).toContain('npm run build');
      expect(html).toContain(CONSOLE_NOT_BUILT.en);
      const json = await unbuilt().request(path);
      expect(await json.json()).toMatchObject({ code: 'NOT_FOUND', details: { console: 'not built' } });
    }
  });

  it('leaves the server’s own paths to the api', async () => {
    const api = unbuilt();
    expect(await (await api.request('/api/v1/me')).json()).toEqual({ id: 'u1' });
    expect(await (await api.request('/api/v1/nothing')).json()).toEqual({
      code: 'NOT_FOUND',
      message: 'no route',
    });
    expect((await api.request('/', { method: 'POST' })).status).toBe(404);
  });
});
