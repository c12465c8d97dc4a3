import type { ButtonHTMLAttributes } from 'react';

export type ButtonVariant = 'primary' | 'danger' | 'ghost';

const VARIANT: Record<ButtonVariant, string> = {
  primary: 'border-neon-cyan/60 text-neon-cyan hover:bg-neon-cyan/10 hover:shadow-neon',
  danger: 'border-neon-red/70 text-neon-red hover:bg-neon-red/10',
  ghost: 'border-abyss-600 text-slate-300 hover:bg-abyss-700',
};

export function Button({ variant = 'ghost', className = '', type = 'button', ...rest }: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: ButtonVariant }) {
  return (
    <button
      type={type}
      className={`inline-flex items-center justify-center gap-1.5 rounded border px-3 py-1.5 text-sm font-medium transition disabled:cursor-not-allowed disabled:opacity-40 ${VARIANT[variant]} ${className}`}
      {...rest}
    />
  );
}
