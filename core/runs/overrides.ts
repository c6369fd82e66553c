/**
 * Run-time overrides, as the platform's run request takes them
 * (api/run-release-flow.md): `overrides` by node ref and
 * `releaseNodeOverrides` by service id, each an object of fields. The same
 * shape serves a local run and a run on the platform.
 *
 * On the command line they are written `--override REF.FIELD=V` and
 * `--release-override ID.FIELD=V`: FIELD may be a dotted path
 * (`origin.imagePath`), which builds nested objects. V is read as JSON when it
 * is a JSON number, `true`, `false`, `null`, an object, an array or a quoted
 * string; otherwise it is the text as written (`branch=devel` is "devel").
 */

export type FieldOverrides = Record<string, Record<string, unknown>>;

/** One line for a run's header: `api.origin={"imagePath":"nginx:2"}; release shop-api.type=registry`; undefined when none. */
export function describeOverrides(overrides: RunOverrides | undefined): string | undefined {
  const fields = (prefix: string, by: FieldOverrides | undefined): string[] =>
    Object.entries(by ?? {}).flatMap(([owner, values]) => Object.entries(values).map(([field, value]) => `${prefix}${owner}.${field}=${typeof value === 'string' ? value : JSON.stringify(value)}`));
  const parts = [...fields('', overrides?.overrides), ...fields('release ', overrides?.releaseNodeOverrides)];
  return parts.length > 0 ? parts.join('; ') : undefined;
}

export interface RunOverrides {
  /** Fields of nodes, by node ref: `{"example-ref": {"branch": "devel"}}`. */
  overrides?: FieldOverrides;
  /** Release fields, by service id: `{"example-service": {"type": "registry", "origin": {...}}}`. */
  releaseNodeOverrides?: FieldOverrides;
}

export class OverrideSyntaxError extends Error {}

const KEY = /^[A-Za-z0-9_-]+$/;
const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** The value of `V`: JSON when it reads as JSON, otherwise the text. */
export function overrideValue(text: string): unknown {
  const trimmed = text.trim();
  if (/^(-?\d|true$|false$|null$|[[{"])/.test(trimmed)) {
    try {
      return JSON.parse(trimmed) as unknown;
    } catch {
      // Not JSON after all (`1.2.3`, `{oops`): the text as written.
    }
  }
  return text;
}

/**
 * Folds `REF.FIELD=V` flags into the request's object. `flag` names the option
 * in messages (`--override`). Throws OverrideSyntaxError on a malformed flag.
 */
export function parseOverrideFlags(flags: readonly string[] | undefined, flag: string): FieldOverrides | undefined {
  if (!flags || flags.length === 0) return undefined;
  const result: FieldOverrides = {};
  for (const text of flags) {
    const equals = text.indexOf('=');
    const target = equals < 0 ? '' : text.slice(0, equals);
    const path = target.split('.');
    const [owner, ...fields] = path;
    if (equals < 0 || owner === undefined || fields.length === 0 || path.some((part) => !KEY.test(part) || UNSAFE_KEYS.has(part))) {
      throw new OverrideSyntaxError(`${flag} ${JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text)}: expected ${flag} NAME.FIELD=VALUE (FIELD may be a dotted path, e.g. origin.imagePath).`);
    }
    let object: Record<string, unknown> = (result[owner] ??= {});
    for (const field of fields.slice(0, -1)) {
      const next = object[field];
      if (next !== undefined && (typeof next !== 'object' || next === null || Array.isArray(next))) {
        throw new OverrideSyntaxError(`${flag} ${target}: ${field} was already given a value, so it cannot also have fields.`);
      }
      object = (object[field] ??= {}) as Record<string, unknown>;
    }
    object[fields[fields.length - 1] as string] = overrideValue(text.slice(equals + 1));
  }
  return result;
}

/**
 * The run request's overrides from `REF.FIELD=V` and `ID.FIELD=V` flags; undefined when there are none.
 * `names` name the two flags in messages. Throws OverrideSyntaxError.
 */
export function runOverridesFromFlags(
  byRefFlags: readonly string[] | undefined,
  byServiceFlags: readonly string[] | undefined,
  names: [string, string] = ['--override', '--release-override'],
): RunOverrides | undefined {
  const overrides = parseOverrideFlags(byRefFlags, names[0]);
  const releaseNodeOverrides = parseOverrideFlags(byServiceFlags, names[1]);
  if (!overrides && !releaseNodeOverrides) return undefined;
  return { ...(overrides ? { overrides } : {}), ...(releaseNodeOverrides ? { releaseNodeOverrides } : {}) };
}
