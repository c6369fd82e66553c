/** Run-time overrides as the run form shows and takes them: `REF.FIELD=V` items separated by spaces (the CLI's flag syntax, core/runs/overrides.ts). */
import { OverrideSyntaxError, parseOverrideFlags, type FieldOverrides } from '../../core/runs/overrides';

/** `a.b=1 c.d=x` (spaces or new lines between) as the platform's override objects; a message when it does not parse. */
export function parseOverrideList(text: string, flag: string): { value: FieldOverrides | undefined } | { problem: string } {
  const items = text.split(/\s+/).filter((item) => item !== '');
  try {
    return { value: parseOverrideFlags(items, flag) };
  } catch (error) {
    if (error instanceof OverrideSyntaxError) return { problem: error.message };
    throw error;
  }
}

/** The override objects back as `REF.FIELD=V` items, for the form's line and its input box. */
export function overrideListText(overrides: FieldOverrides | undefined): string {
  const items: string[] = [];
  const walk = (prefix: string, value: unknown): void => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) for (const [key, inner] of Object.entries(value)) walk(`${prefix}.${key}`, inner);
    else items.push(`${prefix}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
  };
  for (const [ref, fields] of Object.entries(overrides ?? {})) for (const [field, value] of Object.entries(fields)) walk(`${ref}.${field}`, value);
  return items.join(' ');
}
