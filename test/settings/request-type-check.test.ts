/** A request type takes the app's tickets only with Labels and Priority on its form and no required field the app cannot fill. */
import { checkRequestTypeFields } from '../../src/settings/request-type-check';

const field = (fieldId: string, required = false) => ({ fieldId, name: fieldId[0]?.toUpperCase() + fieldId.slice(1), required, jiraSchema: { type: 'string' } });

describe('checkRequestTypeFields', () => {
  it('accepts a request type with summary, description, labels and priority', () => {
    const result = checkRequestTypeFields({ requestTypeFields: [field('summary', true), field('description'), field('labels'), field('priority')] });
    expect(result).toMatchObject({ ok: true, acceptsLabels: true, acceptsPriority: true, unfillable: [], problems: [] });
  });

  it('names what is missing and the required fields the app cannot fill', () => {
    const result = checkRequestTypeFields({ requestTypeFields: [field('summary', true), field('customfield_10050', true)] });
    expect(result.ok).toBe(false);
    expect(result.acceptsLabels).toBe(false);
    expect(result.unfillable).toEqual(['Customfield_10050']);
    expect(result.problems).toHaveLength(3);
  });

  it('refuses an answer that is not a field list', () => {
    expect(checkRequestTypeFields({ values: [] }).ok).toBe(false);
  });
});
