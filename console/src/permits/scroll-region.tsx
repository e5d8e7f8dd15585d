/**
 * A wide table on a narrow screen (a tablet held upright) scrolls sideways inside this region, which the
 * keyboard can reach and scroll (WCAG 2.1.1; antd's own scrolling container is not focusable).
 */
import type { ReactNode } from 'react';

export function ScrollRegion({
  label,
  minWidth,
  children,
}: {
  label: string;
  minWidth: number;
  children: ReactNode;
}) {
  return (
    <div className="scroll-region" role="region" aria-label={label} tabIndex={0}>
      <div style={{ minWidth }}>{children}</div>
    </div>
  );
}
