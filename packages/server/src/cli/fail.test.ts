import { afterEach, describe, expect, it, vi } from 'vitest';
import { QiaoError } from '../errors/index.ts';
import { backfillRange } from '../sync/backfill-range.ts';
import { CliError, EXIT, reportError } from './fail.ts';
import { currentLanguage, setLanguage, unknownLanguage } from './messages.ts';
import { LABELS, userErrorAt } from './system-errors.ts';

const CJK = /[\u3400-\u9fff]/;

/** What `reportError` prints, in `lang`, and the exit code it returns. */
function reported(error: unknown, lang: 'zh' | 'en'): { line: string; code: number } {
  const before = currentLanguage();
  const print = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    setLanguage(lang);
    const code = reportError(error);
    expect(print).toHaveBeenCalledTimes(1);
    return { line: String(print.mock.calls[0]?.[0]), code };
  } finally {
    setLanguage(before);
  }
}

function thrown(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('reportError', () => {
  afterEach(() => vi.restoreAllMocks());

  it('prints a coded error in the language of the CLI only', () => {
    const now = Date.parse('2026-11-22T12:00:00Z');
    const invalid = thrown(() => backfillRange({ from: '2026-10-41' }, { now }));
    const en = reported(invalid, 'en');
    expect(en.line).toMatch(/^error \[INPUT_INVALID\]: invalid backfill from "2026-10-41": give epoch ms/);
    expect(en.line).not.toMatch(CJK);
    expect(en.code).toBe(EXIT.usage);
    const zh = reported(invalid, 'zh');
    expect(zh.line).toMatch(/^错误 \[INPUT_INVALID\]: 补数的 from 无效："2026-10-41"/);
    expect(zh.line).not.toContain('invalid backfill');
    const empty = thrown(() => backfillRange({ from: '2026-10-01', to: '2026-09-01' }, { now }));
    expect(reported(empty, 'en').line).toMatch(/^error \[INPUT_INVALID\]: empty backfill range: /);
    expect(reported(empty, 'en').line).not.toMatch(CJK);
  });

  it('keeps a path or value the message quotes, Chinese or not, in both languages', () => {
    const missing = userErrorAt({ read: '/home/张三/项目', label: LABELS.project }, { code: 'ENOENT' });
    expect(reported(missing, 'en').line).toBe('error [NOT_FOUND]: project folder not found: /home/张三/项目');
    expect(reported(missing, 'zh').line).toBe('错误 [NOT_FOUND]: 项目文件夹不存在：/home/张三/项目');
  });

  it('prints an unexpected error and a CLI error as they are', () => {
    expect(reported(new TypeError('x is undefined'), 'en')).toEqual({
      line: 'error [INTERNAL]: x is undefined',
      code: EXIT.unexpected,
    });
    const unknown = new CliError(unknownLanguage('fr', '--lang'));
    expect(reported(unknown, 'zh').line).toBe(`错误: ${unknown.message}`);
    const bug = new QiaoError('INTERNAL', '内部错误 / internal error');
    expect(reported(bug, 'en')).toEqual({ line: 'error [INTERNAL]: internal error', code: EXIT.unexpected });
  });
});
