// A small i18n layer: the language is a rune, strings come from one file per language, and a
// localized error picks messageZh or message.
import { en } from './en';
import { zh, type Strings } from './zh';

export type Language = 'zh' | 'en';
const STORAGE_KEY = 'workphone.language';

function initialLanguage(): Language {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}

class I18n {
  language = $state<Language>(initialLanguage());
  strings: Strings = $derived(this.language === 'en' ? en : zh);

  constructor() {
    document.documentElement.lang = this.language === 'en' ? 'en' : 'zh-CN';
  }

  setLanguage(language: Language): void {
    this.language = language;
    document.documentElement.lang = language === 'en' ? 'en' : 'zh-CN';
    try {
      localStorage.setItem(STORAGE_KEY, language);
    } catch {
      // Private mode: the choice lasts for this session only.
    }
  }

  /** The message of a typed error in the current language. */
  errorText(error: { message: string; messageZh?: string }): string {
    return this.language === 'zh' && error.messageZh ? error.messageZh : error.message;
  }
}

export const i18n = new I18n();
