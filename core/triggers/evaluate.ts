/**
 * Whether a Git event would start a run of the flow, trigger by trigger and
 * check by check, with the reason for every verdict. The checks follow the
 * platform's documented behaviour (semantics.md, "Triggers"):
 *
 *   repository   the trigger's repoUrl is one of the repository's remotes
 *   event        tags never fire (triggers match branch names)
 *   branch-rules a push: some `branchRestrictions` rule matches the branch
 *   pr-rules     a pull request: some `prRestrictions` rule matches its head branch
 *   draft        a draft pull request, when `ignoreDrafts` is on, does not fire
 *   path-rules   the changed files count (pathRules.ts)
 *   ci-flags     no pushed commit (a PR: its head commit) carries an ignore flag
 *
 * A trigger fires when every check passes; all checks are evaluated even
 * after one fails, so the explanation is complete. The flow runs when some
 * trigger fires and its triggers are not paused. A trigger with no branch
 * (or PR) rules watches no branch (as a build service without build rules
 * builds none).
 */
import type { Node as JsonNode } from 'jsonc-parser';
import type { FlowModel } from '../document/model';
import { propertyNode, propertyValue } from '../document/parse';
import type { TriggerValues } from '../runs/events';
import { firstMatchingRule } from './branchMatch';
import { checkCiFlags, type CiFlagsResult } from './ciFlags';
import { describeEvent, type GitEvent, type Remote } from '../git/events';
import type { PauseState } from './pause';
import { PathRules, type PathRulesResult } from './pathRules';
import { compareRepoUrls } from '../git/repoUrl';

export type CheckName = 'repository' | 'event' | 'branch-rules' | 'pr-rules' | 'draft' | 'path-rules' | 'ci-flags';

export interface CheckResult {
  check: CheckName;
  ok: boolean;
  /** One sentence: what was compared and the outcome. */
  summary: string;
  /** Further lines (each remote, each rule tried, each commit with a flag). */
  details: string[];
  /** The path-rule verdict per changed file, for `path-rules`. */
  paths?: PathRulesResult;
  /** The flags found, for `ci-flags`. */
  flags?: CiFlagsResult;
  /** The rule that matched, for `branch-rules` / `pr-rules`: its index and text. */
  rule?: { index: number; pattern: string };
}

export interface TriggerEvaluation {
  index: number;
  ref: string | undefined;
  repoUrl: string | undefined;
  fires: boolean;
  checks: CheckResult[];
  /** `${refs.<ref>...}` values the run gets when the trigger fires. */
  values?: TriggerValues;
}

export interface EvaluationContext {
  /** Remotes of the repository (fetch URLs). */
  remotes: readonly Remote[];
  pause: PauseState;
}

export interface Evaluation {
  event: GitEvent;
  eventSummary: string;
  pause: PauseState;
  triggers: TriggerEvaluation[];
  /** Refs (or `#<index>` for triggers without one) of the triggers that fire. */
  fired: string[];
  wouldRun: boolean;
  verdict: string;
}

/** A trigger's fields, read leniently: a field of the wrong type counts as absent and is reported. */
interface TriggerConfig {
  ref: string | undefined;
  repoUrl: string | undefined;
  branchRestrictions: string[];
  prRestrictions: string[];
  pathIgnoreRules: string[];
  isAllowList: boolean;
  ciIgnoreFlags: string[] | undefined;
  ciIgnoreFlagsEnabled: boolean;
  ignoreDrafts: boolean;
}

function strings(node: JsonNode | undefined): string[] | undefined {
  if (node?.type !== 'array') return undefined;
  return (node.children ?? []).filter((c) => c.type === 'string').map((c) => c.value as string);
}

function readTrigger(json: JsonNode): TriggerConfig {
  const text = (key: string): string | undefined => {
    const v = propertyValue(json, key);
    return typeof v === 'string' ? v : undefined;
  };
  return {
    ref: text('ref'),
    repoUrl: text('repoUrl'),
    branchRestrictions: strings(propertyNode(json, 'branchRestrictions')) ?? [],
    prRestrictions: strings(propertyNode(json, 'prRestrictions')) ?? [],
    pathIgnoreRules: strings(propertyNode(json, 'pathIgnoreRules')) ?? [],
    isAllowList: propertyValue(json, 'isAllowList') === true,
    ciIgnoreFlags: strings(propertyNode(json, 'ciIgnoreFlags')),
    ciIgnoreFlagsEnabled: propertyValue(json, 'ciIgnoreFlagsEnabled') === true,
    ignoreDrafts: propertyValue(json, 'ignoreDrafts') === true,
  };
}

