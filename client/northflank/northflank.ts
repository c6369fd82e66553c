/**
 * Northflank in the editor: sign in and out, link a flow, Compare with
 * Platform (the platform's version in the diff editor, with the summary by
 * node ref), Pull, Push (validated, confirmed with the diff), Run on
 * Northflank (the local run form, with overrides) and following runs live
 * through the RunController, so the status bar, the Runs view, the log and
 * the preview show a platform run exactly as they show a local one; Abort,
 * Pause and Resume on the platform.
 *
 * Every request runs under a progress indicator and never blocks the editor;
 * a failure is one notification with the platform's one-line message and
 * "Show Log".
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parseFlow } from '../../core/document/parse';
import { checkFlowForCommit, describeDiagnostic } from '../../core/gitops/checks';
import { PlatformError, type PlatformClient, type RunRequestBody } from '../../core/northflank/client';
import { CredentialsError } from '../../core/northflank/credentials';
import { diffWithPlatform, flowOfPlatform, flowText, formatFlowDiff, type FlowDiff } from '../../core/northflank/flowDiff';
import { followRun, RemoteRunRecorder, RemoteRunTracker, startedRunId, type FollowOutcome } from '../../core/northflank/remoteRuns';
import { describeTarget, TargetError, writeLink, type LinkEntry, type PlatformTarget } from '../../core/northflank/target';
import { PIPELINE_STAGE_NAMES } from '../../core/pipeline/description';
import type { RunEvent, RunStatus } from '../../core/runs/events';
import { STATE_FOLDER } from '../../core/runs/store';
import { runDescriptionProblem, runNameProblem } from '../../core/runner/session';
import { askRunInputs, overridesOf } from '../commands/runForm';
import { flowDocument } from '../commands/runCommands';
import type { Services } from '../services';
import { readSettings } from '../settings';
import { NorthflankConnection } from './connection';
import { ConnectionStatusItem } from './connectionStatusItem';
import { fileStage, linkedFlows, placeOf, targetIfLinked, targetOf, type FlowTarget } from './flowTarget';
import { PLATFORM_SCHEME, PlatformDocuments } from './platformDocuments';
import { PlatformPipelines } from './platformPipelines';
import { RemoteRunState } from './runState';

const DEFAULT_POLL_MS = 2000;
/** Runs of each linked flow looked at for ones going on, when they are picked up without being asked. */
const LIVE_RUNS_LOOKED_AT = 10;

/** Given with Run on Northflank by a keybinding or a test: the run starts at once, without the form. */
export type RemoteRunInputs = Omit<RunRequestBody, 'arguments'> & { args?: Record<string, string> };

export interface LinkInputs {
  project: string;
  pipeline: string;
  stage?: string;
  team?: string;
}

interface Follow {
  flow: FlowTarget;
  runId: string;
  state: RemoteRunState;
  controller: AbortController;
  done: Promise<FollowOutcome | undefined>;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !(value instanceof vscode.Uri) && !Array.isArray(value);

export class Northflank implements vscode.Disposable {
  readonly connection: NorthflankConnection;
  readonly documents = new PlatformDocuments();
  readonly pipelines: PlatformPipelines;
  private readonly follows = new Map<string, Follow>();
  private readonly changed = new vscode.EventEmitter<void>();
  /** A link, a push, a pause, a run started or ended: the Northflank view reads again. */
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    secrets: vscode.SecretStorage,
    private readonly services: Services,
  ) {
    this.connection = new NorthflankConnection(secrets, services.log);
    this.disposables.push(this.connection, this.documents, this.changed, this.connection.onDidChange(() => this.changed.fire()));
    this.pipelines = new PlatformPipelines(this, services.languageClient, services.log);
    this.disposables.push(this.pipelines, new ConnectionStatusItem(this.connection, this.onDidChange));
    // Runs going on on the platform are followed without being asked: when the editor starts, and once signed in.
    const followLive = (): void => {
      this.followLiveRuns().catch((error: Error) => this.services.log.warn(`Northflank: looking for runs going on failed: ${error.message}`));
    };
    this.disposables.push(this.connection.onDidChange(followLive));
    followLive();
  }

