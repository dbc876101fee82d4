import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore } from '../../src/store/index.ts';
import { runQiao } from './run-qiao.ts';

const flow = (id: string, steps: string) =>
  `schemaVersion: 1\nkind: flow\nid: ${id}\nname: ${id}\ntrigger: { type: manual }\nretry: { maxAttempts: 1 }\nsteps:\n${steps}`;
const MAP_STEP = '  - id: shape\n    type: map\n    mapping: { ok: true }\n';
const CALL_STEP = '  - id: ping\n    type: call\n    connection: conn\n    operation: ping\n';
const CONNECTOR =
  'schemaVersion: 1\nkind: connector\nid: local\nname: l\nauth: { type: none }\noperations:\n  ping: { method: GET, path: /p }\n';
// Nothing listens on port 9 (discard): a call fails at once.
const CONNECTION =
  'schemaVersion: 1\nkind: connection\nid: conn\nconnector: local\nconfig: { baseUrl: http://127.0.0.1:9 }\n';

/** Writes files (names may hold subfolders) under `dir`. */
async function write(dir: string, files: Record<string, string>): Promise<void> {
  for (const [name, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await writeFile(join(dir, name), text);
  }
}

/**
 * `qiao run <file>` in a folder that is no Qiao project — like /tmp: other tools' files, other checkouts —
 * reads the file and the Qiao documents next to it only; `--project` reads a folder with its subfolders.
 */
describe('qiao run <file>: the project of a file', () => {
  let dir: string;
  const dataDir = () => join(dir, '.qiao');
  const qiao = (...args: string[]) => runQiao(['--data-dir', dataDir(), ...args]);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'qiao-run-file-'));
    await write(dir, {
      'hook.yaml': flow('hook', MAP_STEP),
      'connector.yaml': CONNECTOR,
      'connection.yaml': CONNECTION,
      'package.json': JSON.stringify({ name: 'tmp', version: '1.0.0' }),
      'tsconfig.json': '{\n  // not JSON\n  "compilerOptions": { "strict": true, },\n}\n',
      'ci.yml': 'on: [push]\njobs: {}\n',
      // Another checkout under the folder: its definitions would fail here (unknown connection) if read.
      'checkout/package.json': '{"name": "other"}',
      'checkout/examples/sync.yaml':
        'schemaVersion: 1\nkind: sync\nid: other\nname: o\nsource: { connection: nowhere, operation: list, key: id }\nmapping: {}\ntarget: { connection: nowhere, operation: save }\n',
      // A flow whose connection lives in a subfolder.
      'nested/flow.yaml': flow('nested', CALL_STEP),
      'nested/defs/connector.yaml': CONNECTOR,
      'nested/defs/connection.yaml': CONNECTION,
    });
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('reads the file and the Qiao documents next to it: no package.json, tsconfig.json or subfolder', async () => {
    const run = await qiao('run', join(dir, 'hook.yaml'));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const store = createStore({ file: join(dataDir(), 'qiao.db') });
    try {
      const stored = (await store.documents.list()).map((h) => `${h.kind}:${h.id}`).sort();
      expect(stored).toEqual(['connection:conn', 'connector:local', 'flow:hook']);
    } finally {
      await store.close();
    }
  }, 60_000);

  it('reads a folder named with --project with its subfolders, still never package.json', async () => {
    const run = await qiao('run', join(dir, 'hook.yaml'), '--project', dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('checkout/examples/sync.yaml');
    expect(run.stderr).not.toMatch(/package\.json|tsconfig\.json|ci\.yml/);
  }, 60_000);

  it('says the subfolders were not read when the file needs a definition from one', async () => {
    const flat = await qiao('run', join(dir, 'nested/flow.yaml'));
    expect(flat.code).toBe(2);
    expect(flat.stderr).toContain('ref.unknown_connection');
    expect(flat.stderr).toContain(
      '没有读取子文件夹；定义放在子文件夹中时，用 --project <文件夹> 指定整个项目',
    );
    const project = await qiao('run', join(dir, 'nested/flow.yaml'), '--project', join(dir, 'nested'));
    expect(project.stderr).not.toContain('ref.unknown_connection');
    // The definitions resolve; the call itself fails (nothing listens): a failed run, exit 1.
    expect(project.code).toBe(1);
  }, 60_000);
});
