/**
 * Committing one flow file for GitOps. Everything that refuses for certain
 * is checked before anything is asked: the repository's state (a branch, no
 * conflicts, no operation half done; a conflicted file would otherwise only
 * show as syntax errors), then the file's validation (secrets and errors
 * refuse, warnings are for the caller to ask about), then what changed since
 * HEAD. The
 * caller (the editor, or a CLI) asks its questions between `planFlowCommit`
 * and `commitPlannedFlow`, and may push afterwards with `pushPlannedFlow`.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { propertyNode, propertyValue, parseFlow } from '../document/parse';
import { checkFlowForCommit, describeDiagnostic, type CommitCheckOptions, type CommitChecks } from './checks';
import { WorkTreeFile, type CommitResult, type PushResult, type PushTarget } from '../git/workTreeFile';
import { GitOpsError, gitStep } from './errors';
import { proposeCommitMessage, summarizeFlowChange, type FlowChangeSummary } from './summary';

export interface FlowCommitPlan {
  repository: WorkTreeFile;
  /** The checked-out branch the commit goes on. */
  branch: string;
  /** The file's text as it will be committed. */
  text: string;
  checks: CommitChecks;
  summary: FlowChangeSummary;
  message: { subject: string; body: string };
  /** The flow's `gitops` section: where the platform syncs it from. */
  gitops: { branch: string | undefined; repoUrl: string | undefined; filePath: string | undefined };
}

export type FlowCommitOptions = Omit<CommitCheckOptions, 'repoPath' | 'fileName'>;

/** `release-development.json` -> `release-development`: how a flow is named in a subject line. */
export function flowLabel(file: string): string {
  return path.basename(file).replace(/\.json$/i, '');
}

export async function planFlowCommit(file: string, options: FlowCommitOptions = {}): Promise<FlowCommitPlan> {
  const repository = await gitStep(() => WorkTreeFile.open(file));
  let text: string;
  try {
    text = await fs.readFile(repository.file, 'utf8');
  } catch (error) {
    throw new GitOpsError('git-failed', `Cannot read ${repository.relativePath}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`);
  }
  const branch = await gitStep(() => repository.branch());
  await gitStep(() => repository.assertCommittable());
  const checks = await checkFlowForCommit(text, { ...options, repoPath: repository.repoPath, fileName: path.basename(file) });
  if (checks.secrets.length > 0) {
    throw new GitOpsError(
      'secrets',
      `Not committed: ${repository.relativePath} holds secret values (${checks.secrets.map((d) => d.code).filter((c, i, all) => all.indexOf(c) === i).join(', ')}). Anything committed stays in Git's history; move them to the platform's argument overrides or a secret group and read them with \${args.NAME}.`,
      checks.secrets,
    );
  }
  if (checks.errors.length > 0) {
    const first = checks.errors[0];
    throw new GitOpsError(
      'invalid',
      `Not committed: ${repository.relativePath} has ${checks.errors.length} error${checks.errors.length === 1 ? '' : 's'}${first ? ` (first: ${describeDiagnostic(first)})` : ''}. The platform would reject the flow; fix ${checks.errors.length === 1 ? 'it' : 'them'} first.`,
      checks.errors,
    );
  }
  const before = await gitStep(() => repository.headText());
  if (before === text && (await gitStep(() => repository.isTracked()))) {
    throw new GitOpsError('nothing-to-commit', `Nothing to commit: ${repository.relativePath} is the same as in HEAD (${branch}).`);
  }
  const summary = summarizeFlowChange(before, text);
  const root = parseFlow(text).root;
  const gitops = propertyNode(root, 'gitops');
  const field = (key: string): string | undefined => {
    const value = propertyValue(gitops, key);
    return typeof value === 'string' && value !== '' ? value : undefined;
  };
  return {
    repository, branch, text, checks, summary,
    message: proposeCommitMessage(summary, flowLabel(file)),
    gitops: { branch: field('branch'), repoUrl: field('repoUrl'), filePath: field('filePath') },
  };
}

/** The subject as the user left it, then the proposed body. */
export function commitMessageText(subject: string, body: string): string {
  return body.trim() === '' ? subject.trim() : `${subject.trim()}\n\n${body.trim()}\n`;
}

/**
 * Commits the planned file alone. The file is read again first: if it
 * changed since the plan (an editor saved it meanwhile), the plan is stale
 * and the commit is refused rather than committing unchecked text.
 */
export async function commitPlannedFlow(plan: FlowCommitPlan, subject: string): Promise<CommitResult> {
  const now = await fs.readFile(plan.repository.file, 'utf8').catch(() => undefined);
  if (now !== plan.text) throw new GitOpsError('git-failed', `${plan.repository.relativePath} changed while the commit was being prepared: start the commit again so that the new text is checked.`);
  if (subject.trim() === '') throw new GitOpsError('git-failed', 'The commit message is empty.');
  return gitStep(() => plan.repository.commitFile(commitMessageText(subject, plan.message.body)));
}

/** Where `pushPlannedFlow` would push: gitops.branch (else the current branch) on the remote that is gitops.repoUrl. */
export function planPush(plan: FlowCommitPlan): Promise<PushTarget> {
  return gitStep(() => plan.repository.pushTarget(plan.gitops.branch ?? plan.branch, plan.gitops.repoUrl));
}

export function pushPlannedFlow(plan: FlowCommitPlan, target: PushTarget): Promise<PushResult> {
  return gitStep(() => plan.repository.push(target));
}
