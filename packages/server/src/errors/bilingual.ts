const CJK = /[\u3400-\u9fff]/;

/** The separator between the Chinese and the English half of a message. */
const SEPARATOR = ' / ';

/**
 * A message in Qiao's `中文 / English` form reduced to the half in `lang` (the CLI's `--lang`). Anything
 * else — no separator, several (a message quoting another), an English half with Chinese in it (a
 * field's own label) — stays whole: both languages are better than a wrong cut. The console does the
 * same with the API's messages (packages/console/src/i18n/bilingual.ts).
 */
export function messageIn(text: string, lang: 'zh' | 'en'): string {
  const parts = text.split(SEPARATOR);
  if (parts.length !== 2) return text;
  const [zh = '', en = ''] = parts;
  if (!CJK.test(zh) || CJK.test(en) || !en.trim()) return text;
  return lang === 'zh' ? zh.trim() : en.trim();
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
