/**
 * Scope-drift baselines: a principal's reach when first seen in a complete snapshot. extendBaselines only adds
 * principals seen for the first time, only from a complete snapshot, and never overwrites; rebaseline (an admin
 * acknowledging a drift) replaces one principal's baseline with its current reach.
 */
import { currentReachKeys, extendBaselines, rebaseline, type BaselineMap } from '../../src/diff/baselines';
import type { PrincipalReach, ReachedResource } from '../../src/chains/reach';

const CRM_SYNC = 'entra:identity:0c0ffee0-0000-4000-8000-00000000000a/sp-crm-sync';
const DIGEST_FLOW = 'powerautomate:workload:env-default/flow-deal-digest';
const SALES = 'jira:resource:p-sales';
const LEGAL = 'jira:resource:p-legal';
const MAILBOXES = 'm365:resource:0c0ffee0-0000-4000-8000-00000000000a/mailboxes';

function reached(resourceId: string, memberId?: string): ReachedResource {
  return { resourceId, memberId, name: memberId ?? resourceId, sensitivity: 'internal', chain: [resourceId], proven: true };
}

function reachOf(principalId: string, ...items: ReachedResource[]): PrincipalReach {
  return { principalId, reached: items, permissions: [] };
}

describe('currentReachKeys', () => {
  it('keys resources by id and scope members as resource#member, sorted and unique', () => {
    const reach = reachOf(CRM_SYNC, reached(MAILBOXES), reached(MAILBOXES, 'ceo@example.test'), reached(SALES), reached(SALES));

    expect(currentReachKeys(reach)).toEqual([SALES, MAILBOXES, `${MAILBOXES}#ceo@example.test`].sort());
  });
});

describe('extendBaselines', () => {
  it('adds a baseline for every principal first seen in a complete snapshot', () => {
    // Arrange
    const reach = new Map([[DIGEST_FLOW, reachOf(DIGEST_FLOW, reached(SALES))], [CRM_SYNC, reachOf(CRM_SYNC)]]);

    // Act
    const next = extendBaselines({}, reach, true);

    // Assert
    expect(next).toEqual({ [DIGEST_FLOW]: [SALES], [CRM_SYNC]: [] });
  });

  it('establishes nothing from a partial snapshot', () => {
    const existing: BaselineMap = { [CRM_SYNC]: [] };
    const reach = new Map([[DIGEST_FLOW, reachOf(DIGEST_FLOW, reached(SALES))]]);

    expect(extendBaselines(existing, reach, false)).toEqual(existing);
  });

  it('never overwrites an existing baseline, even when reach grew', () => {
    const existing: BaselineMap = { [DIGEST_FLOW]: [SALES] };
    const reach = new Map([[DIGEST_FLOW, reachOf(DIGEST_FLOW, reached(SALES), reached(LEGAL))]]);

    expect(extendBaselines(existing, reach, true)).toEqual({ [DIGEST_FLOW]: [SALES] });
  });

  it('keeps baselines of principals not seen in this sync', () => {
    const existing: BaselineMap = { [CRM_SYNC]: [MAILBOXES] };

    expect(extendBaselines(existing, new Map(), true)).toEqual(existing);
  });

  it('does not mutate the baselines it was given', () => {
    const existing: BaselineMap = {};

    extendBaselines(existing, new Map([[CRM_SYNC, reachOf(CRM_SYNC)]]), true);

    expect(existing).toEqual({});
  });
});

describe('rebaseline', () => {
  it('replaces one principal’s baseline with its current reach and leaves the others', () => {
    const existing: BaselineMap = { [DIGEST_FLOW]: [SALES], [CRM_SYNC]: [MAILBOXES] };

    const next = rebaseline(existing, DIGEST_FLOW, reachOf(DIGEST_FLOW, reached(SALES), reached(LEGAL)));

    expect(next).toEqual({ [DIGEST_FLOW]: [LEGAL, SALES].sort(), [CRM_SYNC]: [MAILBOXES] });
    expect(existing[DIGEST_FLOW]).toEqual([SALES]);
  });
});
