/**
 * A screen area's own strings, kept beside its screens (console/src/permits/i18n.ts ...) and merged into
 * the shared catalogue at start-up: Spanish and French have the English shape (the compiler checks it).
 */
export type TextShape<T> = { [K in keyof T]: T[K] extends string ? string : TextShape<T[K]> };

export interface AreaTexts<T> {
  en: T;
  es: TextShape<T>;
  fr: TextShape<T>;
}
