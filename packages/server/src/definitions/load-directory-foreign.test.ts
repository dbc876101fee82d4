import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadDirectory } from './load-directory.ts';

const temps: string[] = [];

/** A folder with these files (names may hold subfolders). */
async function folder(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'qiao-foreign-'));
  temps.push(dir);
  for (const [name, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await writeFile(join(dir, name), text);
  }
  return dir;
}

afterEach(async () => {
  await Promise.all(temps.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

const connector =
  'schemaVersion: 1\nkind: connector\nid: local\nname: l\noperations:\n  ping: { method: GET, path: /p }\n';
const connection = 'schemaVersion: 1\nkind: connection\nid: conn\nconnector: local\n';

describe('loadDirectory reads Qiao documents only', () => {
  it("never reads another tool's YAML/JSON (package.json, tsconfig.json with comments, a CI file) as a definition", async () => {
    const dir = await folder({
      'connector.yaml': connector,
      'connection.yaml': connection,
      'package.json': JSON.stringify({ name: 'x', version: '1.0.0', scripts: { test: 'vitest' } }),
      'tsconfig.json': '{\n  // comments: not JSON\n  "compilerOptions": { "strict": true, },\n}\n',
      'ci.yml': 'on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n',
      'list.yaml': '- a\n- b\n',
      'empty.yaml': '',
    });
    const { documents, diagnostics } = await loadDirectory(dir);
    expect(diagnostics).toEqual([]);
    expect(documents.map((d) => d.file)).toEqual(['connection.yaml', 'connector.yaml']);
  });

  it('still reports a broken Qiao document: one with kind or schemaVersion, or a text that does not parse but has them', async () => {
    const dir = await folder({
      'typo.yaml': 'schemaVersion: 1\nkind: synk\nid: s\n',
      'no-version.yaml': 'kind: connection\nid: c\nconnector: local\n',
      'broken.yaml': 'schemaVersion: 1\nkind: flow\nid: [\n',
    });
    const { diagnostics } = await loadDirectory(dir);
    expect([...new Set(diagnostics.map((d) => d.file))].sort()).toEqual([
      'broken.yaml',
      'no-version.yaml',
      'typo.yaml',
    ]);
  });

  it('reads a file it is asked to include whatever it holds', async () => {
    const dir = await folder({ 'package.json': '{"name": "x"}' });
    const { diagnostics } = await loadDirectory(dir, { include: ['package.json'] });
    expect(diagnostics.map((d) => [d.file, d.severity])).toContainEqual(['package.json', 'error']);
  });

  it('reads only the files directly in the folder with recursive: false, subfolders too by default', async () => {
    const dir = await folder({
      'connector.yaml': connector,
      'sub/connection.yaml': connection,
      'node_modules/pkg/def.yaml': connection.replace('id: conn', 'id: other'),
      '.git/def.yaml': connection.replace('id: conn', 'id: hidden'),
    });
    const flat = await loadDirectory(dir, { recursive: false });
    expect(flat.documents.map((d) => d.file)).toEqual(['connector.yaml']);
    const deep = await loadDirectory(dir);
    expect(deep.documents.map((d) => d.file)).toEqual(['connector.yaml', 'sub/connection.yaml']);
  });
});
