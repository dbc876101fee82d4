const CJK = /[\u3400-\u9fff]/;
const CJK_RUNS = /[\u3400-\u9fff]+/g;

/** The separator between the Chinese and the English half of a message. */
const SEPARATOR = ' / ';

/**
 * A message in Qiao's `中文 / English` form reduced to the half in `lang` (the CLI's `--lang`). The cut is
 * the one separator outside double-quoted text (a quoted value may hold ` / ` itself) after which the
 * English half has no Chinese of its own: Chinese there must repeat text of the Chinese half — a value, a
 * path or a system's message quoted in both halves (`应为 object，实际是 "表单" / Expected object, got
 * "表单"`). Anything else — no separator, several cuts that would do (a message quoting another whole), an
 * English half with Chinese the Chinese half does not have — stays whole: both languages are better
 * than a wrong cut. The console cuts the API's messages with a simpler rule
 * (packages/console/src/i18n/bilingual.ts), which leaves such messages whole.
 */
export function messageIn(text: string, lang: 'zh' | 'en'): string {
  // Quotes a system's text opened and did not close (`Missing closing "quote`) pair wrongly: then without them.
  const at = cutAt(text, quotedSpans(text)) ?? cutAt(text, []);
  if (at === undefined) return text;
  return lang === 'zh' ? text.slice(0, at).trim() : text.slice(at + SEPARATOR.length).trim();
}

/** Where a `中文 / English` message cuts in two (the separator's index), or undefined when no one place is safe. */
function cutAt(text: string, quotes: ReadonlyArray<[number, number]>): number | undefined {
  let found: number | undefined;
  for (let at = text.indexOf(SEPARATOR); at >= 0; at = text.indexOf(SEPARATOR, at + 1)) {
    if (quotes.some(([start, end]) => at > start && at < end)) continue;
    const zh = text.slice(0, at);
    const en = text.slice(at + SEPARATOR.length);
    if (!CJK.test(zh) || !en.trim()) continue;
    if (!(en.match(CJK_RUNS) ?? []).every((run) => zh.includes(run))) continue;
    if (found !== undefined) return undefined;
    found = at;
  }
  return found;
}

/**
 * The `"…"` spans of a text (backslash escapes inside, as JSON writes them), each as [open, close]; none
 * when a quote is left open — then quotes say nothing about where a value ends.
 */
function quotedSpans(text: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  let open = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (open >= 0 && c === '\\') i++;
    else if (c === '"') {
      if (open < 0) open = i;
      else {
        spans.push([open, i]);
        open = -1;
      }
    }
  }
  return open >= 0 ? [] : spans;
}

/** A message in Qiao's `中文 / English` form from its Chinese and its English half. */
export function bilingual(zh: string, en: string): string {
  return `${zh}${SEPARATOR}${en}`;
}

/**
 * Another message to quote inside a bilingual one, by half: a `中文 / English` message gives each half
 * only its own language, so the quoting message keeps one separator and still cuts in two
 * (`字段 a 映射失败：无效的时长 / Field a failed to map: invalid duration`); anything else — a system's own
 * text, a message that cannot be cut — is quoted as is in both halves.
 */
export function quoted(message: string): { zh: string; en: string } {
  return { zh: messageIn(message, 'zh'), en: messageIn(message, 'en') };
}
