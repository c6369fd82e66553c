/**
 * What Run Release Flow asks before a run, as one quick pick that works as a
 * form: the first entry runs at once with the values shown (the defaults:
 * the file's `arguments`, the checked-out branch and its commit for a
 * branch/commit selector, the newest successful build for a build selector),
 * and every other entry (name, description, each rich input, each argument)
 * opens its own input and comes back to the form.
 */
import * as vscode from 'vscode';
import type { FlowModel } from '../../core/document/model';
import { propertyNode, propertyValue } from '../../core/document/parse';
import { isSecretName, MASK } from '../../core/runs/secrets';
import { runDescriptionProblem, runNameProblem } from '../../core/runner/session';
import type { FlowContext } from '../flowContext';
import { gitChoices } from './gitChoices';
import { describeOverrides, runOverridesFromFlags, type RunOverrides } from '../../core/runs/overrides';
import { overrideEntryProblem } from '../../core/runner/overrides';

export interface RunChoices {
  name: string | undefined;
  description: string | undefined;
  args: Record<string, string>;
  secretArgs: Record<string, string>;
  /** `REF.FIELD=V` and `ID.FIELD=V` entries, as `run --override` / `--release-override` take them. */
  overrideFlags: { byRef: string[]; byService: string[] };
}

/** The run request's overrides from the form's entries (each entry was checked when given). */
export function overridesOf(choices: RunChoices): RunOverrides | undefined {
  return runOverridesFromFlags(choices.overrideFlags.byRef, choices.overrideFlags.byService, ['node override', 'release override']);
}

export interface RunFormOptions {
  /** The form's title (default `Run <file>`). */
  title?: string;
}

interface RichInput {
  index: number;
  kind: 'BranchCommitSelector' | 'BuildSelector';
  title: string;
  /** The build service the selection is about (`spec.inputs.source`). */
  source: string | undefined;
  /** output (branch, buildSha, buildId) -> argument name */
  outputs: Record<string, string>;
}

interface FormItem extends vscode.QuickPickItem {
  action: 'run' | 'name' | 'description' | 'override' | 'release-override' | 'clear-overrides' | { argument: string } | { richInput: number };
}

function richInputsOf(model: FlowModel): RichInput[] {
  const result: RichInput[] = [];
  const list = propertyNode(model.root, 'richInputs');
  (list?.type === 'array' ? (list.children ?? []) : []).forEach((input, index) => {
    const kind = propertyValue(input, 'kind');
    if (kind !== 'BranchCommitSelector' && kind !== 'BuildSelector') return;
    const spec = propertyNode(input, 'spec');
    const outputs: Record<string, string> = {};
    for (const o of model.richInputOutputs) if (o.richInputIndex === index) outputs[o.output] = o.argName;
    const title = propertyValue(spec, 'title');
    const source = propertyValue(propertyNode(spec, 'inputs'), 'source');
    result.push({ index, kind, outputs, title: typeof title === 'string' ? title : kind, source: typeof source === 'string' ? source : undefined });
  });
  return result;
}

const shown = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));

