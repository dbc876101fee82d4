import { createContext, type ReactNode, useContext, useMemo, useState } from 'react';
import { type Lang, MESSAGES, type MessageKey } from './messages.ts';

/** Translates a key with `{name}` placeholders. */
export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

/**
 * Formats a message of a dictionary (exported for tests): `{name}` is the value, `{name|one|other}` picks
 * `one` when the value is 1 and `other` otherwise (English plurals: `{n} {n|interface|interfaces}`).
 */
export function format(lang: Lang, key: MessageKey, vars: Record<string, string | number> = {}): string {
  const text = MESSAGES[lang][key] ?? key;
  return text
    .replace(/\{(\w+)\|([^|}]*)\|([^}]*)\}/g, (_, name: string, one: string, other: string) =>
      Number(vars[name]) === 1 ? one : other,
    )
    .replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? `{${name}}`));
}

/** A step type's name, or "unknown type" naming it when the console has no name for it (a typo in YAML). */
export function stepTypeLabel(t: Translate, type: string): string {
  const key = `step.${type}` as MessageKey;
  return key in MESSAGES.zh ? t(key) : t('step.unknown', { type });
}

interface I18n {
  lang: Lang;
  setLang(lang: Lang): void;
  t: Translate;
}

const Ctx = createContext<I18n>({ lang: 'zh', setLang: () => {}, t: (k, v) => format('zh', k, v) });

/** Provides the language (Chinese by default, remembered in localStorage). */
export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(localStorage.getItem('qiao.lang') === 'en' ? 'en' : 'zh');
  const value = useMemo<I18n>(
    () => ({
      lang,
      setLang: (l) => {
        localStorage.setItem('qiao.lang', l);
        document.documentElement.lang = l === 'zh' ? 'zh-CN' : 'en';
        setLangState(l);
      },
      t: (k, v) => format(lang, k, v),
    }),
    [lang],
  );
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

/** The current language and translator. */
export function useI18n(): I18n {
  return useContext(Ctx);
}
