/**
 * Commander in the CLI's language: the help's section titles and the notes it adds to descriptions (default,
 * choices, env), and commander's own errors (unknown option or command, a missing argument…) as the CLI's
 * one-line bilingual errors, exit code 2. The descriptions themselves are given to commander in the current
 * language by each command (`zhEn`); the help and version options' by `program.ts`.
 */
import { type Argument, Command, type ErrorOptions, Help, type Option } from 'commander';
import { EXIT } from './fail.ts';
import { currentLanguage, type MessageKey, t } from './messages.ts';

/** A command whose subcommands, help and errors speak the CLI's language. */
export class QiaoCommand extends Command {
  override createCommand(name?: string): QiaoCommand {
    return new QiaoCommand(name);
  }

  override createHelp(): Help {
    return Object.assign(new QiaoHelp(), this.configureHelp());
  }

  /**
   * Every error commander reports (an unknown option, a missing argument…) comes here with its code: it is
   * written as the CLI writes a user error, `错误: …` / `error: …` on one line, and exits with code 2.
   */
  override error(message: string, errorOptions?: ErrorOptions): never {
    const code = errorOptions?.code ?? 'commander.error';
    const exitCode = code.startsWith('commander.') ? EXIT.usage : (errorOptions?.exitCode ?? EXIT.usage);
    return super.error(`${t('error')}: ${commanderMessage(code, message)}`, { code, exitCode });
  }
}

/** Commander's section titles, by the words it passes to `styleTitle`. */
const TITLES: Record<string, MessageKey> = {
  'Usage:': 'helpUsage',
  'Arguments:': 'helpArguments',
  'Options:': 'helpOptions',
  'Global Options:': 'helpGlobalOptions',
  'Commands:': 'helpCommands',
};

/** Characters a terminal shows two columns wide (CJK, kana, hangul, full-width forms). */
const WIDE =
  '\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6';
const WIDE_CHAR = new RegExp(`[${WIDE}]`, 'g');
/** Punctuation a line should not end with (opening) or start with (closing). */
const OPENING = '（《「『【〈“‘([';
const CLOSING = '，。、；：？！）》」』】〉”’,.;:?!)\\]';
/**
 * What a help line may break between: words (after their spaces), and single wide characters (Chinese has no
 * spaces), each keeping the opening punctuation before it and the closing punctuation after it.
 */
const CHUNK = new RegExp(`\\s*[${OPENING}]*(?:[${WIDE}]|[^\\s${WIDE}]+)[${CLOSING}]*`, 'g');

/** Commander's `Help` with the titles and description notes in the CLI's language, and Chinese measured and wrapped. */
export class QiaoHelp extends Help {
  override styleTitle(title: string): string {
    const key = TITLES[title];
    return key ? t(key) : title;
  }

  override optionDescription(option: Option): string {
    const notes: string[] = [];
    if (option.argChoices) notes.push(t('helpChoices', { values: choices(option.argChoices) }));
    // As commander: a boolean option's default is for the programmer, not shown.
    const showDefault =
      option.required || option.optional || (option.isBoolean() && typeof option.defaultValue === 'boolean');
    if (option.defaultValue !== undefined && showDefault)
      notes.push(t('helpDefault', { value: shownDefault(option) }));
    if (option.presetArg !== undefined && option.optional)
      notes.push(t('helpPreset', { value: JSON.stringify(option.presetArg) }));
    if (option.envVar !== undefined) notes.push(t('helpEnv', { name: option.envVar }));
    return withNotes(option.description, notes);
  }

  override argumentDescription(argument: Argument): string {
    const notes: string[] = [];
    if (argument.argChoices) notes.push(t('helpChoices', { values: choices(argument.argChoices) }));
    if (argument.defaultValue !== undefined) notes.push(t('helpDefault', { value: shownDefault(argument) }));
    return withNotes(argument.description, notes);
  }

  /** Columns on a terminal: colours take none, a Chinese character two (so descriptions line up and wrap in time). */
  override displayWidth(text: string): number {
    const plain = super.displayWidth(text);
    return plain + (text.match(WIDE_CHAR)?.length ?? 0);
  }

  /** As commander's, but a line of Chinese may also break between characters. */
  override boxWrap(text: string, width: number): string {
    if (width < this.minWidthToWrap) return text;
    return text
      .split(/\r\n|\n/)
      .map((line) => {
        const [first, ...chunks] = line.match(CHUNK) ?? [];
        if (first === undefined) return '';
        const lines: string[] = [];
        let current = first;
        let used = this.displayWidth(first);
        for (const chunk of chunks) {
          const chunkWidth = this.displayWidth(chunk);
          if (used + chunkWidth <= width) {
            current += chunk;
            used += chunkWidth;
            continue;
          }
          lines.push(current);
          current = chunk.trimStart();
          used = this.displayWidth(current);
        }
        lines.push(current);
        return lines.join('\n');
      })
      .join('\n');
  }
}

