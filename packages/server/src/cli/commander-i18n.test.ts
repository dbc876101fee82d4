import { afterEach, describe, expect, it } from 'vitest';
import { commanderMessage, QiaoHelp } from './commander-i18n.ts';
import { langArgument, languageOf } from './global-options.ts';
import { type Language, setLanguage } from './messages.ts';

/** `commanderMessage` in `lang`. */
function say(lang: Language, code: string, message: string): string {
  setLanguage(lang);
  return commanderMessage(code, message);
}

describe("commander's errors in the CLI's language", () => {
  afterEach(() => setLanguage('zh'));

  it.each([
    [
      'commander.unknownOption',
      "error: unknown option '--staus'\n(Did you mean --status?)",
      "未知的选项 '--staus'（是不是想用 --status？）",
      "unknown option '--staus' (did you mean --status?)",
    ],
    [
      'commander.unknownCommand',
      "error: unknown command 'rn'\n(Did you mean one of run, runs?)",
      "未知的命令 'rn'（是不是想用其中之一：run, runs？）",
      "unknown command 'rn' (did you mean one of run, runs?)",
    ],
    [
      'commander.missingArgument',
      "error: missing required argument 'id'",
      "缺少必需的参数 'id'",
      "missing required argument 'id'",
    ],
    [
      'commander.optionMissingArgument',
      "error: option '--x <v>' argument missing",
      "选项 '--x <v>' 缺少值",
      "option '--x <v>' needs a value",
    ],
    [
      'commander.missingMandatoryOptionValue',
      "error: required option '--out <file>' not specified",
      "缺少必需的选项 '--out <file>'",
      "required option '--out <file>' not given",
    ],
    [
      'commander.excessArguments',
      'error: too many arguments. Expected 1 argument but got 3.',
      '参数过多：最多 1 个，收到 3 个',
      'too many arguments: expected at most 1, got 3',
    ],
    [
      'commander.conflictingOption',
      "error: option '--a' cannot be used with environment variable 'B'",
      "选项 '--a' 不能与 环境变量 'B' 同时使用",
      "option '--a' cannot be used with environment variable 'B'",
    ],
    [
      'commander.invalidArgument',
      "error: option '--format <f>' argument 'pdf' is invalid. Allowed choices are csv, xlsx.",
      "选项 '--format <f>' 的值 'pdf' 无效：可选：csv, xlsx",
      "option '--format <f>': the value 'pdf' is invalid: allowed: csv, xlsx",
    ],
    [
      'commander.invalidArgument',
      "error: command-argument value 'sap' is invalid for argument 'system'. Allowed choices are jdy.",
      "参数 'system' 的值 'sap' 无效：可选：jdy",
      "argument 'system': the value 'sap' is invalid: allowed: jdy",
    ],
    [
      'commander.invalidArgument',
      "error: option '--n <n>' value 'x' from env 'N' is invalid. not a number",
      "选项 '--n <n>' 取自环境变量 N 的值 'x' 无效：not a number",
      "option '--n <n>': the value 'x' from the environment variable N is invalid: not a number",
    ],
  ])('%s', (code, message, zh, en) => {
    expect(say('zh', code, message)).toBe(zh);
    expect(say('en', code, message)).toBe(en);
  });

  it("keeps commander's words, on one line, for an error it does not know", () => {
    expect(say('zh', 'commander.somethingNew', 'error: something new\n(more)')).toBe('something new (more)');
    expect(say('zh', 'commander.unknownOption', 'error: an unknown option, worded anew')).toBe(
      'an unknown option, worded anew',
    );
  });
});

describe('help measured and wrapped for Chinese', () => {
  afterEach(() => setLanguage('zh'));

  it('counts a Chinese character as two columns, colours as none', () => {
    const help = new QiaoHelp();
    expect(help.displayWidth('ab')).toBe(2);
    expect(help.displayWidth('显示帮助')).toBe(8);
    expect(help.displayWidth('\u001b[1m用法：\u001b[0m')).toBe(6);
  });

  it('breaks Chinese between characters, keeping punctuation with its character', () => {
    const help = new QiaoHelp();
    const text = '只看来源键或目标单号包含这段文字的记录（pending, failed）';
    const lines = help.boxWrap(text, 40).split('\n');
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.join('').replace(/\s/g, '')).toBe(text.replace(/\s/g, ''));
    expect(lines.every((line) => help.displayWidth(line) <= 40)).toBe(true);
    expect(help.boxWrap('a short line', 40)).toBe('a short line');
    expect(help.boxWrap('first line\n\n  indented', 40)).toBe('first line\n\n  indented');
  });
});

describe('the language asked for before commander parses', () => {
  it('reads --lang and --lang= (the last one), not after --', () => {
    expect(langArgument(['runs', 'list', '--lang', 'en'])).toBe('en');
    expect(langArgument(['--lang=en', 'runs', '--lang', 'zh'])).toBe('zh');
    expect(langArgument(['run', 'x', '--', '--lang', 'en'])).toBeUndefined();
    expect(langArgument(['--lang'])).toBeUndefined();
  });

  it('takes --lang over QIAO_LANG over Chinese, and refuses another language', () => {
    expect(languageOf(undefined, '')).toBe('zh');
    expect(languageOf(undefined, 'en-GB')).toBe('en');
    expect(languageOf('zh', 'en')).toBe('zh');
    expect(() => languageOf('fr', 'en')).toThrow('unknown language "fr" (--lang)');
    expect(() => languageOf(undefined, 'de')).toThrow('未知的语言 "de"（QIAO_LANG）');
  });
});
