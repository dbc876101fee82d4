import type { Lang } from './messages.ts';

const CJK = /[\u3400-\u9fff]/;

/** The console's language as the provider stores it, for code outside React (the API client). */
export function currentLang(): Lang {
  return globalThis.localStorage?.getItem('qiao.lang') === 'en' ? 'en' : 'zh';
}

/**
 * A server message in the server's `中文 / English` form, reduced to the part in `lang`. Anything else —
 * no separator, several (a message quoting another), an English half with Chinese in it (a field's own
 * label) — is shown whole: better both languages than a wrong cut.
 */
export function inLanguage(text: string, lang: Lang = currentLang()): string {
  const parts = text.split(' / ');
  if (parts.length !== 2) return text;
  const [zh = '', en = ''] = parts;
  if (!CJK.test(zh) || CJK.test(en) || !en.trim()) return text;
  return lang === 'zh' ? zh.trim() : en.trim();
}