const q = (s: string): string => `'${s}'`;

function repositoryCheck(config: TriggerConfig, remotes: readonly Remote[]): CheckResult {
  if (config.repoUrl === undefined) return { check: 'repository', ok: false, summary: 'The trigger has no repoUrl, so it watches no repository.', details: [] };
  if (remotes.length === 0) {
    return { check: 'repository', ok: false, summary: `The repository has no remotes, so it cannot be ${config.repoUrl}: add it with 'git remote add origin ${config.repoUrl}'.`, details: [] };
  }
  const details: string[] = [];
  let match: Remote | undefined;
  for (const remote of remotes) {
    const compared = compareRepoUrls(config.repoUrl, remote.url);
    if (compared.same) match ??= remote;
    details.push(`remote ${remote.name} ${remote.url}: ${compared.same ? 'same repository' : compared.caseOnly ? 'differs only in letter case (not treated as the same repository)' : 'another repository'}`);
  }
  if (match) return { check: 'repository', ok: true, summary: `${config.repoUrl} is remote '${match.name}' (${match.url}).`, details };
  return { check: 'repository', ok: false, summary: `${config.repoUrl} is none of the repository's remotes.`, details };
}

function ruleCheck(check: 'branch-rules' | 'pr-rules', rules: readonly string[], branch: string, field: string): CheckResult {
  if (rules.length === 0) return { check, ok: false, summary: `${field} is empty: no branch is watched.`, details: [] };
  const index = firstMatchingRule(rules, branch);
  const list = rules.map(q).join(', ');
  if (index < 0) return { check, ok: false, summary: `No rule of ${field} (${list}) matches branch ${q(branch)}.`, details: [] };
  const pattern = rules[index] as string;
  return { check, ok: true, summary: `Rule ${index + 1} ${q(pattern)} of ${field} matches branch ${q(branch)}.`, details: [], rule: { index, pattern } };
}

const fileCount = (n: number): string => `${n} changed file${n === 1 ? '' : 's'}`;

function pathCheck(config: TriggerConfig, files: readonly string[]): CheckResult {
  const result = new PathRules(config.pathIgnoreRules, config.isAllowList).evaluate(files);
  // Per-file verdicts are in `paths`: a push can change thousands of files.
  const details = result.warnings.map((w) => `warning: ${w}`);
  const n = files.length;
  let summary: string;
  if (result.mode === 'none') summary = 'No path rules: every change counts.';
  else if (n === 0) summary = `No file changed, so no file ${result.mode === 'allow' ? 'matches the allow list' : 'escapes the ignore list'}.`;
  else if (result.mode === 'ignore') summary = result.counts ? `${result.kept} of ${fileCount(n)} ${result.kept === 1 ? 'is' : 'are'} not ignored by the ignore list.` : `${n === 1 ? 'The changed file is' : `All ${fileCount(n)} are`} ignored by the ignore list.`;
  else summary = result.counts ? `${result.kept} of ${fileCount(n)} ${result.kept === 1 ? 'matches' : 'match'} the allow list.` : `${n === 1 ? 'The changed file does not match' : `None of the ${fileCount(n)} matches`} the allow list.`;
  return { check: 'path-rules', ok: result.counts, summary, details, paths: result };
}

function flagCheck(config: TriggerConfig, commits: readonly { sha: string; message: string }[], scope: { hit: string; none: string }): CheckResult {
  const result = checkCiFlags(config.ciIgnoreFlagsEnabled, config.ciIgnoreFlags, commits);
  if (!result.enabled) return { check: 'ci-flags', ok: true, summary: 'ciIgnoreFlagsEnabled is not on: commit messages are not checked.', details: [], flags: result };
  const which = result.defaults ? "the platform's default flags" : `flags ${result.flags.map(q).join(', ') || '(none)'}`;
  const details = result.hits.map((h) => `commit ${h.sha.slice(0, 7)} "${h.subject}" carries ${q(h.flag)}`);
  if (result.skipped) return { check: 'ci-flags', ok: false, summary: `${scope.hit} carries an ignore flag (${which}).`, details, flags: result };
  return { check: 'ci-flags', ok: true, summary: `${scope.none} of ${which}.`, details, flags: result };
}

