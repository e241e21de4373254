/**
 * Credential hygiene, four catalogue checks: credential_expired, credential_expiring (within
 * credentialExpiryWarningDays), credential_never_expires, secret_on_service_principal. Microsoft's own service
 * principals are skipped. None of them answers unknown: an unknown end date (undefined) raises nothing.
 */
import { credentialExpired, credentialExpiring, credentialNeverExpires, secretOnServicePrincipal } from '../../src/checks/credential-hygiene';
import {
  authenticatesAs,
  checkContext,
  credential,
  daysAfter,
  daysBefore,
  failsOf,
  graphOf,
  only,
  servicePrincipal,
  subjectsOf,
  type CredentialOptions,
} from '../support/graph-fixtures';

const crmSync = servicePrincipal('crm-sync');
const platform = servicePrincipal('Platform Service', { origin: 'microsoft' });

/** One credential of crm-sync (or of `holder`), with the given end date and options. */
function secretOf(options: CredentialOptions, holder = crmSync) {
  const secret = credential(`${holder.name} secret`, options);
  return { secret, graph: graphOf(holder, secret, authenticatesAs(secret, holder)) };
}

describe('credential_expired', () => {
  it('fails for a credential past its end date, naming it and its holder', () => {
    // Arrange
    const { secret, graph } = secretOf({ expiresAt: '2026-10-01T00:00:00Z' });

    // Act
    const result = only(failsOf(credentialExpired.evaluate(checkContext(graph))));

    // Assert
    expect(result.subjectId).toBe(secret.id);
    expect(result.identityFields).toEqual([]);
    expect(result.summary).toBe('crm-sync secret of "crm-sync" expired on 2026-10-01.');
    expect(result.chain).toEqual([secret.id, crmSync.id]);
  });

  it('passes for a credential still valid, never expiring or of unknown end date', () => {
    const valid = secretOf({ expiresAt: daysAfter(200) }).graph;
    const never = secretOf({ expiresAt: null }).graph;
    const unknown = secretOf({}).graph;

    for (const graph of [valid, never, unknown]) expect(credentialExpired.evaluate(checkContext(graph))).toEqual([]);
  });

  it('names a credential without a holder by itself', () => {
    const orphanSecret = credential('stray secret', { expiresAt: '2026-10-01T00:00:00Z' });

    const result = only(failsOf(credentialExpired.evaluate(checkContext(graphOf(orphanSecret)))));

    expect(result.summary).toBe('stray secret expired on 2026-10-01.');
    expect(result.chain).toEqual([orphanSecret.id]);
  });

  it('compares end dates as instants, not strings: an end date with a UTC offset before the sync time is expired', () => {
    // credential-hygiene.ts credentialExpired compares `expires < context.observedAt` as strings;
    // 2026-11-20T07:30:00+02:00 is 05:30Z, half an hour before the sync (06:00Z), but sorts after it.
    const { secret, graph } = secretOf({ expiresAt: '2026-11-20T07:30:00+02:00' });

    expect(only(failsOf(credentialExpired.evaluate(checkContext(graph)))).subjectId).toBe(secret.id);
  });

  it('skips Microsoft first-party holders', () => {
    expect(credentialExpired.evaluate(checkContext(secretOf({ expiresAt: '2026-10-01T00:00:00Z' }, platform).graph))).toEqual([]);
  });
});