function choices(values: readonly string[]): string {
  return values.map((value) => JSON.stringify(value)).join(', ');
}

function shownDefault(item: Option | Argument): string {
  return item.defaultValueDescription || JSON.stringify(item.defaultValue);
}

/** A description with its notes in brackets: `端口（默认："8080"）`, `port (default: "8080")`. */
function withNotes(description: string, notes: string[]): string {
  if (notes.length === 0) return description;
  const zh = currentLanguage() === 'zh';
  const text = notes.join(zh ? '，' : ', ');
  if (zh) return `${description}（${text}）`;
  return description ? `${description} (${text})` : `(${text})`;
}

/** How one kind of commander error is read (from commander's English message) and said in the CLI's language. */
interface Translation {
  code: string;
  pattern: RegExp;
  say: (parts: string[], suggestion: string) => string;
}

const TRANSLATIONS: Translation[] = [
  {
    code: 'commander.unknownOption',
    pattern: /^unknown option '(.*)'$/,
    say: ([flag = ''], suggestion) => t('unknownOption', { flag, suggestion }),
  },
  {
    code: 'commander.unknownCommand',
    pattern: /^unknown command '(.*)'$/,
    say: ([name = ''], suggestion) => t('unknownCommand', { name, suggestion }),
  },
  {
    code: 'commander.missingArgument',
    pattern: /^missing required argument '(.*)'$/,
    say: ([name = '']) => t('missingArgument', { name }),
  },
  {
    code: 'commander.optionMissingArgument',
    pattern: /^option '(.*)' argument missing$/,
    say: ([flags = '']) => t('optionMissingValue', { flags }),
  },
  {
    code: 'commander.missingMandatoryOptionValue',
    pattern: /^required option '(.*)' not specified$/,
    say: ([flags = '']) => t('missingMandatoryOption', { flags }),
  },
  {
    code: 'commander.excessArguments',
    pattern: /^too many arguments(?: for '(.*)')?\. Expected (\d+) arguments? but got (\d+)\.$/,
    say: ([command, expected = '', received = '']) =>
      command === undefined
        ? t('excessArguments', { expected, received })
        : t('excessArgumentsOf', { command, expected, received }),
  },
  {
    code: 'commander.conflictingOption',
    pattern:
      /^(option|environment variable) '(.*)' cannot be used with (option|environment variable) '(.*)'$/,
    say: ([aKind = '', a = '', bKind = '', b = '']) =>
      t('conflictingOptions', { a: conflictSide(aKind, a), b: conflictSide(bKind, b) }),
  },
  {
    code: 'commander.invalidArgument',
    pattern: /^option '(.*)' argument '(.*)' is invalid\.(?: (.*))?$/,
    say: ([flags = '', value = '', reason]) => t('invalidOptionValue', { flags, value, reason: why(reason) }),
  },
  {
    code: 'commander.invalidArgument',
    pattern: /^option '(.*)' value '(.*)' from env '(.*)' is invalid\.(?: (.*))?$/,
    say: ([flags = '', value = '', env = '', reason]) =>
      t('invalidEnvValue', { flags, value, env, reason: why(reason) }),
  },
  {
    code: 'commander.invalidArgument',
    pattern: /^command-argument value '(.*)' is invalid for argument '(.*)'\.(?: (.*))?$/,
    say: ([value = '', name = '', reason]) => t('invalidArgumentValue', { name, value, reason: why(reason) }),
  },
];

function conflictSide(kind: string, name: string): string {
  return t(kind === 'option' ? 'conflictOption' : 'conflictEnv', { name });
}

/** The reason after an invalid value: commander's list of choices in the CLI's language, any other as given. */
function why(reason: string | undefined): string {
  if (!reason) return '';
  const allowed = /^Allowed choices are (.*)\.$/.exec(reason);
  return t('invalidReason', { reason: allowed ? t('allowedChoices', { values: allowed[1] ?? '' }) : reason });
}

/** Commander's "(Did you mean …?)" line, in the CLI's language; '' without one. */
function suggestionOf(lines: string[]): string {
  for (const line of lines) {
    const match = /^\(Did you mean (one of )?(.*)\?\)$/.exec(line.trim());
    if (match) return t(match[1] ? 'didYouMeanOneOf' : 'didYouMean', { names: match[2] ?? '' });
  }
  return '';
}

/**
 * Commander's error `message` (English, `error: …`, a suggestion on a second line) of `code` in the CLI's
 * language, on one line without the `error:` label. An error this does not know — a commander that words it
 * differently — keeps commander's words, still on one line.
 */
export function commanderMessage(code: string, message: string): string {
  const [first = '', ...rest] = message
    .replace(/^error: /, '')
    .trimEnd()
    .split('\n');
  for (const translation of TRANSLATIONS) {
    if (translation.code !== code) continue;
    const match = translation.pattern.exec(first);
    if (match) return translation.say(match.slice(1), suggestionOf(rest));
  }
  return [first, ...rest.map((line) => line.trim())].filter(Boolean).join(' ');
}
