/**
 * Credential hygiene, four catalogue checks: expired, expiring within the warning window, never expiring, and a
 * client secret on a service principal object (credentials belong on the application; one on the SP is a known
 * persistence technique). Microsoft's own service principals are skipped.
 */
import type { AccessGraph } from '../model/graph';
import type { GraphNode } from '../model/schema';
import type { Check, CheckContext, CheckResult } from './check';
import { daysBetween, props } from './graph-queries';

/** The first identity the credential at `index` authenticates as. */
function holderAt(graph: AccessGraph, index: number): GraphNode | undefined {
  let holder: GraphNode | undefined;
  let first = true;
  graph.forEachOutOfKindAt(index, 'AUTHENTICATES_AS', (node) => {
    if (first) [holder, first] = [node, false];
  });
  return holder;
}

/** The four checks judge the same credentials: listed once per check run (the context), in id order. */
const listed = new WeakMap<CheckContext, Array<{ credential: GraphNode<'credential'>; holder: GraphNode | undefined }>>();

function credentials(context: CheckContext): Array<{ credential: GraphNode<'credential'>; holder: GraphNode | undefined }> {
  const known = listed.get(context);
  if (known) return known;
  const sorted = context.graph.sortedNodesOfKind('credential');
  const indexes = context.graph.indexesOf(sorted);
  const all = sorted
    .map((credential, i) => ({ credential, holder: holderAt(context.graph, indexes[i] as number) }))
    .filter(({ holder }) => !(holder?.kind === 'identity' && props(holder, 'identity').origin === 'microsoft'));
  listed.set(context, all);
  return all;
}

function result(credential: GraphNode<'credential'>, holder: GraphNode | undefined, summary: string, text: string): CheckResult {
  return {
    outcome: 'fail',
    subjectId: credential.id,
    identityFields: [],
    summary: `${credential.name}${holder && !credential.name.endsWith(` of ${holder.name}`) ? ` of "${holder.name}"` : ''} ${summary}.`,
    chain: holder ? [credential.id, holder.id] : [credential.id],
    evidence: [{ class: 'structural_authority', text, nodeIds: [credential.id] }],
    projectKeys: [],
  };
}

const hygieneRemediation = ['Rotate the credential, set an expiry of at most 12 months, and remove credentials nobody uses.'];

export const credentialExpired: Check = {
  metadata: { id: 'credential_expired', title: 'An expired credential is still attached', severity: 'LOW', description: 'A credential past its end date is still registered.', risk: 'Clutter that hides which credential is live; a sign the integration may be broken or abandoned.', remediation: hygieneRemediation, references: [] },
  evaluate(context) {
    return credentials(context).flatMap(({ credential, holder }) => {
      const expires = credential.props.expiresAt;
      return expires && Date.parse(expires) < Date.parse(context.observedAt) ? [result(credential, holder, `expired on ${expires.slice(0, 10)}`, `End date ${expires}`)] : [];
    });
  },
};

export const credentialExpiring: Check = {
  metadata: { id: 'credential_expiring', title: 'A credential expires soon', severity: 'LOW', description: 'A credential expires within the warning window.', risk: 'The integration stops when it expires, and rushed rotations leak secrets.', remediation: hygieneRemediation, references: [] },
  evaluate(context) {
    return credentials(context).flatMap(({ credential, holder }) => {
      const expires = credential.props.expiresAt;
      if (!expires || Date.parse(expires) < Date.parse(context.observedAt)) return [];
      const days = daysBetween(context.observedAt, expires);
      // The date, not a countdown: a summary that changed every day would rewrite the finding (and its ticket) daily.
      return days <= context.settings.credentialExpiryWarningDays ? [result(credential, holder, `expires on ${expires.slice(0, 10)}, inside the ${context.settings.credentialExpiryWarningDays}-day warning window`, `End date ${expires}`)] : [];
    });
  },
};

export const credentialNeverExpires: Check = {
  metadata: { id: 'credential_never_expires', title: 'A credential never expires', severity: 'LOW', description: 'A credential has no end date.', risk: 'A leaked copy works for ever; nothing forces a review.', remediation: hygieneRemediation, references: [] },
  evaluate(context) {
    return credentials(context).flatMap(({ credential, holder }) => (credential.props.expiresAt === null ? [result(credential, holder, 'never expires', 'No end date')] : []));
  },
};

export const secretOnServicePrincipal: Check = {
  metadata: {
    id: 'secret_on_service_principal',
    title: 'A client secret is attached to a service principal',
    severity: 'LOW',
    description: 'A password credential sits on the service principal object instead of the application.',
    risk: 'Secrets on service principals do not show in the app registration blade and are a known way to keep access unnoticed.',
    remediation: ['Remove the secret from the service principal (Remove-MgServicePrincipalPassword) and use the application’s credentials.'],
    references: ['https://learn.microsoft.com/graph/api/serviceprincipal-removepassword'],
  },
  evaluate(context) {
    return credentials(context).flatMap(({ credential, holder }) =>
      credential.props.onServicePrincipal && credential.props.subtype === 'client_secret' ? [result(credential, holder, 'sits on the service principal, not the application', 'Password credential on the service principal object')] : [],
    );
  },
};