  /** The linked flows of the workspace, and the active flow when the environment targets it. */
  async flows(): Promise<FlowTarget[]> {
    const found = new Map<string, FlowTarget>();
    const roots = new Set<string>();
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      if (folder.uri.scheme === 'file') roots.add((await this.services.contexts.gitRoot(folder.uri.fsPath)) ?? folder.uri.fsPath);
    }
    const candidates: string[] = [];
    for (const root of roots) for (const { flowFile } of await linkedFlows(root)) candidates.push(flowFile);
    const active = vscode.window.activeTextEditor?.document;
    if (active?.languageId === 'release-flow' && active.uri.scheme === 'file') candidates.push(active.uri.fsPath);
    for (const flowFile of candidates) {
      if (found.has(flowFile)) continue;
      const open = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === flowFile);
      const text = open?.getText() ?? (await fs.readFile(flowFile, 'utf8').catch(() => undefined));
      if (text === undefined) continue;
      const target = await targetIfLinked(flowFile, text).catch(() => undefined);
      if (target) found.set(flowFile, target);
    }
    return [...found.values()];
  }

  /**
   * Follows the runs going on on the platform for the linked flows (or `only`
   * those given), so that a run started before the editor (or by a trigger,
   * another tool) shows in the status bar, the Runs view and the preview as
   * one started here. Without a token it does nothing and asks nothing; a
   * failure goes to the log only, since nobody asked.
   */
  async followLiveRuns(only?: FlowTarget[]): Promise<string[]> {
    const connected = await this.connection.client();
    if (!connected) return [];
    const followed: string[] = [];
    for (const flow of only ?? (await this.flows())) {
      try {
        const page = await connected.client.listRuns(flow.target, { perPage: LIVE_RUNS_LOOKED_AT });
        for (const run of page.runs) {
          if (run.concluded || this.follows.has(run.id)) continue;
          this.services.log.info(`Northflank: run ${run.id} of ${describeTarget(flow.target)} is going on: following it.`);
          void this.follow(flow, run.id, connected.client);
          followed.push(run.id);
        }
      } catch (error) {
        if (!(error instanceof PlatformError)) throw error;
        this.services.log.warn(`Northflank: could not look for runs going on in ${describeTarget(flow.target)}: ${error.message.replace(/\s+/g, ' ')}`);
      }
    }
    if (followed.length > 0) this.changed.fire();
    return followed;
  }

  /** Refresh Pipeline from Northflank: the pipeline checks read the real pipeline again. */
  async refreshPipeline(argument: unknown): Promise<void> {
    const document = await flowDocument(argument);
    await this.pipelines.refresh(document);
  }

  /** Runs being followed here, by run id. */
  followed(runId: string): { flow: FlowTarget; state: RemoteRunState } | undefined {
    return this.follows.get(runId);
  }

  /** Says what went wrong with the platform (or the target, or the token), once, with "Show Log"; anything else is a bug and is rethrown. */
  report(error: unknown, what: string): undefined {
    if (!(error instanceof PlatformError || error instanceof TargetError || error instanceof CredentialsError)) throw error;
    const message = error.message.replace(/\s+/g, ' ');
    this.services.log.error(`Northflank: ${what}: ${message}`);
    void vscode.window.showErrorMessage(`Northflank: ${message}`, 'Show Log').then((choice) => {
      if (choice === 'Show Log') this.services.log.show();
    });
    return undefined;
  }

  /** A request under a progress indicator in the status bar: the editor stays usable meanwhile. */
  private progress<T>(title: string, work: () => Promise<T>): Thenable<T> {
    return vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Northflank: ${title}` }, work);
  }

  /** The flow a command is about, its target and a client; undefined (after saying why) when one is missing. */
  async open(argument: unknown): Promise<{ document: vscode.TextDocument; flow: FlowTarget; client: PlatformClient } | undefined> {
    let document = await flowDocument(argument);
    if (!document) return undefined;
    // The diff editor's platform side has the focus: the command is about the file it was compared with.
    const file = document.uri.scheme === PLATFORM_SCHEME ? this.documents.fileOf(document.uri) : undefined;
    if (file) document = await vscode.workspace.openTextDocument(file);
    if (document.uri.scheme !== 'file') {
      void vscode.window.showWarningMessage(`${path.basename(document.uri.path)} is not saved on disk: save it in its repository first.`);
      return undefined;
    }
    let flow: FlowTarget;
    try {
      flow = await targetOf(document.uri.fsPath, document.getText());
    } catch (error) {
      if (!(error instanceof TargetError)) throw error;
      void vscode.window.showWarningMessage(error.message, 'Link Flow to Northflank').then((choice) => {
        if (choice) void vscode.commands.executeCommand('releaseFlow.northflank.link', document.uri);
      });
      return undefined;
    }
    const connected = await this.connection.requireClient();
    return connected ? { document, flow, client: connected.client } : undefined;
  }

  /** Link Flow to Northflank: asks project, pipeline, team and the stage (from the pipeline, when the platform can be asked), then writes the committed link file. */
  async link(argument: unknown, inputs?: LinkInputs): Promise<string | undefined> {
    const document = await flowDocument(argument);
    if (!document) return undefined;
    if (document.uri.scheme !== 'file') {
      void vscode.window.showWarningMessage('Save the flow in its repository first: the link is kept beside it.');
      return undefined;
    }
    const place = await placeOf(document.uri.fsPath);
    const name = path.basename(place.flowFile);
    let entry: LinkEntry;
    if (inputs) {
      entry = { project: inputs.project, pipeline: inputs.pipeline };
      if (inputs.stage) entry.stage = inputs.stage;
      if (inputs.team) entry.team = inputs.team;
    } else {
      const asked = await this.askLink(document, place.flowFile);
      if (!asked) return undefined;
      entry = asked;
    }
    try {
      const file = await writeLink(place.root, place.linkKey, entry);
      const stage = entry.stage ?? `${(await fileStage(place, document.getText()))?.stage ?? 'Development'} (the one the file maps to)`;
      this.services.log.info(`Northflank: linked ${place.linkKey} to project ${entry.project}, pipeline ${entry.pipeline}, stage ${stage}${entry.team ? `, team ${entry.team}` : ''} in ${file}.`);
      void vscode.window.showInformationMessage(`Linked ${name} to ${entry.project} / ${entry.pipeline} / ${stage} in ${path.relative(place.root, file)} (commit it: it holds ids only, no token).`);
      this.changed.fire();
      // A run going on there already is followed as at start-up.
      void targetIfLinked(document.uri.fsPath, document.getText()).then((flow) => (flow ? this.followLiveRuns([flow]) : undefined));
      return file;
    } catch (error) {
      return this.report(error, `link ${name}`);
    }
  }

  private async askLink(document: vscode.TextDocument, flowFile: string): Promise<LinkEntry | undefined> {
    let current: PlatformTarget | undefined;
    try {
      current = (await targetOf(flowFile, document.getText())).target;
    } catch {
      current = undefined;
    }
    const id = (v: string): string | undefined => (/^[A-Za-z0-9][A-Za-z0-9 _.-]*$/.test(v.trim()) ? undefined : 'A platform id: letters, digits, hyphens.');
    // The documented API (get pipeline, release flows, runs) lists neither projects nor pipelines: their ids are typed.
    const project = await vscode.window.showInputBox({ title: 'Link to Northflank (1/3): project id', value: current?.project ?? '', validateInput: id, ignoreFocusOut: true });
    if (!project) return undefined;
    const pipeline = await vscode.window.showInputBox({ title: 'Link to Northflank (2/3): pipeline id', value: current?.pipeline ?? '', validateInput: id, ignoreFocusOut: true });
    if (!pipeline) return undefined;
    const team = await vscode.window.showInputBox({ title: 'Link to Northflank: team id (optional)', prompt: 'Empty unless the project belongs to a team whose paths you use (/v1/teams/…)', value: current?.team ?? '', validateInput: (v) => (v.trim() === '' ? undefined : id(v)), ignoreFocusOut: true });
    if (team === undefined) return undefined;
    const entry: LinkEntry = { project: project.trim(), pipeline: pipeline.trim() };
    if (team.trim() !== '') entry.team = team.trim();
    // The stages come from the pipeline itself when the platform answers; its resources are counted per stage.
    const counts = new Map<string, number>();
    const connected = await this.connection.client();
    if (connected) {
      try {
        const result = await this.progress(`reading pipeline ${entry.pipeline}…`, () => connected.client.getPipeline({ ...entry, stage: '' }));
        for (const o of result.nfObjects ?? []) counts.set(o.stage.toLowerCase(), (counts.get(o.stage.toLowerCase()) ?? 0) + 1);
      } catch (error) {
        this.report(error, `read pipeline ${entry.pipeline}`);
        const choice = await vscode.window.showWarningMessage(`The pipeline ${entry.pipeline} could not be read from Northflank. Link anyway?`, { modal: true }, 'Link Anyway');
        if (choice !== 'Link Anyway') return undefined;
      }
    }
    const own = await fileStage(await placeOf(flowFile), document.getText());
    const items: (vscode.QuickPickItem & { stage: string | undefined })[] = [
      { label: own ? `The stage the file maps to (${own.stage})` : 'The stage the file maps to', description: own ? `from ${own.reason}` : 'nothing maps it yet: Development', stage: undefined },
      ...PIPELINE_STAGE_NAMES.map((stage) => ({ label: stage, description: connected && counts.size > 0 ? `${counts.get(stage.toLowerCase()) ?? 0} resources on the platform` : '', stage })),
    ];
    const picked = await vscode.window.showQuickPick(items, { title: 'Link to Northflank (3/3): stage', ignoreFocusOut: true });
    if (!picked) return undefined;
    if (picked.stage !== undefined) entry.stage = picked.stage;
    return entry;
  }

  private async platformFlow(client: PlatformClient, flow: FlowTarget, text: string): Promise<{ diff: FlowDiff; remote: Record<string, unknown>; updatedAt: string; paused: boolean }> {
    const result = await client.getReleaseFlow(flow.target);
    const remote = flowOfPlatform(result as unknown as Record<string, unknown>);
    return { diff: diffWithPlatform(text, remote), remote, updatedAt: result.updatedAt, paused: result.paused };
  }

  /** The platform's flow text of a document, for the preview's comparison; throws what the platform said. */
  async platformText(document: vscode.TextDocument): Promise<{ text: string; label: string }> {
    const flow = await targetOf(document.uri.fsPath, document.getText());
    const connected = await this.connection.client();
    if (!connected) throw new CredentialsError('Not signed in to Northflank: run "Release Flow: Sign in to Northflank".');
    const result = await this.progress(`reading the flow of ${flow.target.stage}…`, () => connected.client.getReleaseFlow(flow.target));
    // 'platform' exactly: the page sets its picker from the label.
    return { text: flowText(flowOfPlatform(result as unknown as Record<string, unknown>)), label: 'platform' };
  }

  /** Whether the preview may offer 'platform': the flow is linked (or targeted by the environment) and a token is there. */
  async canCompare(document: vscode.TextDocument): Promise<boolean> {
    if (document.uri.scheme !== 'file') return false;
    if (!(await this.connection.credentials())) return false;
    try {
      await targetOf(document.uri.fsPath, document.getText());
      return true;
    } catch {
      return false;
    }
  }

  /** Compare with Platform: the platform's version (read-only) and the file in the diff editor, the summary by node ref in the log and a notification. */
  async compare(argument: unknown): Promise<{ identical: boolean; lines: string[] } | undefined> {
    const opened = await this.open(argument);
    if (!opened) return undefined;
    const { document, flow, client } = opened;
    const name = path.basename(flow.flowFile);
    try {
      const { diff, remote } = await this.progress(`comparing ${name} with ${flow.target.stage}…`, () => this.platformFlow(client, flow, document.getText()));
      const uri = this.documents.uriOf(flow.flowFile, flow.target);
      this.documents.set(uri, flowText(remote), document.uri);
      const lines = formatFlowDiff(diff);
      this.services.log.info(`Northflank: ${name} against ${describeTarget(flow.target)} (platform ← → file):`);
      for (const line of lines) this.services.log.info(`  ${line}`);
      await vscode.commands.executeCommand('vscode.diff', uri, document.uri, `${name}: Northflank ${flow.target.stage} ↔ file`, { preview: true });
      const summary = diff.identical ? `${name} and ${flow.target.stage} on Northflank hold the same flow.` : `${name} vs Northflank ${flow.target.stage}: ${lines.slice(0, 3).join('; ')}${lines.length > 3 ? `; … ${lines.length - 3} more` : ''}`;
      void vscode.window.showInformationMessage(summary, ...(diff.identical ? [] : ['Show Summary', 'Push', 'Pull'])).then((choice) => {
        if (choice === 'Show Summary') this.services.log.show();
        if (choice === 'Push') void vscode.commands.executeCommand('releaseFlow.northflank.push', document.uri);
        if (choice === 'Pull') void vscode.commands.executeCommand('releaseFlow.northflank.pull', document.uri);
      });
      return { identical: diff.identical, lines };
    } catch (error) {
      return this.report(error, `compare ${name}`);
    }
  }

  /** Pull: the platform's flow into the editor (undoable, then saved); the previous text is kept in .release-flow/backups/. */
  async pull(argument: unknown, confirmed = false): Promise<boolean> {
    const opened = await this.open(argument);
    if (!opened) return false;
    const { document, flow, client } = opened;
    const name = path.basename(flow.flowFile);
    try {
      const { diff, remote } = await this.progress(`reading the flow of ${flow.target.stage}…`, () => this.platformFlow(client, flow, document.getText()));
      if (diff.identical) {
        void vscode.window.showInformationMessage(`${name} already holds the flow of ${flow.target.stage} on Northflank.`);
        return false;
      }
      const lines = formatFlowDiff(diff);
      if (!confirmed) {
        const choice = await vscode.window.showWarningMessage(
          `Replace ${name} with the flow of ${flow.target.stage} on Northflank?`,
          { modal: true, detail: `${lines.slice(0, 12).join('\n')}${lines.length > 12 ? `\n… ${lines.length - 12} more` : ''}\n\n(+ only in the file, - only on the platform.) The current text is kept in ${STATE_FOLDER}/backups/ and the change can be undone.${document.isDirty ? ' The file has unsaved changes: they are in the backup too.' : ''}` },
          'Pull',
        );
        if (choice !== 'Pull') return false;
      }
      const backups = path.join(flow.root, STATE_FOLDER, 'backups');
      await fs.mkdir(backups, { recursive: true });
      const backup = path.join(backups, `${path.basename(flow.flowFile, '.json')}.${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
      await fs.writeFile(backup, document.getText());
      const edit = new vscode.WorkspaceEdit();
      edit.replace(document.uri, new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length)), flowText(remote));
      if (!(await vscode.workspace.applyEdit(edit)) || !(await document.save())) {
        void vscode.window.showErrorMessage(`${name} could not be changed; the platform's flow was not written (your text is unchanged, and also in ${backup}).`);
        return false;
      }
      this.services.log.info(`Northflank: pulled ${describeTarget(flow.target)} into ${name}; the previous text is in ${backup}.`);
      void vscode.window.showInformationMessage(`Pulled the flow of ${flow.target.stage} into ${name} (${lines.length} change${lines.length === 1 ? '' : 's'}); the previous text is in ${path.relative(flow.root, backup)}.`);
      return true;
    } catch (error) {
      this.report(error, `pull ${name}`);
      return false;
    }
  }

  /** Push: the editor's text, validated (errors and secrets refuse), the diff confirmed, then sent; a change made meanwhile on the platform is not overwritten. */
  async push(argument: unknown, confirmed = false): Promise<boolean> {
    const opened = await this.open(argument);
    if (!opened) return false;
    const { document, flow, client } = opened;
    const name = path.basename(flow.flowFile);
    const text = document.getText();
    const { settings } = readSettings(document.uri);
    const options: Parameters<typeof checkFlowForCommit>[1] = { fileName: name, severity: settings.severity };
    if (flow.repoPath !== undefined) options.repoPath = flow.repoPath;
    const checks = await checkFlowForCommit(text, options);
    if (checks.secrets.length > 0 || checks.errors.length > 0) {
      for (const d of [...checks.secrets, ...checks.errors]) this.services.log.warn(`${name}:${describeDiagnostic(d)}`);
      const why = checks.secrets.length > 0 ? `${name} holds secret values (argumentOverrides, tokens), which must not be stored in a flow` : `${name} has ${checks.errors.length} error${checks.errors.length === 1 ? '' : 's'}`;
      void vscode.window.showErrorMessage(`Not pushed: ${why}. Nothing was sent.`, 'Show Problems').then((choice) => {
        if (choice) void vscode.commands.executeCommand('workbench.actions.view.problems');
      });
      return false;
    }
    let flowValue: Record<string, unknown>;
    try {
      flowValue = JSON.parse(text) as Record<string, unknown>;
    } catch {
      void vscode.window.showErrorMessage(`Not pushed: ${name} is not JSON.`);
      return false;
    }
    try {
      const before = await this.progress(`comparing ${name} with ${flow.target.stage}…`, () => this.platformFlow(client, flow, text));
      if (before.diff.identical) {
        void vscode.window.showInformationMessage(`${flow.target.stage} on Northflank already holds this flow; nothing to push.`);
        return false;
      }
      const lines = formatFlowDiff(before.diff);
      if (!confirmed) {
        const gitops = flowValue.gitops as { repoUrl?: string; branch?: string } | undefined;
        const notes = [
          ...checks.warnings.slice(0, 5).map((d) => `warning ${describeDiagnostic(d)}`),
          ...(gitops ? [`This flow has gitops set: the platform syncs it from ${gitops.repoUrl ?? 'its repository'} (${gitops.branch ?? '?'}), so the push changes the file there too.`] : []),
          ...(document.isDirty ? ['The editor\'s unsaved text is what is pushed.'] : []),
        ];
        const choice = await vscode.window.showWarningMessage(
          `Push ${name} to ${describeTarget(flow.target)}?`,
          { modal: true, detail: `${lines.slice(0, 12).join('\n')}${lines.length > 12 ? `\n… ${lines.length - 12} more` : ''}\n\n(+ only in the file, - only on the platform, ~ changed)${notes.length > 0 ? `\n\n${notes.join('\n')}` : ''}` },
          'Push',
        );
        if (choice !== 'Push') return false;
      }
      await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Pushing ${name} to Northflank…` }, async () => {
        const again = await client.getReleaseFlow(flow.target);
        if (again.updatedAt !== before.updatedAt) throw new PlatformError('refused', `The flow of ${flow.target.stage} changed on the platform meanwhile (updatedAt ${before.updatedAt} → ${again.updatedAt}); nothing was pushed. Compare again.`);
        await client.updateReleaseFlow(flow.target, flowOfPlatform(flowValue) as Parameters<PlatformClient['updateReleaseFlow']>[1]);
      });
      this.services.log.info(`Northflank: pushed ${name} to ${describeTarget(flow.target)}:`);
      for (const line of lines) this.services.log.info(`  ${line}`);
      void vscode.window.showInformationMessage(`Pushed ${name} to ${flow.target.stage} on Northflank (${lines.length} change${lines.length === 1 ? '' : 's'}).`);
      this.changed.fire();
      return true;
    } catch (error) {
      this.report(error, `push ${name}`);
      return false;
    }
  }

  /** Pause or Resume on the platform: there is no pause endpoint, so the flow goes back with options.paused changed, unless it changed meanwhile. */
  async setPaused(argument: unknown, paused: boolean): Promise<boolean> {
    const opened = await this.open(argument);
    if (!opened) return false;
    const { document, flow, client } = opened;
    const verb = paused ? 'Paused' : 'Resumed';
    try {
      const done = await this.progress(`${paused ? 'pausing' : 'resuming'} ${flow.target.stage}…`, async () => {
        const first = await client.getReleaseFlow(flow.target);
        const remote = flowOfPlatform(first as unknown as Record<string, unknown>);
        const options = { ...((remote.options ?? {}) as Record<string, unknown>) };
        if ((first.paused === true || options.paused === true) === paused) return false;
        options.paused = paused;
        const again = await client.getReleaseFlow(flow.target);
        if (again.updatedAt !== first.updatedAt) throw new PlatformError('refused', `The flow of ${flow.target.stage} changed on the platform meanwhile; nothing was changed. Try again.`);
        await client.updateReleaseFlow(flow.target, { ...remote, options } as Parameters<PlatformClient['updateReleaseFlow']>[1]);
        return true;
      });
      if (!done) {
        void vscode.window.showInformationMessage(`The triggers of ${flow.target.stage} on Northflank are already ${paused ? 'paused' : 'active'}.`);
        return false;
      }
      const local = localPaused(document.getText());
      const note = local !== undefined && local !== paused ? ` ${path.basename(flow.flowFile)} says options.paused: ${local}; Compare with Platform shows the difference.` : '';
      void vscode.window.showInformationMessage(`${verb} the triggers of ${flow.target.stage} on Northflank${paused ? ': Git triggers and webhooks start no run; manual runs still work' : ''}.${note}`);
      this.changed.fire();
      return true;
    } catch (error) {
      this.report(error, `${paused ? 'pause' : 'resume'} ${flow.target.stage}`);
      return false;
    }
  }

  /** Run on Northflank: the local run form (name, description, arguments, rich inputs, overrides), then the run is followed live. */
  async run(argument: unknown, inputs?: unknown): Promise<string | undefined> {
    const opened = await this.open(argument);
    if (!opened) return undefined;
    const { document, flow, client } = opened;
    const name = path.basename(flow.flowFile);
    const body: RunRequestBody = {};
    if (isObject(inputs)) {
      const given = inputs as RemoteRunInputs;
      for (const [problem, field] of [[given.name === undefined ? undefined : runNameProblem(given.name), 'name'], [given.description === undefined ? undefined : runDescriptionProblem(given.description), 'description']] as const) {
        if (problem) {
          void vscode.window.showErrorMessage(`Run on Northflank: ${field}: ${problem}`);
          return undefined;
        }
      }
      if (given.name) body.name = given.name;
      if (given.description) body.description = given.description;
      if (given.args && Object.keys(given.args).length > 0) body.arguments = given.args;
      if (given.overrides) body.overrides = given.overrides;
      if (given.releaseNodeOverrides) body.releaseNodeOverrides = given.releaseNodeOverrides;
    } else {
      const context = await this.services.contexts.resolve(document.uri);
      const choices = await askRunInputs(parseFlow(document.getText()), context, name, { title: `Run ${name} on Northflank (${flow.target.stage})` });
      if (!choices) return undefined;
      const args = { ...choices.args, ...choices.secretArgs };
      if (Object.keys(args).length > 0) body.arguments = args;
      if (choices.name) body.name = choices.name;
      if (choices.description) body.description = choices.description;
      const overrides = overridesOf(choices);
      if (overrides?.overrides) body.overrides = overrides.overrides;
      if (overrides?.releaseNodeOverrides) body.releaseNodeOverrides = overrides.releaseNodeOverrides;
    }
    if (document.isDirty) this.services.log.info(`Northflank: ${name} has unsaved changes; the run uses the flow saved on the platform (Push sends the file).`);
    try {
      const runId = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Starting a run of ${flow.target.stage} on Northflank…` }, async () => {
        const startedAt = Date.now();
        const answer = await client.runReleaseFlow(flow.target, body);
        return startedRunId(client, flow.target, answer, startedAt);
      });
      if (runId === undefined) {
        void vscode.window.showWarningMessage(`Northflank accepted the run of ${flow.target.stage}, but neither its answer nor the run list names it: see the Northflank view.`);
        this.changed.fire();
        return undefined;
      }
      this.services.log.info(`Northflank: started run ${runId} of ${describeTarget(flow.target)}.`);
      this.changed.fire();
      void this.follow(flow, runId, client);
      return runId;
    } catch (error) {
      return this.report(error, `run ${flow.target.stage}`);
    }
  }

  /** Follows a run until it concludes (or the editor closes: the run goes on); its events go through the RunController like a local run's. */
  follow(flow: FlowTarget, runId: string, client: PlatformClient): Promise<FollowOutcome | undefined> {
    const existing = this.follows.get(runId);
    if (existing) return existing.done;
    const controller = new AbortController();
    const state = new RemoteRunState();
    const publish = this.services.runs.listener(flow.flowFile, 'northflank', () => void this.abort(flow, runId, client));
    const tracker = new RemoteRunTracker({ flowFile: flow.flowFile, target: flow.target });
    const pollSetting = vscode.workspace.getConfiguration('releaseFlow').get<number>('northflank.pollInterval');
    const pollMs = typeof pollSetting === 'number' && Number.isFinite(pollSetting) && pollSetting >= 200 ? pollSetting : DEFAULT_POLL_MS;
    const done = (async (): Promise<FollowOutcome | undefined> => {
      const store = (await this.services.contexts.resolve(vscode.Uri.file(flow.flowFile)).catch(() => undefined))?.store;
      const context: ConstructorParameters<typeof RemoteRunRecorder>[1] = { flowFile: flow.flowFile, target: flow.target };
      if (flow.repoPath !== undefined) context.repoPath = flow.repoPath;
      const recorder = new RemoteRunRecorder(store, context, tracker);
      const onEvent = (event: RunEvent): void => {
        state.apply(event);
        publish(event);
        if (event.type === 'run-finished') this.finished(flow, runId, event.status, event.error);
      };
      try {
        return await followRun(client, flow.target, runId, tracker, { pollMs, signal: controller.signal, onEvent, recorder });
      } catch (error) {
        this.report(error, `follow run ${runId.slice(0, 8)}`);
        return undefined;
      } finally {
        this.follows.delete(runId);
        this.changed.fire();
      }
    })();
    this.follows.set(runId, { flow, runId, state, controller, done });
    return done;
  }

  private finished(flow: FlowTarget, runId: string, status: RunStatus, error: string | undefined): void {
    const label = `Run ${runId.slice(0, 8)} of ${path.basename(flow.flowFile)} on Northflank ${flow.target.stage}`;
    const choice = status === 'success' ? vscode.window.showInformationMessage(`${label} succeeded.`, 'Show Runs') : vscode.window.showErrorMessage(`${label} ${status}${error ? `: ${error}` : ''}.`, 'Show Log', 'Show Runs');
    void choice.then((picked) => {
      if (picked === 'Show Log') this.services.log.show();
      if (picked === 'Show Runs') void vscode.commands.executeCommand('releaseFlow.showRuns');
    });
  }

  /** Asks the platform to abort a run, and follows it to its end. */
  async abort(flow: FlowTarget, runId: string, client: PlatformClient): Promise<boolean> {
    try {
      await this.progress(`aborting run ${runId.slice(0, 8)}…`, () => client.abortRun(flow.target, runId));
      this.services.log.info(`Northflank: asked to abort run ${runId} of ${describeTarget(flow.target)}.`);
      void this.follow(flow, runId, client);
      this.changed.fire();
      return true;
    } catch (error) {
      this.report(error, `abort run ${runId.slice(0, 8)}`);
      return false;
    }
  }

  /** Follow or Abort from a view item or a command: the run id and the flow it belongs to. */
  async onRun(argument: unknown, action: 'follow' | 'abort', runIdArgument?: unknown): Promise<boolean> {
    // A Northflank view item has `runId`; a Runs view item holds the recorded run's `summary`.
    const item = isObject(argument) ? (argument as { flowUri?: unknown; runId?: unknown; summary?: { id?: unknown } }) : undefined;
    const flowArgument = item?.flowUri instanceof vscode.Uri ? item.flowUri : argument;
    const fromItem = typeof item?.runId === 'string' ? item.runId : typeof item?.summary?.id === 'string' ? item.summary.id : undefined;
    let runId = fromItem ?? (typeof runIdArgument === 'string' ? runIdArgument : undefined);
    const opened = await this.open(flowArgument);
    if (!opened) return false;
    if (runId === undefined) {
      runId = await vscode.window.showInputBox({ title: `${action === 'follow' ? 'Follow' : 'Abort'} which run on Northflank?`, prompt: 'The run id (the Northflank view lists the runs)', ignoreFocusOut: true });
      if (!runId) return false;
    }
    if (action === 'abort') return this.abort(opened.flow, runId, opened.client);
    void this.follow(opened.flow, runId, opened.client);
    return true;
  }

  /** Stops following (the runs go on on the platform); their records say so when followed again. */
  stop(): void {
    for (const follow of this.follows.values()) follow.controller.abort();
  }

  dispose(): void {
    this.stop();
    for (const d of this.disposables) d.dispose();
  }
}

/** The file's own options.paused; undefined when the text is not JSON. */
function localPaused(text: string): boolean | undefined {
  try {
    return (JSON.parse(text) as { options?: { paused?: unknown } }).options?.paused === true;
  } catch {
    return undefined;
  }
}
