/**
 * Whether a JSM request type can take the app's tickets, decided from its fields before the first ticket fails.
 * JSM accepts in `requestFieldValues` only the fields on the request type's form
 * (GET /rest/servicedeskapi/servicedesk/{id}/requesttype/{id}/field), and the app sends summary, description,
 * labels and priority; a required field it does not fill makes every request fail. Pure.
 */
import { z } from 'zod';

export const APP_FIELDS = ['summary', 'description', 'labels', 'priority'] as const;

export const requestTypeFieldsSchema = z.looseObject({
  requestTypeFields: z.array(
    z.looseObject({
      fieldId: z.string(),
      name: z.string().optional(),
      required: z.boolean().optional(),
    }),
  ),
});

export interface RequestTypeCheckResult {
  fields: Array<{ fieldId: string; name: string; required: boolean }>;
  acceptsLabels: boolean;
  acceptsPriority: boolean;
  /** Required fields the app does not fill: a request would be refused. */
  unfillable: string[];
  ok: boolean;
  problems: string[];
}

export function checkRequestTypeFields(body: unknown): RequestTypeCheckResult {
  const parsed = requestTypeFieldsSchema.safeParse(body);
  if (!parsed.success) return { fields: [], acceptsLabels: false, acceptsPriority: false, unfillable: [], ok: false, problems: ['JSM did not describe the request type\'s fields'] };
  const fields = parsed.data.requestTypeFields.map((f) => ({ fieldId: f.fieldId, name: f.name ?? f.fieldId, required: f.required === true }));
  const has = (id: string) => fields.some((f) => f.fieldId === id);
  const acceptsLabels = has('labels');
  const acceptsPriority = has('priority');
  const unfillable = fields.filter((f) => f.required && !(APP_FIELDS as readonly string[]).includes(f.fieldId)).map((f) => f.name);
  const problems: string[] = [];
  if (!has('summary')) problems.push('The request type has no Summary field.');
  if (!acceptsLabels) problems.push('Add the Labels field to the request type\'s form: the app finds its tickets by label.');
  if (!acceptsPriority) problems.push('Add the Priority field to the request type\'s form: the app sets the priority from the severity.');
  if (unfillable.length) problems.push(`Make ${unfillable.join(', ')} optional or hidden: the app cannot fill ${unfillable.length === 1 ? 'it' : 'them'}.`);
  return { fields, acceptsLabels, acceptsPriority, unfillable, ok: problems.length === 0, problems };
}
