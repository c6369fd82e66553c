/**
 * Scenario files script what the simulated platform does: how long each kind
 * of operation takes, which operations fail (and on which attempt), and which
 * resources are slow to come up. Format: schemas/scenario.schema.json.
 *
 * {
 *   "durations": { "Build": "90s", "node:migrate": "2m", "request": "200ms" },
 *   "retryDelay": "5s",
 *   "outcomes": [
 *     { "match": { "kind": "Build", "id": "shop-builder" }, "results": ["fail", "fail", "success"] },
 *     { "match": { "ref": "migrate" }, "results": ["fail"], "message": "migration 0042 failed" }
 *   ],
 *   "resources": { "addon:shop-db-prod": { "notRunningFor": "120s" } }
 * }
 */
import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { RELEASE_FLOW_KINDS } from '../catalogue/kinds';
import { closestName, didYouMean } from '../text/suggest';

/** `success`: the operation succeeds; `fail`: it runs and concludes as failed; `error`: the platform refuses the request. */
export type OutcomeResult = 'success' | 'fail' | 'error';
export const OUTCOME_RESULTS: readonly OutcomeResult[] = ['success', 'fail', 'error'];

export interface OutcomeStep {
  result: OutcomeResult;
  message?: string;
}

export interface OutcomeRule {
  match: { ref?: string; kind?: string; id?: string };
  /** One entry per attempt; the last one repeats once the list is used up. */
  results: OutcomeStep[];
}

export interface ResourceScript {
  /** Milliseconds after the run starts during which the resource is not running (Infinity: never runs). */
  notRunningForMs?: number;
  /** Addon version reported by backups. */
  version?: string;
  /**
   * What a service or job runs when the simulation has not released anything to it yet;
   * `false`: nothing (otherwise a resource the flow or pipeline names is assumed to exist and run).
   */
  deployed?: { builder: string; branch: string } | { imagePath: string } | false;
}

export interface Scenario {
  /** Operation durations in ms by node kind, `node:<ref>`, `request` (API latency) and `default`. */
  durations: Record<string, number>;
  retryDelayMs: number;
  outcomes: OutcomeRule[];
  /** Keyed `service:<id>`, `job:<id>` or `addon:<id>`. */
  resources: Record<string, ResourceScript>;
}

/** Real-time defaults: short, so a run is watchable; any of them can be set by a scenario. */
export const DEFAULT_DURATIONS: Readonly<Record<string, number>> = {
  request: 150,
  Build: 2000,
  JobRun: 1500,
  AddonBackup: 1000,
  AddonImport: 1000,
  Release: 1000,
  Action: 500,
  Message: 200,
  Approval: 1000,
  RunTemplate: 1000,
  default: 300,
};

export const DEFAULT_RETRY_DELAY_MS = 1000;

export function defaultScenario(): Scenario {
  return { durations: { ...DEFAULT_DURATIONS }, retryDelayMs: DEFAULT_RETRY_DELAY_MS, outcomes: [], resources: {} };
}

export interface ScenarioParseResult {
  scenario?: Scenario;
  errors: string[];
}

