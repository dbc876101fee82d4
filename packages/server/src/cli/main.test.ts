import { spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const BIN = resolve(dirname(fileURLToPath(import.meta.url)), '../../bin/qiao.mjs');

/** The real `qiao` (from the sources: main.ts) in a child process. */
function qiao(args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((done, fail) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, QIAO_LANG: '', QIAO_FROM_SOURCE: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

describe('qiao (main.ts) exits with the code of what happened on the command line', () => {
  it('help: 0, in the language asked for; a mistake: 2, one line in that language, then the help', async () => {
    const [help, english, unknown] = await Promise.all([
      qiao(['runs', '--help']),
      qiao(['runs', '--help'], { QIAO_LANG: 'en' }),
      qiao(['runs', 'lst']),
    ]);
    expect([help.code, help.stdout.split('\n')[0]]).toEqual([0, '用法： qiao runs [options] [command]']);
    expect([english.code, english.stdout.split('\n')[0]]).toEqual([
      0,
      'Usage: qiao runs [options] [command]',
    ]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^错误: 未知的命令 'lst'（是不是想用 list？）\n\n用法： qiao runs/);
    expect(unknown.stderr).not.toMatch(/\n\s+at /);
  });
});
