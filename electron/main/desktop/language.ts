// The shell speaks the agent's UI language; Chinese is the default everywhere.
export type Language = 'zh' | 'en';

export function inLanguage(language: Language, zh: string, en: string): string {
  return language === 'en' ? en : zh;
}
