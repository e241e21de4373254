/** Payload validation for resolvers: browser input is untrusted; a refusal says what was wrong and where. */
import { z } from 'zod';
import { AppError } from '../../shared/errors';

export function parsePayload<T>(schema: z.ZodType<T>, payload: unknown, what: string): T {
  const parsed = schema.safeParse(payload);
  if (parsed.success) return parsed.data;
  const first = parsed.error.issues[0];
  throw new AppError('INVALID_INPUT', `${what} refused: ${first?.path.join('.') || 'input'}: ${first?.message ?? 'is invalid'}`);
}

const severity = z.enum(['CRITICAL', 'HIGH', 'MEDIUM', 'LOW']);
const status = z.enum(['open', 'acknowledged', 'risk_accepted', 'resolved']);

export const findingListRequestSchema = z.object({
  filters: z
    .object({
      severity: z.array(severity).max(4).optional(),
      check: z.array(z.string().max(60)).max(50).optional(),
      system: z.array(z.string().max(40)).max(10).optional(),
      status: z.array(status).max(4).optional(),
      owner: z.string().max(200).optional(),
      search: z.string().max(200).optional(),
      group: z.string().max(40).optional(),
    })
    .optional(),
  sort: z.object({ field: z.enum(['severity', 'check', 'subject', 'status', 'lastSeenAt']), direction: z.enum(['asc', 'desc']) }).optional(),
  page: z.object({ offset: z.number().int().min(0), limit: z.number().int().min(1).max(200) }).optional(),
});
