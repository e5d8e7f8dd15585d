import type { AreaTexts } from '../i18n/area-texts';

const en = {};

export const riskTexts: AreaTexts<typeof en> = { en, es: {}, fr: {} };
