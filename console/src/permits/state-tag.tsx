/** A state as a tag whose colours keep 4.5:1 contrast (antd's preset green and red tags fall short). */
import { Tag } from 'antd';

const TAG_STYLES = {
  done: { color: '#135200', background: '#f6ffed', borderColor: '#95de64' },
  failed: { color: '#820014', background: '#fff1f0', borderColor: '#ffa39e' },
  open: { color: '#003eb3', background: '#e6f4ff', borderColor: '#91caff' },
  closed: { color: '#3a3a3a', background: '#f5f5f5', borderColor: '#bfbfbf' },
};

export type TagKind = keyof typeof TAG_STYLES;

export function StateTag({ kind, label, state }: { kind: TagKind; label: string; state?: string }) {
  return (
    <Tag style={TAG_STYLES[kind]} data-state={state}>
      {label}
    </Tag>
  );
}
