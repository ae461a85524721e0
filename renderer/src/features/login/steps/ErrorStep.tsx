import { Button } from '../../../ui/Button';
import { ProblemText } from '../ProblemText';
import type { LoginProblem } from '../use-login';
import { WizardCard } from '../WizardCard';

interface Props {
  readonly error: LoginProblem;
  readonly onRestart: () => void;
  readonly onBack: () => void;
}

/** The login cannot go on from here (banned number, refused API keys…): say why and start again. */
export function ErrorStep({ error, onRestart, onBack }: Props) {
  return (
    <WizardCard
      eyebrow="Sign in"
      title="The sign-in stopped"
      focusTitle
      footer={
        <>
          <Button onClick={onBack}>Back to the archive</Button>
          <Button variant="primary" onClick={onRestart}>
            Start again
          </Button>
        </>
      }
    >
      <div className="wizard-card__alert" role="alert">
        <p className="wizard-card__alert-title">
          <ProblemText problem={error} />
        </p>
        <p className="wizard-card__alert-code">
          Error code: <code>{error.code}</code>
        </p>
      </div>
    </WizardCard>
  );
}
