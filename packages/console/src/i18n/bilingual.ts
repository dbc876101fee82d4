import { messageIn } from '../../../server/src/errors/bilingual.ts';
import type { Lang } from './messages.ts';

/** The console's language as the provider stores it, for code outside React (the API client). */
export function currentLang(): Lang {
  return globalThis.localStorage?.getItem('qiao.lang') === 'en' ? 'en' : 'zh';
}

/**
 * A server message in the server's `中文 / English` form, reduced to the part in `lang` — by the server's
 * own rule (`messageIn`, packages/server/src/errors/bilingual.ts, a module without imports): a message
 * quoting Chinese values or a system's text in both halves still cuts; anything that could be cut
 * wrongly is shown whole, both languages.
 */
export function inLanguage(text: string, lang: Lang = currentLang()): string {
  return messageIn(text, lang);
}
