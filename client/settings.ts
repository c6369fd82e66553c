/**
 * The extension's own `releaseFlow.*` settings, read with their defaults and
 * checked: a wrong value falls back to the default and is reported once in
 * the output channel. The language server's settings (diagnostics, pipeline
 * file, documents) are read by the server itself (core/protocol.ts).
 */
import * as vscode from 'vscode';
import { SETTINGS_SECTION } from '../core/language/protocol';
import type { SeveritySetting } from '../core/validation/diagnostics';

export type PushSetting = 'ask' | 'always' | 'never';

export interface ExtensionSettings {
  /** Run the flow when a new commit fires one of its Git triggers. */
  autoRunOnCommit: boolean;
  /** A scenario file for the simulated platform, relative to the workspace folder. */
  scenarioFile: string | undefined;
  /** Operation durations by kind, `node:<ref>`, `request`, `default`: `"5s"`, `"250ms"`. */
  durations: Record<string, string>;
  /** 0: any free port. */
  webhookPort: number;
  gitopsPush: PushSetting;
  /** `releaseFlow.diagnostics.severity`, also honoured by the GitOps commit checks. */
  severity: Map<string, SeveritySetting>;
  pipelineFile: string | undefined;
}

const SEVERITIES = new Set(['error', 'warning', 'info', 'hint', 'off']);

export function readSettings(scope?: vscode.Uri): { settings: ExtensionSettings; problems: string[] } {
  const config = vscode.workspace.getConfiguration(SETTINGS_SECTION, scope);
  const problems: string[] = [];
  const get = <T>(key: string, valid: (value: unknown) => value is T, fallback: T): T => {
    const value = config.get<unknown>(key);
    if (value === undefined || value === null) return fallback;
    if (valid(value)) return value;
    problems.push(`releaseFlow.${key}: ${JSON.stringify(value)} is not a valid value; using ${JSON.stringify(fallback)}.`);
    return fallback;
  };
  const isBoolean = (v: unknown): v is boolean => typeof v === 'boolean';
  const isString = (v: unknown): v is string => typeof v === 'string';
  const isPort = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 65535;
  const isPush = (v: unknown): v is PushSetting => v === 'ask' || v === 'always' || v === 'never';
  const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

  const durations: Record<string, string> = {};
  for (const [key, value] of Object.entries(get('run.durations', isRecord, {}))) {
    if (typeof value === 'string' || typeof value === 'number') durations[key] = String(value);
    else problems.push(`releaseFlow.run.durations.${key}: expected a duration such as "5s", not ${JSON.stringify(value)}.`);
  }
  const severity = new Map<string, SeveritySetting>();
  for (const [code, value] of Object.entries(get('diagnostics.severity', isRecord, {}))) {
    if (typeof value === 'string' && SEVERITIES.has(value)) severity.set(code, value as SeveritySetting);
  }
  const scenario = get('run.scenarioFile', isString, '').trim();
  const pipeline = get('pipelineFile', isString, '').trim();
  return {
    settings: {
      autoRunOnCommit: get('autoRun.onCommit', isBoolean, true),
      scenarioFile: scenario === '' ? undefined : scenario,
      durations,
      webhookPort: get('webhook.port', isPort, 0),
      gitopsPush: get('gitops.push', isPush, 'ask'),
      severity,
      pipelineFile: pipeline === '' ? undefined : pipeline,
    },
    problems,
  };
}
