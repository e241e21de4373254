/**
 * What a finding's JSM request says: a summary naming the risk and subject, an ADF description with the fixed
 * sections (what happened, am I exposed, the access chain, evidence, how to fix), labels that find it again, and
 * the mapped priority. Pure.
 */
import type { CheckMetadata } from '../checks/check';
import { chainNodeKind, chainText } from '../findings/chain-text';
import type { Finding } from '../findings/finding';
import type { TicketingSettings } from '../settings/settings';

/** Set at creation, so the ticket of a finding can be found even if the app crashed before recording its key. */
export const findingLabel = (findingId: string) => `sv0-${findingId}`;

type AdfNode = Record<string, unknown>;
const text = (value: string): AdfNode => ({ type: 'text', text: value });
const paragraph = (value: string): AdfNode => ({ type: 'paragraph', content: [text(value)] });
const heading = (value: string): AdfNode => ({ type: 'heading', attrs: { level: 3 }, content: [text(value)] });
const bullets = (items: readonly string[]): AdfNode => ({ type: 'bulletList', content: items.map((i) => ({ type: 'listItem', content: [paragraph(i)] })) });
const ordered = (items: readonly string[]): AdfNode => ({ type: 'orderedList', content: items.map((i) => ({ type: 'listItem', content: [paragraph(i)] })) });

export interface TicketRequest {
  summary: string;
  description: AdfNode;
  labels: string[];
  priority: string;
}

export function buildTicketRequest(finding: Finding, check: CheckMetadata, settings: TicketingSettings): TicketRequest {
  const summary = `[SecurityV0] ${check.title}: ${finding.subject.name}`;
  const chain = finding.chainNodes.map((n) => `${n.name} (${chainNodeKind(n)}, ${n.system})`);
  return {
    summary: summary.length > 250 ? `${summary.slice(0, 249)}…` : summary,
    description: {
      type: 'doc',
      version: 1,
      content: [
        heading('What happened'),
        paragraph(finding.summary),
        heading('Am I exposed'),
        paragraph(check.risk),
        heading('Access chain'),
        chain.length > 0 ? bullets(chain) : paragraph('No chain recorded.'),
        heading('Evidence'),
        finding.evidence.length > 0 ? bullets(finding.evidence.map((e) => `${e.class.replaceAll('_', ' ')}: ${e.text}`)) : paragraph('None recorded.'),
        heading('How to fix'),
        ordered(check.remediation),
        paragraph(`Finding ${finding.id} (${check.id}, ${finding.severity}). This ticket is kept up to date by SecurityV0 for Jira.`),
      ],
    },
    labels: ['securityv0', findingLabel(finding.id), `sv0-${check.id.replace(/_/g, '-')}`],
    priority: settings.priorityBySeverity[finding.severity] ?? 'Medium',
  };
}

/** One comment when what a finding says changed since the ticket last described it. */
export function changeComment(finding: Finding): string {
  return `SecurityV0 update: ${finding.summary}\nAccess chain now: ${chainText(finding.chainNodes)}`;
}
