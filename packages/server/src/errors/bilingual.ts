const CJK = /[\u3400-\u9fff]/;

/**
 * A message in Qiao's `中文 / English` form reduced to the half in `lang` (the CLI's `--lang`). Anything
 * else — no separator, several (a message quoting another), an English half with Chinese in it (a
 * field's own label) — stays whole: both languages are better than a wrong cut. The console does the
 * same with the API's messages (packages/console/src/i18n/bilingual.ts).
 */
export function messageIn(text: string, lang: 'zh' | 'en'): string {
  const parts = text.split(' / ');
  if (parts.length !== 2) return text;
  const [zh = '', en = ''] = parts;
  if (!CJK.test(zh) || CJK.test(en) || !en.trim()) return text;
  return lang === 'zh' ? zh.trim() : en.trim();
}
