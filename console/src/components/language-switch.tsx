/**
 * English / Español / Français, switchable at any time: native radio buttons (each label in its own
 * language), so every browser and screen reader handles them as they are.
 */
import { useTranslation } from 'react-i18next';
import { LANGUAGES } from '../i18n/i18n';

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <fieldset className="language-switch">
      <legend>{t('app.language')}</legend>
      {LANGUAGES.map((l) => (
        <label key={l.code} lang={l.code} className={i18n.language === l.code ? 'checked' : undefined}>
          <input
            type="radio"
            name="language"
            value={l.code}
            checked={i18n.language === l.code}
            onChange={() => void i18n.changeLanguage(l.code)}
          />
          {l.label}
        </label>
      ))}
    </fieldset>
  );
}
