/**
 * A node's fields with every `${...}` resolved, and the few fields the
 * scheduler reads (skipNodeExecution, condition, timeouts, the ids it acts on).
 */
import type { Node as JsonNode } from 'jsonc-parser';
import type { ExpressionSite, FlowModel, FlowNode, JsonPath } from '../document/model';
import { MAX_TIMEOUT_SECONDS, MIN_TIMEOUT_SECONDS } from '../catalogue/kinds';
import { evaluateTemplate, type Scope } from '../expressions/evaluate';

export type SiteIndex = Map<JsonNode, ExpressionSite>;

const siteCache = new WeakMap<FlowModel, SiteIndex>();

/** Every `${...}` string of the flow, by its JSON node. */
export function siteIndex(model: FlowModel): SiteIndex {
  let index = siteCache.get(model);
  if (!index) {
    index = new Map(model.expressions.map((site) => [site.json, site]));
    siteCache.set(model, index);
  }
  return index;
}

/** `spec.spec.steps.0`: how nodes and places are named in events and the history. */
export function pathText(path: JsonPath): string {
  return path.join('.');
}

/**
 * The plain value of `json` with each expression string evaluated through the
 * scope `scopeAt(path)` gives for its place. Steps of workflows are left out:
 * they are resolved when they run. Throws EvaluationError (with the path in
 * `place`) for the first string that cannot be resolved.
 */
export function resolveJson(json: JsonNode, sites: SiteIndex, scopeAt: (place: string) => Scope, place: string, isContainer: boolean): unknown {
  switch (json.type) {
    case 'string': {
      const site = sites.get(json);
      if (!site) return json.value;
      try {
        return evaluateTemplate(site.value, site.template, scopeAt(place));
      } catch (error) {
        (error as { place?: string }).place = place;
        throw error;
      }
    }
    case 'array':
      return (json.children ?? []).map((child, i) => resolveJson(child, sites, scopeAt, `${place}.${i}`, false));
    case 'object': {
      const result: Record<string, unknown> = {};
      for (const property of json.children ?? []) {
        const [key, value] = property.children ?? [];
        if (key?.type !== 'string' || !value) continue;
        const name = key.value as string;
        const childPlace = place === '' ? name : `${place}.${name}`;
        if (isContainer && childPlace === 'spec.steps') continue;
        result[name] = resolveJson(value, sites, scopeAt, childPlace, isContainer);
      }
      return result;
    }
    default:
      return json.value;
  }
}

type JsonObject = Record<string, unknown>;
const asObject = (value: unknown): JsonObject => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as JsonObject) : {});
const asString = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** The ids a node acts on (build service, job, addon, target, ids in an action's or condition's data). */
export function targetIds(kind: string, resolved: unknown): string[] {
  const node = asObject(resolved);
  const spec = asObject(node.spec);
  const ids: (string | undefined)[] = [];
  switch (kind) {
    case 'Build':
      ids.push(asString(spec.id));
      break;
    case 'JobRun':
      ids.push(asString(spec.jobId));
      break;
    case 'AddonBackup':
    case 'AddonImport':
      ids.push(asString(spec.addonId));
      break;
    case 'Release':
      ids.push(asString(asObject(spec.target).id), asString(asObject(spec.origin).id));
      break;
    case 'Action':
    case 'Condition': {
      const data = asObject(asObject(spec.spec).data);
      for (const key of ['serviceId', 'jobId', 'addonId', 'backupId', 'buildId', 'runId', 'clusterId']) ids.push(asString(data[key]));
      break;
    }
    case 'RunTemplate':
      ids.push(asString(spec.templateId));
      break;
    default:
      break;
  }
  return ids.filter((id): id is string => id !== undefined);
}

/** One line for the run view: what the node acts on. */
export function describeTarget(node: FlowNode): string | undefined {
  const read = (...path: string[]): string | undefined => {
    let current: JsonNode | undefined = node.json;
    for (const key of path) {
      current = current?.type === 'object' ? current.children?.find((p) => p.children?.[0]?.value === key)?.children?.[1] : undefined;
    }
    return current?.type === 'string' ? (current.value as string) : undefined;
  };
  switch (node.kind) {
    case 'Build': return read('spec', 'id');
    case 'JobRun': return read('spec', 'jobId');
    case 'AddonBackup': case 'AddonImport': return read('spec', 'addonId');
    case 'Release': {
      const target = read('spec', 'target', 'id');
      const origin = read('spec', 'origin', 'id') ?? read('spec', 'origin', 'imagePath');
      return origin !== undefined && target !== undefined ? `${origin} → ${target}` : target;
    }
    case 'Action': case 'Condition': {
      const kind = read('spec', 'kind');
      const type = read('spec', 'spec', 'type');
      return [kind, type].filter((part) => part !== undefined).join(' ') || undefined;
    }
    case 'Message': return read('spec', 'kind');
    default: return undefined;
  }
}

/**
 * `timeoutDuration` in seconds from a resolved value, or an error message.
 * `ranged`: the Release node's, for which the reference documents 30..14400;
 * other kinds' timeouts have no documented range, and only need to be whole
 * seconds above zero.
 */
export function readTimeout(value: unknown, ranged: boolean): number | string | undefined {
  if (value === undefined) return undefined;
  const seconds = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  if (ranged && (!Number.isInteger(seconds) || seconds < MIN_TIMEOUT_SECONDS || seconds > MAX_TIMEOUT_SECONDS)) {
    return `timeoutDuration resolved to ${JSON.stringify(value)}; the platform accepts whole seconds from ${MIN_TIMEOUT_SECONDS} to ${MAX_TIMEOUT_SECONDS}.`;
  }
  if (!ranged && (!Number.isInteger(seconds) || seconds < 1)) {
    return `timeoutDuration resolved to ${JSON.stringify(value)}; it must be a whole number of seconds, at least 1.`;
  }
  return seconds;
}

/** skipNodeExecution from its resolved value: true, false, or an error message. */
export function readSkip(value: unknown): boolean | string {
  if (value === undefined || value === false || value === 'false') return false;
  if (value === true || value === 'true') return true;
  return `skipNodeExecution resolved to ${JSON.stringify(value)}, not true or false.`;
}
