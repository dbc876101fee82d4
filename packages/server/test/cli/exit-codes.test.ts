import { describe, expect, it } from 'vitest';
import { runQiao } from './run-qiao.ts';

/** The real `qiao` from the sources (main.ts), with no language set unless asked. */
function qiao(args: string[], env: Record<string, string> = {}) {
  return runQiao(args, { env: { QIAO_LANG: '', QIAO_FROM_SOURCE: '1', ...env } });
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
