/**
 * AI agents are non-human identities like any other (design.md): an Entra agent identity holding high privilege with
 * no activity is dormant_authority, one whose activity could not be read is unknown, and one a third party runs that
 * reaches confidential data is reachable_sensitive_domain. The same graph with a plain service principal gives the
 * same verdicts: the checks judge by the graph's semantics, never by the subtype's name.
 */
import { dormantAuthority } from '../../src/checks/dormant-authority';
import { reachableSensitiveDomain } from '../../src/checks/reachable-sensitive-domain';
import { checkContext, coverageWithGap, daysBefore, evidence, failsOf, grant, graphAppPermission, graphOf, only, resource, servicePrincipal, unknownsOf } from '../support/graph-fixtures';

const directory = resource('Directory', { system: 'entra', subtype: 'entra_directory' });
const directoryWrite = graphAppPermission('Directory.ReadWrite.All', { highPrivilege: true, write: true });
const boardMinutes = resource('Board Minutes', { subtype: 'sharepoint_site', sensitivity: 'confidential' });

const agent = (name: string, origin?: 'first_party' | 'third_party') => servicePrincipal(name, { subtype: 'entra_agent_identity', ...(origin ? { origin } : {}) });

describe('an Entra agent identity', () => {
  it('holding Directory.ReadWrite.All with no activity is dormant_authority', () => {
    const research = agent('Directory Research Agent');
    const result = only(failsOf(dormantAuthority.evaluate(checkContext(graphOf(research, grant(research, directoryWrite, directory))))));
    expect(result.subjectId).toBe(research.id);
    expect(result.summary).toContain('Directory.ReadWrite.All');
  });

  it('with a sign-in inside the window is not dormant', () => {
    const research = agent('Directory Research Agent');
    const graph = graphOf(research, grant(research, directoryWrite, directory), evidence(research, daysBefore(3), { source: 'sign-in activity' }));
    expect(failsOf(dormantAuthority.evaluate(checkContext(graph)))).toEqual([]);
  });

  it('whose sign-in activity was not read completely is unknown, never dormant', () => {
    const research = agent('Directory Research Agent');
    const results = dormantAuthority.evaluate(checkContext(graphOf(research, grant(research, directoryWrite, directory)), { coverage: coverageWithGap('Entra sign-in activity was not read completely') }));
    expect(failsOf(results)).toEqual([]);
    expect(unknownsOf(results).map((u) => u.subjectId)).toEqual([research.id]);
  });

  it('run by a third party and reaching a confidential site is reachable_sensitive_domain; the same agent reaching an internal site is not', () => {
    const vendorAgent = agent('Vendor Research Agent', 'third_party');
    const result = only(failsOf(reachableSensitiveDomain.evaluate(checkContext(graphOf(vendorAgent, grant(vendorAgent, graphAppPermission('Sites.Selected'), boardMinutes))))));
    expect(result.subjectId).toBe(vendorAgent.id);
    expect(result.chain[result.chain.length - 1]).toBe(boardMinutes.id);
    const internal = resource('Team Wiki', { subtype: 'sharepoint_site', sensitivity: 'internal' });
    expect(failsOf(reachableSensitiveDomain.evaluate(checkContext(graphOf(vendorAgent, grant(vendorAgent, graphAppPermission('Sites.Selected'), internal)))))).toEqual([]);
  });

  it('gets the verdicts a plain service principal with the same graph gets', () => {
    const verdicts = (subtype: 'service_principal' | 'entra_agent_identity') => {
      const sp = servicePrincipal('Same Graph', { subtype, origin: 'third_party' });
      const graph = graphOf(sp, grant(sp, directoryWrite, directory), grant(sp, graphAppPermission('Sites.Selected'), boardMinutes));
      const context = checkContext(graph);
      return [...dormantAuthority.evaluate(context), ...reachableSensitiveDomain.evaluate(context)].map((r) => [r.outcome, r.subjectId]);
    };
    expect(verdicts('entra_agent_identity')).toEqual(verdicts('service_principal'));
  });
});
