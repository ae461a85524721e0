import type { ButtonHTMLAttributes, Ref } from 'react';
import './ui.css';

type Props = ButtonHTMLAttributes<HTMLButtonElement> & {
  readonly variant?: 'primary' | 'secondary' | 'ghost' | 'danger';
  readonly ref?: Ref<HTMLButtonElement>;
};

export function Button({ variant = 'secondary', className, type = 'button', ...rest }: Props) {
  return <button type={type} className={['button', `button--${variant}`, className].filter(Boolean).join(' ')} {...rest} />;
}
