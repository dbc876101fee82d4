import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setLanguage } from './messages.ts';
import { runCli } from './program.ts';

/** `qiao` in process: what commander wrote (help, its errors) and the exit code `main.ts` would exit with. */
async function qiao(...args: string[]): Promise<{ code: number | undefined; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, {
    writeOut: (text) => {
      out += text;
    },
    writeErr: (text) => {
      err += text;
    },
  });
  return { code, out, err };
}

/** The first line commander wrote to standard error: the error itself (the help follows it). */
const firstLine = (text: string) => text.split('\n')[0];

describe('qiao help and command-line errors follow the language', () => {
  beforeEach(() => {
    vi.stubEnv('QIAO_LANG', '');
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    setLanguage('zh');
  });

  it('qiao --help is Chinese by default: titles, descriptions and the built-in help texts', async () => {
    const { code, out } = await qiao('--help');
    expect(code).toBe(0);
    expect(out).toMatch(/^用法： qiao \[options\] \[command\]\n/);
    for (const text of [
      '选项：',
      '命令：',
      'Qiao（桥）— 企业 SaaS 与 ERP 系统的集成平台',
      '显示版本号',
      '-h, --help                     显示帮助',
      'help [command]                 显示某个命令的帮助',
      '提示语言：zh（默认）或 en',
      '内置存储和密钥所在的目录（默认：".qiao"，环境变',
      '校验定义文件或文件夹',
    ])
      expect(out).toContain(text);
    expect(out).not.toMatch(/Usage:|Options:|Commands:|display help|output the version|\(default:/);
  });

  it('qiao --help is English with --lang en, --lang=en or QIAO_LANG=en', async () => {
    for (const run of [() => qiao('--lang', 'en', '--help'), () => qiao('--lang=en', '--help')]) {
      const { code, out } = await run();
      expect(code).toBe(0);
      expect(out).toMatch(/^Usage: qiao \[options\] \[command\]\n/);
      expect(out).toContain('-h, --help                     display help for command');
      expect(out).toContain('(default: ".qiao", env: QIAO_DATA_DIR)');
      expect(out).toContain('validate definition files or folders');
      expect(out).not.toMatch(/[\u4e00-\u9fff]{2}/); // only 桥, in the program's name
    }
    vi.stubEnv('QIAO_LANG', 'en_US.UTF-8');
    expect((await qiao('--help')).out).toMatch(/^Usage: qiao/);
    // --lang outranks the environment.
    expect((await qiao('--lang', 'zh', '--help')).out).toMatch(/^用法： qiao/);
  });

  it('qiao runs --help and qiao runs list --help, in both languages', async () => {
    const zh = await qiao('runs', '--help');
    expect(zh.code).toBe(0);
    expect(zh.out).toMatch(/^用法： qiao runs \[options\] \[command\]\n\n列出运行/);
    expect(zh.out).toContain('list [options]           列出最近的运行，最新的在前');
    expect(zh.out).toContain('help [command]           显示某个命令的帮助');
    const en = await qiao('--lang', 'en', 'runs', '--help');
    expect(en.out).toMatch(/^Usage: qiao runs \[options\] \[command\]\n\nlist runs/);
    expect(en.out).toContain('Commands:\n  list [options]           list recent runs, newest first');
    expect((await qiao('runs', 'list', '--help')).out).toContain('显示多少条（默认："20"）');
    expect((await qiao('runs', 'list', '--help', '--lang', 'en')).out).toContain('how many (default: "20")');
  });

  it('wraps Chinese descriptions between characters, within the width', async () => {
    const { out } = await qiao('run', '--help');
    expect(out).toContain('参数：\n  file');
    const lines = out.split('\n');
    const columns = (line: string) =>
      line.length + (line.match(/[\u3000-\u9fff\uff00-\uff60]/g)?.length ?? 0);
    expect(Math.max(...lines.map(columns))).toBeLessThanOrEqual(80);
    // No line of a description starts with closing punctuation or ends with opening punctuation.
    expect(lines.filter((line) => /^\s+[，。、；：）]|（$/.test(line))).toEqual([]);
  });

  it('an unknown option: a one-line error with the suggestion, exit 2, then the help', async () => {
    const zh = await qiao('runs', 'list', '--staus', 'failed');
    expect(zh.code).toBe(2);
    expect(firstLine(zh.err)).toBe("错误: 未知的选项 '--staus'（是不是想用 --status？）");
    expect(zh.err).toContain('\n\n用法： qiao runs list [options]');
    const en = await qiao('--lang', 'en', 'runs', 'list', '--staus', 'failed');
    expect([en.code, firstLine(en.err)]).toEqual([
      2,
      "error: unknown option '--staus' (did you mean --status?)",
    ]);
    expect(firstLine((await qiao('--lnag', 'en')).err)).toBe(
      "错误: 未知的选项 '--lnag'（是不是想用 --lang？）",
    );
    expect(firstLine((await qiao('runs', 'list', '--zzz')).err)).toBe("错误: 未知的选项 '--zzz'");
  });

  it('a missing argument, a missing option value, too many arguments: exit 2', async () => {
    const missing = await qiao('runs', 'show');
    expect([missing.code, firstLine(missing.err)]).toEqual([2, "错误: 缺少必需的参数 'runId'"]);
    const english = await qiao('runs', 'show', '--lang', 'en');
    expect([english.code, firstLine(english.err)]).toEqual([2, "error: missing required argument 'runId'"]);
    const noValue = await qiao('serve', '--port');
    expect([noValue.code, firstLine(noValue.err)]).toEqual([2, "错误: 选项 '--port <port>' 缺少值"]);
    const tooMany = await qiao('--lang', 'en', 'runs', 'list', 'extra');
    expect([tooMany.code, firstLine(tooMany.err)]).toEqual([
      2,
      "error: too many arguments for 'list': expected at most 0, got 1",
    ]);
  });

  it('an unknown command, with what was probably meant, exit 2', async () => {
    const zh = await qiao('serv');
    expect([zh.code, firstLine(zh.err)]).toEqual([2, "错误: 未知的命令 'serv'（是不是想用 serve？）"]);
    const en = await qiao('--lang', 'en', 'runs', 'lst');
    expect([en.code, firstLine(en.err)]).toEqual([2, "error: unknown command 'lst' (did you mean list?)"]);
    expect(firstLine((await qiao('frobnicate')).err)).toBe("错误: 未知的命令 'frobnicate'");
  });

  it('the version is 0; a language it does not speak is refused before any help, exit 2', async () => {
    const version = await qiao('--version');
    expect([version.code, version.out]).toEqual([0, '0.1.0\n']);
    const printed: string[] = [];
    const error = vi.spyOn(console, 'error').mockImplementation((line: string) => printed.push(line));
    try {
      const refused = await qiao('--lang', 'fr', '--help');
      expect([refused.code, refused.out]).toEqual([2, '']);
      expect(printed.join('\n')).toContain('unknown language "fr" (--lang): use zh or en');
    } finally {
      error.mockRestore();
    }
  });
});
