/**
 * A native <select> styled like antd's inputs. antd's Select exposes its options to assistive technology
 * only through a hidden list; the native one is read, labelled and keyboard-driven by the browser itself.
 */
import type { SelectHTMLAttributes } from 'react';

export interface NativeSelectProps extends Omit<SelectHTMLAttributes<HTMLSelectElement>, 'children'> {
  options: ReadonlyArray<{ value: string | number; label: string }>;
}

export function NativeSelect({ options, className, ...rest }: NativeSelectProps) {
  return (
    <select className={`native-select ${className ?? ''}`} {...rest}>
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </select>
  );
}
