import type { RequestOutput } from '../../../../preload/contract';

export interface ReportLine {
  readonly text: string;
  readonly tone: 'ok' | 'warning' | 'danger';
}

const files = (n: number): string => `${n} ${n === 1 ? 'file' : 'files'}`;

/** The verify report as a few sentences, worst first (pure, for the section and its tests). */
export function describeReport(report: RequestOutput<'archive.verify'>): ReportLine[] {
  const lines: ReportLine[] = [];
  if (report.databaseProblem !== null) {
    lines.push({ tone: 'danger', text: `The archive database is damaged (${report.databaseProblem}). Restore a backup or see "When the archive is damaged" in the README.` });
  }
  if (report.lost.length) lines.push({ tone: 'danger', text: `${files(report.lost.length)} damaged or missing that Telegram no longer has: kept as they are.` });
  if (report.pending.length) lines.push({ tone: 'warning', text: `${files(report.pending.length)} still to fetch again: the next sync retries them.` });
  if (report.healed.length) lines.push({ tone: 'ok', text: `${files(report.healed.length)} fetched again from Telegram.` });
  if (report.problems.length === 0 && report.databaseProblem === null) lines.push({ tone: 'ok', text: `All ${files(report.filesChecked)} are intact.` });
  else if (report.problems.length > 0 && !report.healed.length && !report.lost.length && !report.pending.length)
    lines.push({ tone: 'warning', text: `${files(report.problems.length)} damaged or missing: "Check and repair" fetches them again.` });
  return lines;
}
