/** Dates and numbers in the current language's conventions (Intl), re-rendered when it changes. */
import { useTranslation } from 'react-i18next';

export interface Format {
  locale: string;
  dateTime(value: string | Date): string;
  date(value: string | Date): string;
  number(value: number): string;
}

export function useFormat(): Format {
  const { i18n } = useTranslation();
  const locale = i18n.language;
  return {
    locale,
    dateTime: (value) =>
      new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium' }).format(new Date(value)),
    date: (value) => new Intl.DateTimeFormat(locale, { dateStyle: 'long' }).format(new Date(value)),
    number: (value) => new Intl.NumberFormat(locale).format(value),
  };
}
