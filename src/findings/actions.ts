/** What people do to a finding: acknowledge it, or accept its risk until a date with a justification. Pure. */
import { AppError } from '../shared/errors';
import type { Finding } from './finding';

export function acknowledgeFinding(finding: Finding, by: string, at: string, note?: string): Finding {
  if (finding.status === 'resolved') throw new AppError('INVALID_INPUT', `Finding ${finding.id} is resolved; there is nothing to acknowledge`);
  return { ...finding, status: 'acknowledged', acknowledgedBy: by, acknowledgedAt: at, ...(note ? { justification: note } : {}) };
}

/** Risk acceptance needs a reason and an end: a date after today, at most two years ahead (reviews must come back). */
export function acceptFindingRisk(finding: Finding, until: string, justification: string, by: string, at: string): Finding {
  if (finding.status === 'resolved') throw new AppError('INVALID_INPUT', `Finding ${finding.id} is resolved; there is no risk left to accept`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(until) || Number.isNaN(Date.parse(until))) {
    throw new AppError('INVALID_INPUT', `"Accept until" must be a date like 2027-03-31; got "${until}"`);
  }
  const untilIso = new Date(`${until}T23:59:59.000Z`).toISOString();
  if (untilIso <= at) throw new AppError('INVALID_INPUT', `"Accept until" must be after today; got ${until}`);
  if (Date.parse(untilIso) - Date.parse(at) > 731 * 86_400_000) throw new AppError('INVALID_INPUT', '"Accept until" can be at most two years ahead');
  const reason = justification.trim();
  if (reason.length < 10) throw new AppError('INVALID_INPUT', 'Write a justification of at least 10 characters: why is this risk acceptable?');
  return { ...finding, status: 'risk_accepted', riskAcceptedUntil: untilIso, justification: reason.slice(0, 2000), acknowledgedBy: by, acknowledgedAt: at };
}
