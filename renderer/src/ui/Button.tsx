import type { ButtonHTMLAttributes } from 'react';
import './ui.css';

type Props = ButtonHTMLAttributes<HTMLButtonElement> & { readonly variant?: 'primary' | 'secondary' | 'ghost' };

export function Button({ variant = 'secondary', className, type = 'button', ...rest }: Props) {
  return <button type={type} className={['button', `button--${variant}`, className].filter(Boolean).join(' ')} {...rest} />;
}