export function evaluateTrigger(json: JsonNode, index: number, event: GitEvent, remotes: readonly Remote[]): TriggerEvaluation {
  const config = readTrigger(json);
  const checks: CheckResult[] = [repositoryCheck(config, remotes)];
  let values: TriggerValues | undefined;
  if (event.type === 'tag') {
    checks.push({
      check: 'event', ok: false,
      summary: `Tag pushes do not fire Git triggers: branch and pull-request rules match branch names, and ${q(event.tag)} is a tag.`,
      details: [`To run the flow for this tag's commit, run it manually: release-flow run <file> --trigger ${config.ref ?? '<trigger>'}.sha=${event.sha.slice(0, 12)}`],
    });
  } else if (event.type === 'push') {
    const branch = ruleCheck('branch-rules', config.branchRestrictions, event.branch, 'branchRestrictions');
    if (!branch.ok && firstMatchingRule(config.prRestrictions, event.branch) >= 0) {
      branch.details.push(`prRestrictions match ${q(event.branch)}: a push to it runs the flow when the branch has an open pull request (simulate that with --pr ${event.branch}).`);
    }
    checks.push(branch, pathCheck(config, event.changedFiles), flagCheck(config, event.commits, event.commits.length === 1 ? { hit: 'The pushed commit', none: 'The pushed commit carries none' } : { hit: 'A pushed commit', none: 'No pushed commit carries any' }));
    values = { branch: event.branch, sha: event.to, repoUrl: config.repoUrl ?? null, pullRequestId: null };
  } else {
    checks.push(ruleCheck('pr-rules', config.prRestrictions, event.head, 'prRestrictions'));
    if (event.draft) {
      checks.push(
        config.ignoreDrafts
          ? { check: 'draft', ok: false, summary: 'The pull request is a draft and ignoreDrafts is on.', details: [] }
          : { check: 'draft', ok: true, summary: 'The pull request is a draft; ignoreDrafts is off, so drafts run.', details: [] },
      );
    }
    checks.push(pathCheck(config, event.changedFiles), flagCheck(config, [event.headCommit], { hit: 'The head commit', none: 'The head commit carries none' }));
    values = { branch: event.head, sha: event.headCommit.sha, repoUrl: config.repoUrl ?? null, pullRequestId: event.pullRequestId ?? null };
  }
  const fires = checks.every((c) => c.ok);
  const evaluation: TriggerEvaluation = { index, ref: config.ref, repoUrl: config.repoUrl, fires, checks };
  if (fires && values) evaluation.values = values;
  return evaluation;
}

export function triggerLabel(t: { ref: string | undefined; index: number }): string {
  return t.ref ?? `#${t.index + 1}`;
}

/** Evaluates every Git trigger of the flow against `event`. */
export function evaluateTriggers(model: FlowModel, event: GitEvent, context: EvaluationContext): Evaluation {
  const triggers = model.triggers.map((t) => evaluateTrigger(t.json, t.index, event, context.remotes));
  const fired = triggers.filter((t) => t.fires).map(triggerLabel);
  const wouldRun = fired.length > 0 && !context.pause.paused;
  let verdict: string;
  if (model.triggers.length === 0) verdict = 'Would not run: the flow has no Git triggers.';
  else if (fired.length === 0) verdict = `Would not run: no trigger fires.`;
  else if (context.pause.paused) verdict = `Would not run: ${fired.map(q).join(', ')} ${fired.length === 1 ? 'fires' : 'fire'}, but the flow's triggers are paused. ${context.pause.summary}`;
  else verdict = `Would run: ${fired.length === 1 ? 'trigger' : 'triggers'} ${fired.map(q).join(', ')} ${fired.length === 1 ? 'fires' : 'fire'}.`;
  return { event, eventSummary: describeEvent(event), pause: context.pause, triggers, fired, wouldRun, verdict };
}

/** Trigger value overrides for the runner: the values of every trigger that fired. */
export function firedTriggerValues(evaluation: Evaluation): Record<string, TriggerValues> {
  const result: Record<string, TriggerValues> = {};
  for (const t of evaluation.triggers) if (t.fires && t.ref !== undefined && t.values) result[t.ref] = t.values;
  return result;
}

/** `options.paused` of the flow file. */
export function filePaused(model: FlowModel): boolean {
  return propertyValue(propertyNode(model.root, 'options'), 'paused') === true;
}
