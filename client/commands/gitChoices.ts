/**
 * Pickers over the flow's repository and the simulated platform: branches,
 * commits, builds. Used by the run form's rich inputs and by the trigger
 * simulation.
 */
import * as vscode from 'vscode';
import { GitHistory } from '../../core/git/history';
import { worldFile } from '../../core/simulation/worldFile';
import type { FlowContext } from '../flowContext';

export interface Selection {
  branch?: string;
  buildSha?: string;
  buildId?: string;
}

const COMMITS_SHOWN = 30;

export function gitChoices(context: FlowContext): {
  branches(): Promise<{ current: string | undefined; all: string[] }>;
  defaultCommit(): Promise<Selection | undefined>;
  latestBuild(source: string | undefined): Promise<Selection | undefined>;
  pickBranch(title: string, placeHolder: string): Promise<string | undefined>;
  pickCommit(title: string): Promise<Selection | undefined>;
  pickBuild(title: string, source: string | undefined): Promise<Selection | undefined>;
} {
  const root = context.git ? context.root : undefined;
  const history = root === undefined ? undefined : new GitHistory(root);

  const branches = async (): Promise<{ current: string | undefined; all: string[] }> => {
    if (!history) return { current: undefined, all: [] };
    return history.localBranches();
  };

  const builds = async (source: string | undefined) => {
    const world = await worldFile(context.store.folder).read();
    const now = Date.now();
    return world.builds
      .filter((b) => (source === undefined || b.builder === source) && b.outcome === 'success' && b.concludesAt <= now)
      .sort((a, b) => b.createdAt - a.createdAt);
  };

  const pickBranch = async (title: string, placeHolder: string): Promise<string | undefined> => {
    const { current, all } = await branches();
    if (all.length === 0) {
      void vscode.window.showWarningMessage('The flow is not in a Git repository with branches: there is nothing to pick.');
      return undefined;
    }
    const ordered = current ? [current, ...all.filter((b) => b !== current)] : all;
    const picked = await vscode.window.showQuickPick(ordered.map((b) => ({ label: b, description: b === current ? 'checked out' : undefined })), { title, placeHolder, ignoreFocusOut: true });
    return picked?.label;
  };

  return {
    branches,
    async defaultCommit() {
      if (!history) return undefined;
      const head = await history.head().catch(() => undefined);
      return head ? { branch: head.branch, buildSha: head.sha } : undefined;
    },
    async latestBuild(source) {
      const build = (await builds(source))[0];
      return build ? { branch: build.branch ?? undefined, buildSha: build.sha, buildId: build.id } : undefined;
    },
    pickBranch,
    async pickCommit(title) {
      if (!history) return undefined;
      const branch = await pickBranch(title, 'The branch to build and deploy');
      if (branch === undefined) return undefined;
      const commits = await history.commits(`refs/heads/${branch}`, COMMITS_SHOWN);
      const picked = await vscode.window.showQuickPick(
        commits.map((c, i) => ({ label: `$(git-commit) ${c.sha.slice(0, 7)}`, description: c.message.split('\n', 1)[0], detail: i === 0 ? `newest commit of ${branch}` : undefined, sha: c.sha })),
        { title: `${title}: commit of ${branch}`, ignoreFocusOut: true, matchOnDescription: true },
      );
      return picked ? { branch, buildSha: picked.sha } : undefined;
    },
    async pickBuild(title, source) {
      const list = await builds(source);
      if (list.length === 0) {
        void vscode.window.showWarningMessage(`No successful build${source ? ` of ${source}` : ''} in the simulated platform yet: run a flow that builds it first.`);
        return undefined;
      }
      const picked = await vscode.window.showQuickPick(
        list.slice(0, COMMITS_SHOWN).map((b) => ({ label: b.id, description: `${b.builder} · ${b.branch ?? '-'} @ ${b.sha.slice(0, 7)}`, detail: new Date(b.createdAt).toLocaleString(), build: b })),
        { title, ignoreFocusOut: true, matchOnDescription: true },
      );
      return picked ? { branch: picked.build.branch ?? undefined, buildSha: picked.build.sha, buildId: picked.build.id } : undefined;
    },
  };
}
