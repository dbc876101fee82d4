import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runQiao } from './run-qiao.ts';

/** Ordinary mistakes (a busy port, a missing folder, a language it does not speak) as one clear line, exit 2. */
describe('qiao user errors', () => {
  let dir: string;
  let busy: Server;
  let port: number;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'qiao-cli-user-errors-'));
    busy = createServer();
    await new Promise<void>((ok) => busy.listen(0, '127.0.0.1', ok));
    port = (busy.address() as { port: number }).port;
  });
  afterAll(async () => {
    await new Promise<void>((ok) => busy.close(() => ok()));
    await rm(dir, { recursive: true, force: true });
  });

  /** A one-line user error (exit 2): no INTERNAL, no stack trace. */
  function expectUserError(result: { code: number | null; stderr: string }, ...texts: string[]) {
    expect(result.code).toBe(2);
    expect(result.stderr).not.toContain('INTERNAL');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    for (const text of texts) expect(result.stderr).toContain(text);
  }

  it.each([
    ['serve', ['serve', '--port']],
    ['simulate', ['simulate', 'dingtalk', '--port']],
    ['demo --once', ['demo', '--once', '--instances', '5', '--port']],
  ])('says that the port of %s is in use and how to pick another', async (_name, args) => {
    const result = await runQiao(['--data-dir', dir, ...args, String(port)]);
    expectUserError(result, `错误 [INPUT_INVALID]: 端口 ${port} 已被占用，请用 --port 换一个端口`);
    expect(result.stderr).not.toContain('is in use');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('says it in English only with --lang en', async () => {
    const result = await runQiao(['--data-dir', dir, '--lang', 'en', 'serve', '--port', String(port)]);
    expectUserError(result);
    expect(result.stderr.trim()).toBe(
      `error [INPUT_INVALID]: port ${port} is in use; pick another with --port`,
    );
  });

  it('names a project folder that does not exist', async () => {
    const missing = join(dir, 'no-such-project');
    const result = await runQiao(['--data-dir', dir, 'serve', '--port', '0', '--project', missing]);
    expectUserError(result, `项目文件夹不存在：${missing}`, 'NOT_FOUND');
    const file = join(dir, 'flow.yaml');
    await writeFile(file, 'schemaVersion: 1\n');
    const notFolder = await runQiao(['--data-dir', dir, 'run', file, '--project', file]);
    expectUserError(notFolder, `项目文件夹不是文件夹：${file}`);
  });

  it('says why an output or the data directory cannot be written', async () => {
    const out = join(dir, 'missing', 'schema.json');
    expectUserError(
      await runQiao(['schema', '--out', out]),
      `无法写入 ${out}：文件夹 ${join(dir, 'missing')} 不存在`,
    );
    expectUserError(await runQiao(['schema', '--out', dir]), `无法写入 ${dir}：这是一个文件夹，请给出文件名`);
    const file = join(dir, 'a-file');
    await writeFile(file, '');
    expectUserError(
      await runQiao(['--data-dir', join(file, 'data'), 'runs', 'list']),
      `无法创建数据目录 ${join(file, 'data')}`,
    );
  });

  it('refuses a language it does not speak, from --lang or QIAO_LANG', async () => {
    expectUserError(
      await runQiao(['--lang', 'fr', 'runs', 'list']),
      'unknown language "fr" (--lang): use zh or en',
    );
    expectUserError(
      await runQiao(['--data-dir', dir, 'runs', 'list'], { env: { QIAO_LANG: 'de' } }),
      '未知的语言 "de"（QIAO_LANG）',
    );
    const english = await runQiao(['--data-dir', dir, '--lang', 'en-US', 'runs', 'list', '--limit', '0']);
    expect([english.code, english.stderr.trim()]).toEqual([2, 'error: --limit must be an integer 1–1000']);
    const chinese = await runQiao(['--data-dir', dir, 'runs', 'list', '--status', 'sleeping']);
    expect(chinese.stderr).toContain('--status 必须是以下之一：queued, running');
  });
});

describe('qiao help', () => {
  it.each([
    [
      ['ledger'],
      ['Usage: qiao ledger [show] <syncId> [options] | retry', 'qiao ledger bills --status failed'],
    ],
    [
      ['ledger', 'show'],
      ['--after <cursor>', '--order <order>'],
    ],
    [['run'], ['a duration back from now (60d, 12h, 30m; also "60d ago")']],
    [['simulate'], ['DingTalk, Feishu, Kingdee K3Cloud or Kingdee JDY']],
  ])('qiao %j --help lists what it accepts', async (command, texts) => {
    const help = await runQiao(['--lang', 'en', ...command, '--help']);
    expect(help.code).toBe(0);
    for (const text of texts) expect(help.stdout.replace(/\s+/g, ' ')).toContain(text);
  });
});

describe('qiao demo --once', () => {
  it('exits after the summary without offering a console it stops', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'qiao-cli-demo-'));
    try {
      const result = await runQiao([
        '--data-dir',
        dataDir,
        'demo',
        '--once',
        '--instances',
        '5',
        '--port',
        '0',
      ]);
      expect([result.code, result.stderr]).toEqual([0, '']);
      expect(result.stdout).toContain('全部场景完成');
      expect(result.stdout).not.toMatch(/console and API: |首次打开时创建管理员账号/);
      expect(result.stdout).toContain('--once：服务器随即停止');
      expect(result.stdout).toContain(`npx qiao --data-dir ${join(dataDir, 'demo')} runs list`);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
