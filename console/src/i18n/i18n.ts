/**
 * i18next with the three CITES working languages. The choice is kept in localStorage and mirrored on
 * <html lang>, so screen readers and the browser know the page's language.
 */
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en';
import { es } from './es';
import { fr } from './fr';
import { alertsTexts } from '../alerts/i18n';
import { customsTexts } from '../customs/i18n';
import { messageDetailTexts } from '../messages/detail/i18n';
import { overviewTexts } from '../overview/i18n';
import { partnersTexts } from '../partners/i18n';
import { permitsTexts } from '../permits/i18n';
import { reportsTexts } from '../reports/i18n';
import { riskTexts } from '../risk/i18n';
import { usersTexts } from '../users/i18n';

/** Each area's own strings, deep-merged over the shared catalogue. */
const AREAS = [
  overviewTexts,
  partnersTexts,
  messageDetailTexts,
  alertsTexts,
  usersTexts,
  permitsTexts,
  customsTexts,
  reportsTexts,
  riskTexts,
];

export const LANGUAGES = [
  { code: 'en', label: 'English' },
  { code: 'es', label: 'Español' },
  { code: 'fr', label: 'Français' },
] as const;
export type Language = (typeof LANGUAGES)[number]['code'];

const STORAGE_KEY = 'epix.console.language';

function initialLanguage(): Language {
  const stored = localStorage.getItem(STORAGE_KEY);
  const wanted = stored ?? navigator.language.slice(0, 2);
  return LANGUAGES.some((l) => l.code === wanted) ? (wanted as Language) : 'en';
}

export function setupI18n(): typeof i18next {
  void i18next.use(initReactI18next).init({
    resources: { en: { translation: en }, es: { translation: es }, fr: { translation: fr } },
    lng: initialLanguage(),
    fallbackLng: 'en',
    interpolation: { escapeValue: false },
  });
  for (const area of AREAS)
    for (const { code } of LANGUAGES) i18next.addResourceBundle(code, 'translation', area[code], true, true);
  document.documentElement.lang = i18next.language;
  i18next.on('languageChanged', (lng) => {
    document.documentElement.lang = lng;
    localStorage.setItem(STORAGE_KEY, lng);
  });
  return i18next;
}
