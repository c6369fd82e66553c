/**
 * The webhook's parameters, as run-and-manage-releases.md documents them:
 *
 *   <trigger>.branch|sha|pullRequestId|repoUrl   override that Git trigger's values (when <trigger>
 *                                                is no trigger of the flow, an argument like any other)
 *   name, description                            name and describe the run
 *   override=REF.FIELD=V, release-override=ID.FIELD=V  the run request's overrides (repeatable),
 *                                                as `run --override` / `--release-override`; a JSON
 *                                                body may give `overrides` / `releaseNodeOverrides`
 *                                                objects in the API's shape instead
 *   anything else                                becomes ${args.<param>}
 *
 * Query parameters are the documented interface; a POST body with the same
 * keys (JSON object or form encoding) is accepted too, and the query wins
 * where both give a key.
 */
import type { TriggerValues } from '../runs/events';
import { parseTriggerOverride, TriggerError } from '../runner/runInputs';
import { runDescriptionProblem, runNameProblem } from '../runner/session';
import { OverrideSyntaxError, runOverridesFromFlags, type RunOverrides } from '../runs/overrides';

export interface WebhookParams {
  triggers: Record<string, Partial<TriggerValues>>;
  args: Record<string, string>;
  overrides?: RunOverrides;
  name?: string;
  description?: string;
}

const TRIGGER_FIELD = /^(.+)\.(branch|sha|repoUrl|pullRequestId)$/;

export type ParamsResult = { ok: true; params: WebhookParams } | { ok: false; error: string };

/** Reads the parameters; `triggerRefs` are the flow's trigger refs. Later entries win. */
export function parseWebhookParams(entries: Iterable<[string, string]>, triggerRefs: readonly string[]): ParamsResult {
  const params: WebhookParams = { triggers: {}, args: {} };
  const flags: Record<'override' | 'release-override', string[]> = { override: [], 'release-override': [] };
  for (const [key, value] of entries) {
    if (key === '') continue;
    if (key === 'override' || key === 'release-override') {
      flags[key].push(value);
      continue;
    }
    if (key === 'name' || key === 'description') {
      const problem = key === 'name' ? runNameProblem(value) : runDescriptionProblem(value);
      if (problem) return { ok: false, error: `${key}: ${problem}` };
      params[key] = value;
      continue;
    }
    const field = TRIGGER_FIELD.exec(key);
    if (field) {
      // `x.branch` where x is no trigger of this flow is an argument, like any other parameter.
      if (!triggerRefs.includes(field[1] as string)) {
        params.args[key] = value;
        continue;
      }
      try {
        parseTriggerOverride(`${key}=${value}`, params.triggers);
      } catch (error) {
        if (error instanceof TriggerError) return { ok: false, error: error.message };
        throw error;
      }
      continue;
    }
    params.args[key] = value;
  }
  try {
    const overrides = runOverridesFromFlags(flags.override, flags['release-override'], ['override', 'release-override']);
    if (overrides) params.overrides = overrides;
  } catch (error) {
    if (error instanceof OverrideSyntaxError) return { ok: false, error: error.message };
    throw error;
  }
  return { ok: true, params };
}

/** `overrides` / `releaseNodeOverrides` of a JSON body (the API's shape) as `override` entries; an error when not objects of objects. */
function overrideEntries(key: 'overrides' | 'releaseNodeOverrides', value: unknown): [string, string][] | string {
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isObject(value)) return `'${key}' must be an object of node ${key === 'overrides' ? 'refs' : 'service ids'} to fields.`;
  const entries: [string, string][] = [];
  for (const [owner, fields] of Object.entries(value)) {
    if (!isObject(fields)) return `'${key}.${owner}' must be an object of fields.`;
    for (const [field, v] of Object.entries(fields)) entries.push([key === 'overrides' ? 'override' : 'release-override', `${owner}.${field}=${JSON.stringify(v)}`]);
  }
  return entries;
}

/** A POST body's entries: a JSON object of scalar values, or form encoding. */
export function bodyEntries(body: string, contentType: string | undefined): { entries: [string, string][] } | { error: string; status: number } {
  if (body.trim() === '') return { entries: [] };
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (type === 'application/x-www-form-urlencoded') return { entries: [...new URLSearchParams(body)] };
  if (type === 'application/json' || type === '') {
    let value: unknown;
    try {
      value = JSON.parse(body);
    } catch (error) {
      return { error: `The body is not valid JSON (${(error as Error).message}).`, status: 400 };
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return { error: 'The JSON body must be an object of parameters.', status: 400 };
    const entries: [string, string][] = [];
    for (const [key, v] of Object.entries(value)) {
      if (key === 'overrides' || key === 'releaseNodeOverrides') {
        const found = overrideEntries(key, v);
        if (typeof found === 'string') return { error: found, status: 400 };
        entries.push(...found);
      } else if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') entries.push([key, String(v)]);
      else return { error: `Parameter '${key}' must be a string, number or boolean.`, status: 400 };
    }
    return { entries };
  }
  return { error: `Unsupported body type '${type}': send query parameters, a JSON object or a form.`, status: 415 };
}