/** Asks for the run's inputs; undefined when the user cancels. */
export async function askRunInputs(model: FlowModel, context: FlowContext, fileName: string, options: RunFormOptions = {}): Promise<RunChoices | undefined> {
  const choices: RunChoices = { name: undefined, description: undefined, args: {}, secretArgs: {}, overrideFlags: { byRef: [], byService: [] } };
  const richInputs = richInputsOf(model);
  const fromRichInputs = new Map<string, string>();
  const git = gitChoices(context);
  // Defaults of the rich inputs, so that a flow reading ${args.<output>} can run at once.
  for (const input of richInputs) {
    const values = input.kind === 'BranchCommitSelector' ? await git.defaultCommit() : await git.latestBuild(input.source);
    for (const [output, argName] of Object.entries(input.outputs)) {
      const value = values?.[output as keyof typeof values];
      if (typeof value === 'string') choices.args[argName] = value;
      fromRichInputs.set(argName, input.title);
    }
  }

  for (;;) {
    const items: FormItem[] = [
      { label: '$(play) Run', description: 'with the values below', action: 'run', alwaysShow: true },
      { label: 'Name', description: choices.name ?? '(none)', detail: 'A name for the run: 3 to 39 letters, digits, spaces or hyphens', action: 'name' },
      { label: 'Description', description: choices.description ?? '(none)', action: 'description' },
    ];
    for (const input of richInputs) {
      const values = Object.values(input.outputs).map((arg) => `${arg}=${choices.args[arg] ?? '(unset)'}`);
      items.push({ label: `$(git-commit) ${input.title}`, description: values.join(', '), detail: input.kind, action: { richInput: input.index } });
    }
    for (const argument of model.arguments.values()) {
      if (fromRichInputs.has(argument.name)) continue;
      const secret = argument.name in choices.secretArgs;
      const value = secret ? MASK : (choices.args[argument.name] ?? shown(argument.value));
      items.push({ label: `$(symbol-variable) ${argument.name}`, description: value, detail: `\${args.${argument.name}}${isSecretName(argument.name) ? ' — secret: masked in logs and records' : ''}`, action: { argument: argument.name } });
    }
    const current = describeOverrides(overridesOf(choices));
    items.push(
      { label: '$(replace) Node override', description: current ?? '(none)', detail: 'REF.FIELD=VALUE: replaces a field of that node\'s spec for this run (the API\'s "overrides")', action: 'override' },
      { label: '$(replace) Release override', description: '', detail: 'SERVICE.FIELD=VALUE: replaces a field of every Release deploying to that service or job ("releaseNodeOverrides")', action: 'release-override' },
    );
    if (current) items.push({ label: '$(clear-all) Clear the overrides', action: 'clear-overrides' });
    const picked = await vscode.window.showQuickPick(items, { title: options.title ?? `Run ${fileName}`, placeHolder: 'Enter runs the flow; pick a line to change it', ignoreFocusOut: true });
    if (!picked) return undefined;
    const action = picked.action;
    if (action === 'run') return choices;
    if (action === 'name') {
      const value = await vscode.window.showInputBox({ title: 'Run name', value: choices.name ?? '', prompt: 'Empty for an unnamed run', validateInput: (v) => (v === '' ? undefined : runNameProblem(v)), ignoreFocusOut: true });
      if (value !== undefined) choices.name = value === '' ? undefined : value;
    } else if (action === 'description') {
      const value = await vscode.window.showInputBox({ title: 'Run description', value: choices.description ?? '', prompt: 'Empty for none; at most 200 characters', validateInput: (v) => (v === '' ? undefined : runDescriptionProblem(v)), ignoreFocusOut: true });
      if (value !== undefined) choices.description = value === '' ? undefined : value;
    } else if (action === 'override' || action === 'release-override') {
      const byRef = action === 'override';
      const list = byRef ? choices.overrideFlags.byRef : choices.overrideFlags.byService;
      const value = await vscode.window.showInputBox({
        title: byRef ? 'Node override' : 'Release override',
        prompt: byRef ? 'REF.FIELD=VALUE, e.g. build.branch=devel (VALUE is JSON when it reads as JSON)' : 'SERVICE.FIELD=VALUE, e.g. shop-api.origin.imagePath=nginx:latest',
        validateInput: (text) => (text === '' ? undefined : overrideEntryProblem(model, text, byRef, list)),
        ignoreFocusOut: true,
      });
      if (value) list.push(value);
    } else if (action === 'clear-overrides') {
      choices.overrideFlags = { byRef: [], byService: [] };
    } else if ('argument' in action) {
      const name = action.argument;
      const secret = isSecretName(name);
      const current = choices.args[name] ?? shown(model.arguments.get(name)?.value);
      const value = await vscode.window.showInputBox({ title: `Argument ${name}`, value: secret ? '' : current, password: secret, prompt: secret ? 'A secret value: masked in the log, the Runs view and the run record' : `\${args.${name}}`, ignoreFocusOut: true });
      if (value !== undefined) {
        if (secret && value !== '') choices.secretArgs[name] = value;
        else if (!secret) choices.args[name] = value;
      }
    } else {
      const input = richInputs.find((r) => r.index === action.richInput);
      if (!input) continue;
      const values = input.kind === 'BranchCommitSelector' ? await git.pickCommit(input.title) : await git.pickBuild(input.title, input.source);
      if (!values) continue;
      for (const [output, argName] of Object.entries(input.outputs)) {
        const value = values[output as keyof typeof values];
        if (typeof value === 'string') choices.args[argName] = value;
      }
    }
  }
}
