import { spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = resolve(dirname(fileURLToPath(import.meta.url)), '../../bin/qiao.mjs');

/** What a `qiao` process printed and how it exited. */
export interface QiaoResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real `qiao` command in a child process and waits for it to exit. */
export function runQiao(
  args: string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): Promise<QiaoResult> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd,
      env: { ...process.env, QIAO_LANG: 'zh', ...options.env },
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
