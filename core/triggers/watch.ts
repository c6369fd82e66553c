/**
 * Running on commit: watches the repository's refs and treats each new commit
 * on the checked-out branch as a push of that branch, evaluates the flow's Git
 * triggers, and starts a run when one fires and the triggers are not paused.
 * The CLI's `release-flow watch` and the editor extension share this code.
 *
 * Git is watched, not polled: fs.watch on the Git dir (HEAD, packed-refs) and
 * on refs/heads (recursively, for `feature/x` branches), with a debounce,
 * since one commit writes several files (a lock file, the ref, the reflog).
 * After the quiet period HEAD is read once:
 *
 * - same branch, new commits since the last look: a push of `last..HEAD`;
 * - same branch, no new commit (a reset backwards): noted, nothing runs;
 * - another branch checked out, or a detached HEAD: noted, nothing runs
 *   (checking out is not pushing).
 */
import { watch, type FSWatcher } from 'node:fs';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { GitHistory } from '../git/history';
import { parseFlow } from '../document/parse';
import type { RunnerEvent } from '../runs/events';
import { GitError } from '../git/repository';
import { runFlow, type RunEnvironment, type RunRequest } from '../runner/session';
import { evaluateTriggers, filePaused, firedTriggerValues, type Evaluation } from './evaluate';
import { describeEvent, type PushEvent } from '../git/events';
import type { PauseState } from './pause';

export const DEFAULT_DEBOUNCE_MS = 300;

export interface CommitWatchOptions {
  /** A folder inside the repository. */
  directory: string;
  debounceMs?: number;
  onPush(event: PushEvent): Promise<void> | void;
  onNote?(message: string): void;
  onError?(error: Error): void;
}

export interface Watcher {
  close(): Promise<void>;
}

/** Calls `onPush` for every batch of new commits on the checked-out branch. */
export async function watchCommits(options: CommitWatchOptions): Promise<Watcher> {
  const history = new GitHistory(options.directory);
  const { gitDir, commonDir } = await history.gitDirs();
  const note = (message: string): void => options.onNote?.(message);
  const fail = (error: unknown): void => options.onError?.(error instanceof Error ? error : new Error(String(error)));

  const look = async (): Promise<{ sha: string; branch: string | undefined } | undefined> => {
    try {
      return await history.head();
    } catch (error) {
      if (error instanceof GitError && error.code === 'no-commits') return undefined;
      throw error;
    }
  };
  let last = await look();
  let timer: NodeJS.Timeout | undefined;
  let checking: Promise<void> = Promise.resolve();
  let closed = false;

  const check = async (): Promise<void> => {
    const now = await look();
    const before = last;
    if (now === undefined || (before && now.sha === before.sha && now.branch === before.branch)) return;
    last = now;
    if (now.branch === undefined) {
      note(`HEAD is detached at ${now.sha.slice(0, 7)}: commits there are not pushes to a branch, so triggers are not evaluated.`);
      return;
    }
    if (before && before.branch !== now.branch) {
      note(`Switched to branch '${now.branch}' at ${now.sha.slice(0, 7)}: watching it (checking out is not a push).`);
      return;
    }
    const range = before ? `${before.sha}..${now.sha}` : now.sha;
    if (before && (await history.commits(range)).length === 0) {
      note(`Branch '${now.branch}' moved to ${now.sha.slice(0, 7)} without new commits (a reset?): nothing to evaluate.`);
      return;
    }
    await options.onPush(await history.pushEvent({ range, branch: now.branch }));
  };

  const schedule = (): void => {
    if (closed) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      // One look at a time: a look started while another runs would see the same change twice.
      checking = checking.then(check).catch(fail);
    }, options.debounceMs ?? DEFAULT_DEBOUNCE_MS);
  };

  const watchers: FSWatcher[] = [];
  const add = (target: string, recursive: boolean): void => {
    try {
      const watcher = watch(target, { recursive, persistent: true }, schedule);
      watcher.on('error', fail);
      watchers.push(watcher);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  };
  add(gitDir, false);
  if (commonDir !== gitDir) add(commonDir, false);
  const heads = path.join(commonDir, 'refs', 'heads');
  await fs.mkdir(heads, { recursive: true });
  add(heads, true);

  return {
    close: async () => {
      closed = true;
      clearTimeout(timer);
      for (const watcher of watchers) watcher.close();
      await checking;
    },
  };
}

export interface FlowWatchOptions {
  flowFile: string;
  env: RunEnvironment;
  runDefaults?: Pick<RunRequest, 'scenario' | 'scenarioInfo' | 'pipeline' | 'stage' | 'args' | 'secretArgs'>;
  /** The flow's pause state; `filePaused` is the file's options.paused at the time. */
  pause(filePaused: boolean): Promise<PauseState>;
  debounceMs?: number;
  /** Every evaluation, whether it runs or not. */
  onDecision(evaluation: Evaluation): void;
  onRunEvent?(event: RunnerEvent): void;
  onNote?(message: string): void;
  onError?(error: Error): void;
}

/** Watches the flow's repository and runs the flow when a new commit fires one of its triggers. */
export async function watchFlow(options: FlowWatchOptions): Promise<Watcher> {
  const history = new GitHistory(path.dirname(options.flowFile));
  const runs = new Set<Promise<unknown>>();
  const controllers = new Set<AbortController>();
  const onPush = async (event: PushEvent): Promise<void> => {
    const model = parseFlow(await fs.readFile(options.flowFile, 'utf8'));
    const evaluation = evaluateTriggers(model, event, { remotes: await history.remotes(), pause: await options.pause(filePaused(model)) });
    options.onDecision(evaluation);
    if (!evaluation.wouldRun) return;
    const controller = new AbortController();
    const request: RunRequest = {
      ...options.runDefaults,
      flowFile: options.flowFile,
      triggers: firedTriggerValues(evaluation),
      notes: [`Started by Git ${evaluation.fired.length === 1 ? 'trigger' : 'triggers'} ${evaluation.fired.map((f) => `'${f}'`).join(', ')} on the ${describeEvent(event)}.`],
      signal: controller.signal,
    };
    if (options.onRunEvent) request.onEvent = options.onRunEvent;
    controllers.add(controller);
    const run = runFlow(request, options.env).catch((error: unknown) => options.onError?.(error as Error));
    runs.add(run);
    void run.finally(() => {
      runs.delete(run);
      controllers.delete(controller);
    });
  };
  const commits = await watchCommits({ directory: path.dirname(options.flowFile), debounceMs: options.debounceMs, onPush, onNote: options.onNote, onError: options.onError });
  return {
    close: async () => {
      await commits.close();
      for (const controller of controllers) controller.abort();
      while (runs.size > 0) await Promise.allSettled([...runs]);
    },
  };
}
