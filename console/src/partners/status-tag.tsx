/** A partner's or certificate's state as a tag with AA contrast. */
import { Tag } from 'antd';

const STYLES = {
  good: { color: '#135200', background: '#f6ffed', borderColor: '#95de64' },
  bad: { color: '#820014', background: '#fff1f0', borderColor: '#ffa39e' },
  neutral: { color: '#613400', background: '#fff7e6', borderColor: '#ffd591' },
};

export function StatusTag({ kind, label }: { kind: keyof typeof STYLES; label: string }) {
  return <Tag style={STYLES[kind]}>{label}</Tag>;
}

export function partnerKind(status: string): keyof typeof STYLES {
  return status === 'active' ? 'good' : status === 'suspended' ? 'bad' : 'neutral';
}

export function certificateKind(state: string): keyof typeof STYLES {
  return state === 'active' ? 'good' : state === 'not-yet-valid' ? 'neutral' : 'bad';
}