describe('credential_expiring', () => {
  it('fails for a credential ending inside the warning window', () => {
    const { secret, graph } = secretOf({ expiresAt: daysAfter(10) });

    const result = only(failsOf(credentialExpiring.evaluate(checkContext(graph))));

    expect(result.subjectId).toBe(secret.id);
    expect(result.identityFields).toEqual([]);
    expect(result.summary).toBe('crm-sync secret of "crm-sync" expires on 2026-11-30, inside the 30-day warning window.');
    expect(result.chain[0]).toBe(secret.id);
  });

  it('fails at exactly credentialExpiryWarningDays and passes one day later', () => {
    expect(failsOf(credentialExpiring.evaluate(checkContext(secretOf({ expiresAt: daysAfter(30) }).graph)))).toHaveLength(1);
    expect(credentialExpiring.evaluate(checkContext(secretOf({ expiresAt: daysAfter(31) }).graph))).toEqual([]);
  });

  it('follows the warning window from settings', () => {
    const { graph } = secretOf({ expiresAt: daysAfter(45) });

    expect(failsOf(credentialExpiring.evaluate(checkContext(graph, { settings: { credentialExpiryWarningDays: 60 } })))).toHaveLength(1);
  });

  it('passes for an expired, never-expiring or unknown credential', () => {
    for (const options of [{ expiresAt: daysBefore(1) }, { expiresAt: null }, {}]) {
      expect(credentialExpiring.evaluate(checkContext(secretOf(options).graph))).toEqual([]);
    }
  });

  it('skips Microsoft first-party holders', () => {
    expect(credentialExpiring.evaluate(checkContext(secretOf({ expiresAt: daysAfter(5) }, platform).graph))).toEqual([]);
  });
});

describe('credential_never_expires', () => {
  it('fails for a credential with no end date', () => {
    const { secret, graph } = secretOf({ expiresAt: null });

    const result = only(failsOf(credentialNeverExpires.evaluate(checkContext(graph))));

    expect(result.subjectId).toBe(secret.id);
    expect(result.identityFields).toEqual([]);
    expect(result.summary).toBe('crm-sync secret of "crm-sync" never expires.');
    expect(result.chain).toEqual([secret.id, crmSync.id]);
  });

  it('passes for a credential with an end date or an unknown one', () => {
    expect(credentialNeverExpires.evaluate(checkContext(secretOf({ expiresAt: daysAfter(100) }).graph))).toEqual([]);
    expect(credentialNeverExpires.evaluate(checkContext(secretOf({}).graph))).toEqual([]);
  });

  it('skips Microsoft first-party holders', () => {
    expect(credentialNeverExpires.evaluate(checkContext(secretOf({ expiresAt: null }, platform).graph))).toEqual([]);
  });
});

describe('secret_on_service_principal', () => {
  it('fails for a client secret on the service principal object', () => {
    const { secret, graph } = secretOf({ subtype: 'client_secret', onServicePrincipal: true, expiresAt: daysAfter(300) });

    const result = only(failsOf(secretOnServicePrincipal.evaluate(checkContext(graph))));

    expect(result.subjectId).toBe(secret.id);
    expect(result.identityFields).toEqual([]);
    expect(result.summary).toBe('crm-sync secret of "crm-sync" sits on the service principal, not the application.');
    expect(result.chain[0]).toBe(secret.id);
  });

  it('passes for a secret on the application, or a certificate on the service principal', () => {
    expect(secretOnServicePrincipal.evaluate(checkContext(secretOf({ subtype: 'client_secret', onServicePrincipal: false }).graph))).toEqual([]);
    expect(secretOnServicePrincipal.evaluate(checkContext(secretOf({ subtype: 'certificate', onServicePrincipal: true }).graph))).toEqual([]);
  });

  it('skips Microsoft first-party holders', () => {
    expect(secretOnServicePrincipal.evaluate(checkContext(secretOf({ subtype: 'client_secret', onServicePrincipal: true }, platform).graph))).toEqual([]);
  });
});

it('reports each credential of one holder separately', () => {
  const old = credential('crm-sync old secret', { expiresAt: '2026-01-01T00:00:00Z' });
  const older = credential('crm-sync older secret', { expiresAt: '2025-01-01T00:00:00Z' });
  const context = checkContext(graphOf(crmSync, old, older, authenticatesAs(old, crmSync), authenticatesAs(older, crmSync)));

  expect(subjectsOf(credentialExpired.evaluate(context))).toEqual(new Set([old.id, older.id]));
});
