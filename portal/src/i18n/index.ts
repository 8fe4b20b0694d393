import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en';
import { ru } from './ru';

export const LOCALES = [
  { value: 'en', label: 'English' },
  { value: 'ru', label: 'Русский' },
] as const;
export type Locale = (typeof LOCALES)[number]['value'];

// The operator's choice lives in this browser (Profile › Language); until one is made, the
// browser's own language decides, so a Russian-speaking operator sees Russian from the first page.
const STORAGE_KEY = 'herald.locale';

function initialLocale(): Locale {
  const stored = localStorage.getItem(STORAGE_KEY);
  if (stored === 'en' || stored === 'ru') return stored;
  return navigator.language.toLowerCase().startsWith('ru') ? 'ru' : 'en';
}

void i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, ru: { translation: ru } },
  lng: initialLocale(),
  fallbackLng: 'en',
  // React escapes what it renders; escaping here too would show &amp; and friends.
  interpolation: { escapeValue: false },
  returnNull: false,
});

const syncHtmlLang = (lng: string) => document.documentElement.setAttribute('lang', lng);
syncHtmlLang(i18n.language);
i18n.on('languageChanged', syncHtmlLang);

export function setLocale(locale: Locale): void {
  localStorage.setItem(STORAGE_KEY, locale);
  void i18n.changeLanguage(locale);
}

export const currentLocale = (): Locale => (i18n.language === 'ru' ? 'ru' : 'en');

export { i18n };
