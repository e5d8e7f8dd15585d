/**
 * antd's theme with colours that meet WCAG 2.1 AA contrast (4.5:1 for text): antd's default blue and
 * its tertiary grey text fall short on white.
 *
 * Motion is off: a busy official gains nothing from it, and antd's button spinner leaves by a CSS transition
 * whose end event never fires when a request finishes within the enter transition, so a fast answer could
 * leave a spinning "loading" icon on a button that is no longer busy.
 */
import type { ThemeConfig } from 'antd';

export const theme: ThemeConfig = {
  token: {
    colorPrimary: '#0b57d0',
    colorPrimaryHover: '#0842a0',
    colorPrimaryActive: '#062e70',
    colorLink: '#0b57d0',
    colorLinkHover: '#0842a0',
    colorError: '#b3261e',
    colorSuccess: '#1e7e34',
    colorTextTertiary: '#595959',
    colorTextDescription: '#595959',
    colorTextPlaceholder: '#6b6b6b',
    fontSize: 15,
    motion: false,
  },
};