const TOP_LEVEL_KEYS = ['$schema', 'description', 'durations', 'retryDelay', 'outcomes', 'resources'];
const MATCH_KEYS = ['ref', 'kind', 'id'];
const RESOURCE_KEYS = ['notRunningFor', 'version', 'deployed'];
const DURATION = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** `90s`, `2m`, `1.5h`, `250ms`, or a number of seconds. */
export function parseDuration(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value * 1000 : undefined;
  if (typeof value !== 'string') return undefined;
  const match = DURATION.exec(value.trim());
  if (!match) return undefined;
  return Number(match[1]) * (UNIT_MS[match[2] as string] as number);
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const show = (value: unknown): string => (typeof value === 'string' ? JSON.stringify(value) : Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value);

/** Parses and checks a scenario file; every problem is reported with where it is. Never throws. */
export function parseScenario(text: string): ScenarioParseResult {
  const errors: string[] = [];
  const syntax: ParseError[] = [];
  const root: unknown = parse(text, syntax, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  if (syntax.length > 0) {
    return { errors: syntax.map((e) => `invalid JSON at offset ${e.offset}: ${printParseErrorCode(e.error)}`) };
  }
  if (!isObject(root)) return { errors: [`a scenario is a JSON object, not ${show(root)}`] };
  const scenario = defaultScenario();
  unknownKeys(root, TOP_LEVEL_KEYS, '', errors);
  readDurations(root.durations, scenario, errors);
  if (root.retryDelay !== undefined) {
    const ms = parseDuration(root.retryDelay);
    if (ms === undefined) errors.push(`retryDelay: ${show(root.retryDelay)} is not a duration (e.g. "5s", "2m", "500ms" or a number of seconds)`);
    else scenario.retryDelayMs = ms;
  }
  readOutcomes(root.outcomes, scenario, errors);
  readResources(root.resources, scenario, errors);
  return errors.length > 0 ? { errors } : { scenario, errors };
}

function unknownKeys(object: Json, known: readonly string[], where: string, errors: string[]): void {
  for (const key of Object.keys(object)) {
    if (known.includes(key)) continue;
    errors.push(`${where}${where ? '.' : ''}${key}: unknown field.${didYouMean(closestName(key, known))} Known fields: ${known.join(', ')}`);
  }
}

function readDurations(value: unknown, scenario: Scenario, errors: string[]): void {
  if (value === undefined) return;
  if (!isObject(value)) {
    errors.push(`durations: expected an object such as { "Build": "90s", "node:migrate": "2m" }, found ${show(value)}`);
    return;
  }
  const kinds = [...RELEASE_FLOW_KINDS.keys()];
  for (const [key, raw] of Object.entries(value)) {
    const ms = parseDuration(raw);
    if (ms === undefined) {
      errors.push(`durations.${key}: ${show(raw)} is not a duration (e.g. "90s", "2m", "500ms" or a number of seconds)`);
      continue;
    }
    const isNodeKey = key.startsWith('node:') && key.length > 'node:'.length;
    if (!isNodeKey && key !== 'request' && key !== 'default' && !RELEASE_FLOW_KINDS.has(key)) {
      const suggestion = closestName(key, [...kinds, 'request', 'default']);
      errors.push(`durations.${key}: not a node kind, "node:<ref>", "request" or "default".${didYouMean(suggestion)}`);
      continue;
    }
    scenario.durations[key] = ms;
  }
}

function readOutcomes(value: unknown, scenario: Scenario, errors: string[]): void {
  if (value === undefined) return;
  if (!Array.isArray(value)) {
    errors.push(`outcomes: expected an array of { "match": {...}, "results": [...] }, found ${show(value)}`);
    return;
  }
  value.forEach((entry, i) => {
    const at = `outcomes[${i}]`;
    if (!isObject(entry)) {
      errors.push(`${at}: expected { "match": {...}, "results": [...] }, found ${show(entry)}`);
      return;
    }
    unknownKeys(entry, ['match', 'results', 'message'], at, errors);
    const match = entry.match;
    const rule: OutcomeRule = { match: {}, results: [] };
    if (!isObject(match) || Object.keys(match).length === 0) {
      errors.push(`${at}.match: expected an object with at least one of ${MATCH_KEYS.join(', ')}, found ${show(match)}`);
    } else {
      unknownKeys(match, MATCH_KEYS, `${at}.match`, errors);
      for (const key of MATCH_KEYS) {
        const field = match[key];
        if (field === undefined) continue;
        if (typeof field !== 'string' || field === '') errors.push(`${at}.match.${key}: expected a non-empty string, found ${show(field)}`);
        else rule.match[key as 'ref' | 'kind' | 'id'] = field;
      }
      const kind = rule.match.kind;
      if (kind !== undefined && !RELEASE_FLOW_KINDS.has(kind)) {
        errors.push(`${at}.match.kind: '${kind}' is not a node kind.${didYouMean(closestName(kind, RELEASE_FLOW_KINDS.keys()))}`);
      }
    }
    const message = entry.message;
    if (message !== undefined && typeof message !== 'string') errors.push(`${at}.message: expected a string, found ${show(message)}`);
    const results = entry.results;
    if (!Array.isArray(results) || results.length === 0) {
      errors.push(`${at}.results: expected a non-empty array such as ["fail", "success"], found ${show(results)}`);
    } else {
      results.forEach((result, j) => {
        const step = readStep(result, `${at}.results[${j}]`, errors);
        if (step) rule.results.push(typeof message === 'string' && step.message === undefined ? { ...step, message } : step);
      });
    }
    scenario.outcomes.push(rule);
  });
}

function readStep(value: unknown, at: string, errors: string[]): OutcomeStep | undefined {
  const check = (result: unknown): OutcomeResult | undefined => {
    if (typeof result === 'string' && (OUTCOME_RESULTS as readonly string[]).includes(result)) return result as OutcomeResult;
    const suggestion = typeof result === 'string' ? closestName(result, OUTCOME_RESULTS) : undefined;
    errors.push(`${at}: ${show(result)} is not a result; use "success", "fail" (the operation runs and fails) or "error" (the platform refuses it).${didYouMean(suggestion)}`);
    return undefined;
  };
  if (isObject(value)) {
    unknownKeys(value, ['result', 'message'], at, errors);
    const result = check(value.result);
    if (value.message !== undefined && typeof value.message !== 'string') errors.push(`${at}.message: expected a string, found ${show(value.message)}`);
    if (result === undefined) return undefined;
    return typeof value.message === 'string' ? { result, message: value.message } : { result };
  }
  const result = check(value);
  return result === undefined ? undefined : { result };
}

function readResources(value: unknown, scenario: Scenario, errors: string[]): void {
  if (value === undefined) return;
  if (!isObject(value)) {
    errors.push(`resources: expected an object keyed "service:<id>", "job:<id>" or "addon:<id>", found ${show(value)}`);
    return;
  }
  for (const [key, raw] of Object.entries(value)) {
    const at = `resources.${key}`;
    const typed = /^(service|job|addon):(.+)$/.exec(key);
    if (!typed) {
      errors.push(`${at}: keys are "service:<id>", "job:<id>" or "addon:<id>"`);
      continue;
    }
    if (!isObject(raw)) {
      errors.push(`${at}: expected an object such as { "notRunningFor": "120s" }, found ${show(raw)}`);
      continue;
    }
    unknownKeys(raw, RESOURCE_KEYS, at, errors);
    const type = typed[1] as 'service' | 'job' | 'addon';
    const script: ResourceScript = {};
    if (raw.notRunningFor !== undefined) {
      const ms = raw.notRunningFor === 'forever' ? Infinity : parseDuration(raw.notRunningFor);
      if (ms === undefined) errors.push(`${at}.notRunningFor: ${show(raw.notRunningFor)} is not a duration or "forever"`);
      else script.notRunningForMs = ms;
    }
    if (raw.version !== undefined) {
      if (type !== 'addon') errors.push(`${at}.version: only addons have a version`);
      else if (typeof raw.version !== 'string' || raw.version === '') errors.push(`${at}.version: expected a non-empty string, found ${show(raw.version)}`);
      else script.version = raw.version;
    }
    if (raw.deployed !== undefined) {
      const deployed = raw.deployed === false && type !== 'addon' ? false : readDeployed(raw.deployed, `${at}.deployed`, type, errors);
      if (deployed !== undefined) script.deployed = deployed;
    }
    scenario.resources[key] = script;
  }
}

function readDeployed(value: unknown, at: string, type: string, errors: string[]): ResourceScript['deployed'] {
  if (type === 'addon') {
    errors.push(`${at}: addons are not deployed; only services and jobs are`);
    return undefined;
  }
  if (isObject(value) && typeof value.imagePath === 'string' && value.imagePath !== '') {
    unknownKeys(value, ['imagePath'], at, errors);
    return { imagePath: value.imagePath };
  }
  if (isObject(value) && typeof value.builder === 'string' && typeof value.branch === 'string' && value.builder !== '' && value.branch !== '') {
    unknownKeys(value, ['builder', 'branch'], at, errors);
    return { builder: value.builder, branch: value.branch };
  }
  errors.push(`${at}: expected { "builder": "<build service>", "branch": "<branch>" }, { "imagePath": "<image>" } or false, found ${show(value)}`);
  return undefined;
}

/** Duration of a node's operation: `node:<ref>`, then its kind, then `default`. */
export function durationFor(scenario: Scenario, kind: string, ref: string | undefined): number {
  if (ref !== undefined) {
    const byRef = scenario.durations[`node:${ref}`];
    if (byRef !== undefined) return byRef;
  }
  return scenario.durations[kind] ?? scenario.durations.default ?? 0;
}

/** A scenario where nothing takes time: every operation and request is instant. */
export function instantScenario(): Scenario {
  const scenario = defaultScenario();
  for (const key of Object.keys(scenario.durations)) scenario.durations[key] = 0;
  scenario.retryDelayMs = 0;
  return scenario;
}

/**
 * Picks the scripted result of one attempt. Each (rule, node) pair keeps its
 * own count, so "fails twice, then succeeds" holds for every node it matches.
 */
export class OutcomeBook {
  private readonly used = new Map<string, number>();

  constructor(private readonly scenario: Scenario) {}

  next(node: { index: number; ref: string | undefined; kind: string }, ids: readonly string[]): OutcomeStep {
    return this.scripted(node, ids) ?? { result: 'success' };
  }

  /** The scenario's next result for the node, or undefined when no rule of the scenario matches it. */
  scripted(node: { index: number; ref: string | undefined; kind: string }, ids: readonly string[]): OutcomeStep | undefined {
    const ruleIndex = this.scenario.outcomes.findIndex((rule) => matches(rule, node, ids));
    const rule = this.scenario.outcomes[ruleIndex];
    if (!rule) return undefined;
    const key = `${ruleIndex}:${node.index}`;
    const count = this.used.get(key) ?? 0;
    this.used.set(key, count + 1);
    return rule.results[Math.min(count, rule.results.length - 1)] as OutcomeStep;
  }
}

function matches(rule: OutcomeRule, node: { ref: string | undefined; kind: string }, ids: readonly string[]): boolean {
  const { ref, kind, id } = rule.match;
  return (ref === undefined || ref === node.ref) && (kind === undefined || kind === node.kind) && (id === undefined || ids.includes(id));
}
