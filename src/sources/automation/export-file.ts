/**
 * The automation rule export an admin uploads on the admin page (Jira settings > System > Automation > ... >
 * Export rules): `{"cloud": true, "rules": [...]}`, the same rule shape as GET /rest/v1/rule/{uuid} (older exports
 * use idUuid, ruleScope.resources or projects[]; rules.ts accepts all). Jira caps exports at 5 MB, and so do we,
 * before anything is parsed. This path needs no API token, so it is the one a Marketplace deployment can use.
 *
 * Every problem names the rule and the place inside it ("rules[3].components[1].value.url: expected string,
 * received number"), never a value: a rule holds header values and bodies that may be secrets.
 */
import { AppError } from '../../shared/errors';
import type { ParsedRecords, QuarantinedRecord } from '../parse-records';
import { automationRuleSchema, type AutomationRule } from './rules';

export interface AutomationExportLimits {
  /** Upper bound of the file, in bytes of its JSON text. */
  maxBytes: number;
  /** Upper bound of the number of rules. */
  maxRules: number;
}

export const DEFAULT_EXPORT_LIMITS: AutomationExportLimits = { maxBytes: 5 * 1024 * 1024, maxRules: 5000 };

export interface AutomationExportResult extends ParsedRecords<AutomationRule> {
  /** One line per problem, for the admin page: "rules[3].name: expected string, received undefined". */
  problems: string[];
}

const ENDPOINT = 'automation export file';

/**
 * Parses an uploaded export: the file's text (preferred: the size cap applies before parsing) or its already
 * parsed JSON. Whole-file problems (too large, not JSON, no rules) throw INVALID_INPUT; a bad rule is reported in
 * `problems` and quarantined while the good rules are kept.
 */
export function parseAutomationExport(json: unknown, limits: AutomationExportLimits = DEFAULT_EXPORT_LIMITS): AutomationExportResult {
  const document = typeof json === 'string' ? parseText(json, limits) : checkParsedSize(json, limits);
  const rules = rulesOf(document);
  if (rules.length > limits.maxRules) {
    throw new AppError('INVALID_INPUT', `The export holds ${rules.length} rules; at most ${limits.maxRules} can be uploaded at once`, { system: 'automation' });
  }
  const records: AutomationRule[] = [];
  const quarantined: QuarantinedRecord[] = [];
  const problems: string[] = [];
  rules.forEach((rule, index) => {
    const parsed = automationRuleSchema.safeParse(rule);
    if (parsed.success) {
      records.push(parsed.data);
      return;
    }
    const issues = parsed.error.issues.map((issue) => `${formatPath(['rules', index, ...issue.path])}: ${issue.message.replace(/^Invalid input: /, '')}`);
    problems.push(...issues);
    quarantined.push({ system: 'automation', endpoint: ENDPOINT, index, id: ruleLabel(rule), issues });
  });
  return { records, quarantined, problems };
}

function parseText(text: string, limits: AutomationExportLimits): unknown {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > limits.maxBytes) throw tooLarge(bytes, limits);
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    const detail = cause instanceof SyntaxError ? ` (${cause.message})` : '';
    throw new AppError('INVALID_INPUT', `The automation export is not valid JSON${detail}; upload the file Jira exported, unchanged`, { system: 'automation' }, { cause });
  }
}

function checkParsedSize(value: unknown, limits: AutomationExportLimits): unknown {
  const bytes = Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');
  if (bytes > limits.maxBytes) throw tooLarge(bytes, limits);
  return value;
}

function tooLarge(bytes: number, limits: AutomationExportLimits): AppError {
  const mb = (n: number) => (n / (1024 * 1024)).toFixed(1);
  return new AppError('INVALID_INPUT', `The automation export is ${mb(bytes)} MB; the limit is ${mb(limits.maxBytes)} MB (Jira's own export cap). Export fewer rules at a time`, {
    system: 'automation',
    bytes,
  });
}

function rulesOf(document: unknown): unknown[] {
  if (Array.isArray(document)) return document;
  if (typeof document === 'object' && document !== null && 'rules' in document) {
    const rules = (document as { rules: unknown }).rules;
    if (Array.isArray(rules)) return rules;
    throw new AppError('INVALID_INPUT', 'The automation export\'s "rules" is not a list', { system: 'automation' });
  }
  throw new AppError('INVALID_INPUT', 'The file is not an automation export: expected {"rules": [...]} at the top level', { system: 'automation' });
}

/** rules[3].components[1].value.url */
function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((text, key) => (typeof key === 'number' ? `${text}[${key}]` : text === '' ? String(key) : `${text}.${String(key)}`), '');
}

/** The rule's uuid or name for the quarantine list (never a value from inside the rule). */
function ruleLabel(rule: unknown): string | undefined {
  if (typeof rule !== 'object' || rule === null) return undefined;
  const { uuid, idUuid, id, name } = rule as Record<string, unknown>;
  const label = [uuid, idUuid, id, name].find((v) => typeof v === 'string' || typeof v === 'number');
  return label === undefined ? undefined : String(label);
}
