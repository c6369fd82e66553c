/**
 * The webhook's parameters, as run-and-manage-releases.md documents them:
 *
 *   <trigger>.branch|sha|pullRequestId|repoUrl   override that Git trigger's values (when <trigger>
 *                                                is no trigger of the flow, an argument like any other)
 *   name, description                            name and describe the run
 *   anything else                                becomes ${args.<param>}
 *
 * Query parameters are the documented interface; a POST body with the same
 * keys (JSON object or form encoding) is accepted too, and the query wins
 * where both give a key.
 */
import type { TriggerValues } from '../runs/events';
import { parseTriggerOverride, TriggerError } from '../runner/runInputs';
import { runDescriptionProblem, runNameProblem } from '../runner/session';

export interface WebhookParams {
  triggers: Record<string, Partial<TriggerValues>>;
  args: Record<string, string>;
  name?: string;
  description?: string;
}

const TRIGGER_FIELD = /^(.+)\.(branch|sha|repoUrl|pullRequestId)$/;

export type ParamsResult = { ok: true; params: WebhookParams } | { ok: false; error: string };

/** Reads the parameters; `triggerRefs` are the flow's trigger refs. Later entries win. */
export function parseWebhookParams(entries: Iterable<[string, string]>, triggerRefs: readonly string[]): ParamsResult {
  const params: WebhookParams = { triggers: {}, args: {} };
  for (const [key, value] of entries) {
    if (key === '') continue;
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
  return { ok: true, params };
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
      if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') entries.push([key, String(v)]);
      else return { error: `Parameter '${key}' must be a string, number or boolean.`, status: 400 };
    }
    return { entries };
  }
  return { error: `Unsupported body type '${type}': send query parameters, a JSON object or a form.`, status: 415 };
}
