/** Typed reads over parsed, untyped documents (fast-xml-parser prefixes XML attributes with "@"). */

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function readChild(node: unknown, name: string): unknown {
  return isRecord(node) ? node[name] : undefined;
}

export function readChildren(node: unknown, name: string): unknown[] {
  const child = readChild(node, name);
  if (child === undefined) return [];
  return Array.isArray(child) ? child : [child];
}

export function readAttribute(node: unknown, name: string): string | undefined {
  const value = readChild(node, `@${name}`);
  return typeof value === 'string' ? value : undefined;
}

export function requireAttribute(node: unknown, name: string, where: string): string {
  const value = readAttribute(node, name);
  if (value === undefined) throw new Error(`${where}: missing attribute ${name}`);
  return value;
}
