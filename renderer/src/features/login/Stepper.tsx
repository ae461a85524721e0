const STEPS = ['API keys', 'Sign in', 'Verify', 'Done'] as const;

/** Where in the flow the person is; decorative for sight, listed for screen readers. */
export function Stepper({ current }: { readonly current: number }) {
  return (
    <ol className="stepper" aria-label="Progress">
      {STEPS.map((label, i) => (
        <li
          key={label}
          className={i < current ? 'stepper__step stepper__step--done' : i === current ? 'stepper__step stepper__step--current' : 'stepper__step'}
          aria-current={i === current ? 'step' : undefined}
        >
          <span className="stepper__dot" aria-hidden="true">
            {i < current ? '✓' : i + 1}
          </span>
          <span className="stepper__label">{label}</span>
        </li>
      ))}
    </ol>
  );
}
