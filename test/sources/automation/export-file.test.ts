/**
 * The uploaded automation export: capped at 5 MB before parsing, and every problem names the rule and the place
 * inside it, never a value.
 */
import { DEFAULT_EXPORT_LIMITS, parseAutomationExport } from '../../../src/sources/automation/export-file';

const HEADER_SECRET = 'Bearer upload-s3cr3t-token';

const validRule = {
  uuid: 'rule-valid',
  name: 'Valid rule',
  state: 'ENABLED',
  authorAccountId: 'author-1',
  actor: { type: 'ACCOUNT_ID', actor: 'actor-1' },
  ruleScopeARIs: [],
  trigger: { component: 'TRIGGER', type: 'jira.issue.event.trigger:created', value: {}, children: [], conditions: [] },
  components: [{ id: 'a1', component: 'ACTION', type: 'jira.issue.outgoing.webhook', value: { url: 'https://ok.example.net/x' }, children: [], conditions: [] }],
};

/** A rule whose nested web request has a numeric url, beside a header holding a literal secret. */
const ruleWithNumericUrl = {
  ...validRule,
  uuid: 'rule-broken',
  name: 'Broken rule',
  components: [
    {
      id: 'branch',
      component: 'BRANCH',
      type: 'jira.issue.related',
      value: {},
      conditions: [],
      children: [
        {
          id: 'bad',
          component: 'ACTION',
          type: 'jira.automation.action:send-web-request',
          value: { url: 12345, headers: [{ name: 'Authorization', value: { keyOrValue: HEADER_SECRET, secret: false } }] },
          children: [],
          conditions: [],
        },
      ],
    },
  ],
};

describe('parseAutomationExport', () => {
  it('keeps the valid rules and names the place of each problem in a malformed one', () => {
    // Arrange
    const exportText = JSON.stringify({ cloud: true, rules: [validRule, ruleWithNumericUrl] });

    // Act
    const result = parseAutomationExport(exportText);

    // Assert
    expect(result.records.map((r) => r.uuid)).toEqual(['rule-valid']);
    expect(result.problems).toEqual(['rules[1].components[0].children[0].value.url: expected string, received number']);
    expect(result.quarantined).toEqual([
      { system: 'automation', endpoint: 'automation export file', index: 1, id: 'rule-broken', issues: ['rules[1].components[0].children[0].value.url: expected string, received number'] },
    ]);
    expect(JSON.stringify(result)).not.toContain('upload-s3cr3t');
  });

  it('names a missing field of a rule', () => {
    const { name: _name, ...ruleWithoutName } = validRule;

    const result = parseAutomationExport({ rules: [validRule, validRule, validRule, ruleWithoutName] });

    expect(result.problems).toEqual(['rules[3].name: expected string, received undefined']);
    expect(result.records).toHaveLength(3);
  });

  it('refuses a file over 5 MB before parsing it', () => {
    const oversized = JSON.stringify({ rules: [validRule], padding: 'x'.repeat(DEFAULT_EXPORT_LIMITS.maxBytes) });

    expect(() => parseAutomationExport(oversized)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', message: expect.stringMatching(/is 5\.0 MB; the limit is 5\.0 MB/) }));
  });

  it('applies a smaller cap to an already parsed document too', () => {
    expect(() => parseAutomationExport({ rules: [validRule] }, { maxBytes: 100, maxRules: 10 })).toThrow(/the limit is 0\.0 MB/);
  });

  it('says what is wrong with a file that is not an export', () => {
    expect(() => parseAutomationExport('{"rules": [')).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', message: expect.stringMatching(/not valid JSON/) }));
    expect(() => parseAutomationExport({ automations: [] })).toThrow(/expected \{"rules": \[\.\.\.\]\} at the top level/);
    expect(() => parseAutomationExport({ rules: {} })).toThrow(/"rules" is not a list/);
    expect(() => parseAutomationExport({ rules: [validRule, validRule] }, { maxBytes: 1_000_000, maxRules: 1 })).toThrow(/holds 2 rules; at most 1/);
  });
});
