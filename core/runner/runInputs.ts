/**
 * A run's inputs: argument values and Git trigger values.
 *
 * Arguments, later ones winning: the defaults in `arguments`, the file's
 * `argumentOverrides` (secret), `--arg K=V`, `--secret K=V` (secret). An
 * argument whose name says it is secret (PASSWORD, TOKEN, API_KEY...) or whose
 * value looks like a credential is masked too.
 *
 * Trigger values (`${refs.<trigger>.branch|sha|repoUrl|pullRequestId}`), as a
 * manual run would give them: overrides first (like the webhook's
 * `<trigger>.branch` parameters). Otherwise the branch is the trigger's first
 * branch rule without wildcards and the sha is that branch's newest commit;
 * when that branch does not exist locally (a CI clone on a detached HEAD or
 * another branch), HEAD stands in as the pushed commit and a note says so.
 * Without a literal rule, the checked-out branch is used.
 */
import type { FlowModel } from '../document/model';
import { jsonValue, propertyNode, propertyValue } from '../document/parse';
import { looksRandom } from '../validation/secrets';
import type { TriggerValues } from '../runs/events';
import { GitError, type GitProvider } from '../git/repository';
import { isSecretName, MASK, type SecretBook } from '../runs/secrets';

export interface ArgumentSources {
  args?: Readonly<Record<string, string>>;
  secretArgs?: Readonly<Record<string, string>>;
}

export interface RunArguments {
  values: Map<string, unknown>;
  /** The values as recorded: secrets replaced by the mask. */
  shown: Record<string, unknown>;
}

export function collectArguments(model: FlowModel, sources: ArgumentSources, secrets: SecretBook): RunArguments {
  const values = new Map<string, unknown>();
  const secret = new Set<string>();
  for (const argument of model.arguments.values()) values.set(argument.name, argument.value);
  const overrides = model.argumentOverridesNode;
  if (overrides?.type === 'object') {
    const parsed = jsonValue(overrides) as Record<string, unknown>;
    for (const [name, value] of Object.entries(parsed)) {
      values.set(name, value);
      secret.add(name);
    }
  }
  for (const [name, value] of Object.entries(sources.args ?? {})) values.set(name, value);
  for (const [name, value] of Object.entries(sources.secretArgs ?? {})) {
    values.set(name, value);
    secret.add(name);
  }
  const shown: Record<string, unknown> = {};
  for (const [name, value] of values) {
    const isSecret = secret.has(name) || isSecretName(name) || (typeof value === 'string' && looksRandom(value));
    if (isSecret && typeof value === 'string') secrets.add(value);
    shown[name] = isSecret ? MASK : value;
  }
  return { values, shown: secrets.mask(shown) };
}

export class TriggerError extends Error {}

/** Parses `main-push.branch=feature` into the override map. */
export function parseTriggerOverride(text: string, into: Record<string, Partial<TriggerValues>>): void {
  const match = /^([^=.]+)\.(branch|sha|repoUrl|pullRequestId)=(.*)$/s.exec(text);
  if (!match) throw new TriggerError(`'${text}' is not <trigger>.<branch|sha|repoUrl|pullRequestId>=<value>.`);
  const [, ref, field, value] = match as unknown as [string, string, keyof TriggerValues, string];
  const entry = (into[ref] ??= {});
  if (field === 'pullRequestId') {
    if (!/^\d+$/.test(value)) throw new TriggerError(`${ref}.pullRequestId must be a number, not '${value}'.`);
    entry.pullRequestId = Number(value);
  } else {
    entry[field] = value;
  }
}

const GLOB = /[*?[\]!]/;

export async function resolveTriggers(
  model: FlowModel,
  overrides: Readonly<Record<string, Partial<TriggerValues>>>,
  git: GitProvider | undefined,
  note: (message: string) => void,
): Promise<Map<string, TriggerValues>> {
  const result = new Map<string, TriggerValues>();
  const known = new Set(model.triggers.map((t) => t.ref).filter((r): r is string => r !== undefined));
  for (const ref of Object.keys(overrides)) {
    if (!known.has(ref)) throw new TriggerError(`The flow has no trigger '${ref}' (triggers: ${[...known].join(', ') || 'none'}).`);
  }
  for (const trigger of model.triggers) {
    if (trigger.ref === undefined) continue;
    const given = overrides[trigger.ref] ?? {};
    const repoUrl = given.repoUrl ?? (typeof propertyValue(trigger.json, 'repoUrl') === 'string' ? (propertyValue(trigger.json, 'repoUrl') as string) : null);
    const values: TriggerValues = { branch: given.branch ?? null, sha: null, repoUrl, pullRequestId: given.pullRequestId ?? null };
    try {
      await fill(values, given, trigger.ref, literalBranch(trigger.json), git, note);
    } catch (error) {
      if (error instanceof GitError) throw new TriggerError(`Trigger '${trigger.ref}': ${error.message}`);
      throw error;
    }
    result.set(trigger.ref, values);
  }
  return result;
}

function literalBranch(json: Parameters<typeof propertyNode>[0]): string | undefined {
  const rules = propertyNode(json, 'branchRestrictions');
  for (const rule of rules?.children ?? []) {
    if (rule.type === 'string' && !GLOB.test(rule.value as string) && rule.value !== '') return rule.value as string;
  }
  return undefined;
}

async function fill(values: TriggerValues, given: Partial<TriggerValues>, ref: string, literal: string | undefined, git: GitProvider | undefined, note: (message: string) => void): Promise<void> {
  if (!git) {
    values.branch ??= literal ?? null;
    values.sha = given.sha ?? null;
    if (values.sha === null) note(`Trigger '${ref}' has no sha: the flow is not in a Git repository. Pass --trigger ${ref}.sha=<sha> to set one.`);
    return;
  }
  if (typeof given.sha === 'string') {
    values.sha = (await git.commit(given.sha)).sha;
    values.branch ??= literal ?? (await git.head()).branch ?? null;
    return;
  }
  if (typeof given.branch === 'string') {
    values.sha = (await git.branchHead(given.branch)).sha;
    return;
  }
  if (literal !== undefined) {
    values.branch = literal;
    try {
      values.sha = (await git.branchHead(literal)).sha;
      return;
    } catch (error) {
      if (!(error instanceof GitError) || error.code !== 'unknown-branch') throw error;
    }
    const head = await git.head();
    values.sha = head.sha;
    note(
      `Trigger '${ref}' watches branch '${literal}', which does not exist in this clone (HEAD is ${head.branch ? `branch '${head.branch}'` : 'detached'} at ${head.sha.slice(0, 7)}): ` +
        `the run treats HEAD as the commit pushed to '${literal}'. Pass --trigger ${ref}.branch=<branch> or ${ref}.sha=<sha> to choose.`,
    );
    return;
  }
  const head = await git.head();
  values.branch = head.branch ?? null;
  values.sha = head.sha;
  if (!head.branch) note(`Trigger '${ref}' has no branch: HEAD is detached at ${head.sha.slice(0, 7)}. Pass --trigger ${ref}.branch=<branch> to set one.`);
}
