import type { FullResult, Reporter, TestCase, TestResult } from '@playwright/test/reporter';

/** Prints why each skipped test was skipped (the list reporter shows only that it was). */
export default class SkipReasonsReporter implements Reporter {
  readonly #skipped: string[] = [];

  onTestEnd(test: TestCase, result: TestResult): void {
    if (result.status !== 'skipped') return;
    const reasons = [...test.annotations, ...result.annotations].filter((a) => a.type === 'skip' || a.type === 'fixme').map((a) => a.description);
    const why = [...new Set(reasons.filter(Boolean))].join('; ') || 'no reason given';
    this.#skipped.push(`  - ${test.titlePath().filter(Boolean).join(' › ')}: ${why}`);
  }

  onEnd(_result: FullResult): void {
    if (this.#skipped.length) console.log(`\nSkipped tests and why:\n${[...new Set(this.#skipped)].join('\n')}`);
  }

  printsToStdio(): boolean {
    return true;
  }
}
