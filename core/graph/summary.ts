import type { Node as JsonNode } from 'jsonc-parser';
import { RELEASE_FLOW_KINDS } from '../catalogue/kinds';
import type { FlowNode } from '../document/model';
import { propertyNode } from '../document/parse';
import type { IconId } from './icons';
import type { Tone } from './types';

/** How a card presents a node kind: icon, colour family and short title. */
export interface KindLook {
  icon: IconId;
  tone: Tone;
  title: string;
}

const LOOKS: Record<string, KindLook> = {
  Workflow: { icon: 'workflow-sequential', tone: 'grey', title: 'Workflow' },
  LoopWorkflow: { icon: 'loop', tone: 'grey', title: 'Loop' },
  Build: { icon: 'build', tone: 'blue', title: 'Build' },
  Release: { icon: 'release', tone: 'green', title: 'Release' },
  JobRun: { icon: 'job-run', tone: 'purple', title: 'Job run' },
  AddonBackup: { icon: 'backup', tone: 'orange', title: 'Backup' },
  AddonImport: { icon: 'import', tone: 'orange', title: 'Import' },
  Action: { icon: 'action', tone: 'blue', title: 'Action' },
  Condition: { icon: 'condition', tone: 'yellow', title: 'Condition' },
  Message: { icon: 'message', tone: 'blue', title: 'Message' },
  Approval: { icon: 'approval', tone: 'purple', title: 'Approval' },
  RolloutStrategy: { icon: 'rollout', tone: 'green', title: 'Rollout' },
  SecretInheritance: { icon: 'secrets', tone: 'yellow', title: 'Secrets' },
  RunTemplate: { icon: 'run-template', tone: 'purple', title: 'Template' },
  LoopData: { icon: 'loop-data', tone: 'grey', title: 'Loop data' },
  OpenTofuDestroy: { icon: 'destroy', tone: 'red', title: 'Destroy' },
};

export function kindLook(node: FlowNode): KindLook {
  if (node.kind === 'Workflow' && node.workflowType === 'parallel') return { icon: 'workflow-parallel', tone: 'grey', title: 'Workflow' };
  if (node.kind === 'Release' && text(spec(node), 'type') === 'deployment') return { icon: 'promote', tone: 'green', title: 'Promote' };
  const look = node.kind === undefined ? undefined : LOOKS[node.kind];
  return look ?? { icon: 'unknown', tone: 'red', title: node.kind ?? 'No kind' };
}

/** The card's one-line summary of what a node does, from its fields. */
export function nodeSummary(node: FlowNode): string {
  const s = spec(node);
  switch (node.kind) {
    case 'Workflow':
    case 'LoopWorkflow':
      return workflowSummary(node);
    case 'Build':
      return buildSummary(s);
    case 'Release':
      return releaseSummary(s);
    case 'JobRun':
      return `Run ${text(s, 'jobId') ?? 'a job'}`;
    case 'AddonBackup':
      return `Back up ${text(s, 'addonId') ?? 'an addon'} (${text(s, 'backupType') ?? 'snapshot'})`;
    case 'AddonImport':
      return `Import into ${text(s, 'addonId') ?? 'an addon'}${text(s, 'importUrl') !== undefined ? ' from a file' : text(s, 'connectionString') !== undefined ? ' from a database' : ''}`;
    case 'Action':
      return actionSummary(s);
    case 'Condition':
      return conditionSummary(s);
    case 'Message':
      return messageSummary(s);
    case 'Approval': {
      const amount = value(s, 'amount');
      return typeof amount === 'number' ? `Needs ${amount} approval${amount === 1 ? '' : 's'}` : `Needs approval${amount !== undefined ? ` (${String(amount)})` : ''}`;
    }
    case 'RolloutStrategy':
      return rolloutSummary(s);
    case 'SecretInheritance': {
      const count = (propertyNode(s, 'configs')?.children?.length ?? 0) + (propertyNode(s, 'secrets')?.children?.length ?? 0);
      return `Inherit ${count} secret group${count === 1 ? '' : 's'}`;
    }
    case 'RunTemplate':
      return words('Run', (text(s, 'templateType') ?? 'template').replace(/-/g, ' '), text(s, 'templateId'));
    case 'LoopData':
      return 'Loop data';
    case 'OpenTofuDestroy':
      return `Destroy OpenTofu state of ${text(s, 'nodeRef') ?? 'a node'}`;
    case undefined:
      return 'Node without a "kind"';
    default:
      return RELEASE_FLOW_KINDS.has(node.kind) ? node.kind : `Unknown kind "${node.kind}"`;
  }
}

function workflowSummary(node: FlowNode): string {
  const count = node.children.length;
  const steps = `${count} step${count === 1 ? '' : 's'}`;
  if (node.kind === 'LoopWorkflow') {
    const iterations = propertyNode(spec(node), 'iterations');
    const over = iterations?.type === 'array' ? `${iterations.children?.length ?? 0} items` : iterations?.type === 'string' ? String(iterations.value) : 'each item';
    return `For each of ${over}: ${steps}`;
  }
  const type = node.workflowType === 'parallel' ? 'Parallel' : node.workflowType === 'sequential' ? 'Sequential' : 'Workflow with no valid type';
  return `${type} · ${steps}`;
}

function buildSummary(s: JsonNode | undefined): string {
  const what = text(s, 'id') ?? 'a build service';
  const pr = value(s, 'pullRequestId');
  const branch = text(s, 'branch');
  const sha = text(s, 'sha');
  const source = pr !== undefined ? `PR #${String(pr)}` : branch;
  const commit = sha === undefined ? '' : ` (${/^[0-9a-f]{8,}$/i.test(sha) ? sha.slice(0, 7) : sha})`;
  return source === undefined ? `Build ${what}${commit || ' (latest commit)'}` : `Build ${what} @ ${source}${commit}`;
}

function releaseSummary(s: JsonNode | undefined): string {
  const origin = propertyNode(s, 'origin');
  const target = text(propertyNode(s, 'target'), 'id') ?? 'a target';
  switch (text(s, 'type')) {
    case 'deployment':
      return `Promote ${text(origin, 'id') ?? 'the previous stage'} -> ${target}`;
    case 'registry':
      return words('Deploy image', text(origin, 'imagePath'), '->', target);
    case 'build': {
      const build = text(origin, 'build');
      const which = build === undefined || build === 'latest' ? 'latest build' : `build ${build}`;
      return `Deploy ${text(origin, 'id') ?? 'a build'} (${which}) -> ${target}`;
    }
    default:
      return `Release -> ${target}`;
  }
}

const ACTION_VERBS: Record<string, string> = { restart: 'Restart', execute: 'Execute on', restore: 'Restore', createRepoFromSource: 'Create repo from source' };

function actionSummary(s: JsonNode | undefined): string {
  const kind = text(s, 'kind');
  const inner = propertyNode(s, 'spec');
  const type = text(inner, 'type');
  const data = propertyNode(inner, 'data');
  const verb = type === undefined ? 'Act on' : ACTION_VERBS[type] ?? type;
  switch (kind) {
    case 'Service':
    case 'Job': {
      const id = text(data, kind === 'Service' ? 'serviceId' : 'jobId') ?? text(data, 'id');
      const command = text(data, 'command');
      return words(verb, kind.toLowerCase(), id) + (type === 'execute' && command !== undefined ? `: ${command}` : '');
    }
    case 'Addon':
      return words(verb, 'addon', text(data, 'addonId'));
    case 'AddonBackup':
      return words(verb, 'backup', text(data, 'backupId'), 'of', text(data, 'addonId') ?? 'an addon');
    case 'VCS':
      return 'Create repo from source';
    default:
      return kind === undefined ? 'Action' : `${verb} ${kind}`;
  }
}

/** "Wait: job-prod run succeeds, 10 min" */
function conditionSummary(s: JsonNode | undefined): string {
  const inner = propertyNode(s, 'spec');
  const data = propertyNode(inner, 'data');
  const subject = ((): string => {
    switch (text(s, 'kind')) {
      case 'Service': return `${text(data, 'serviceId') ?? 'service'} is running`;
      case 'Addon': return `${text(data, 'addonId') ?? 'addon'} is running`;
      case 'BYOCCluster': return words('cluster', text(data, 'clusterId'), 'is running');
      case 'Build': return words('build', text(data, 'buildId'), 'succeeds');
      case 'JobRun': return `${text(data, 'jobId') ?? 'job'} run succeeds`;
      case 'AddonBackup': return `${text(data, 'addonId') ?? 'addon'} backup succeeds`;
      case 'AddonImport': return `${text(data, 'addonId') ?? 'addon'} import succeeds`;
      case 'VCS': return 'repository is created';
      default: return text(s, 'kind') ?? 'condition';
    }
  })();
  const timeout = value(data, 'timeoutDuration');
  return `Wait: ${subject}${timeout === undefined ? '' : `, ${formatDuration(timeout)}`}`;
}

function messageSummary(s: JsonNode | undefined): string {
  const inner = propertyNode(s, 'spec');
  switch (text(s, 'kind')) {
    case 'SLACK': {
      const channel = text(inner, 'integrationInternalId');
      return `Post to Slack${channel !== undefined ? ` (${channel})` : ''}`;
    }
    case 'VCS': {
      const pr = value(inner, 'pullRequestId');
      return `Comment on pull request${pr !== undefined ? ` #${String(pr)}` : ''}`;
    }
    case 'RAW_WEBHOOK':
      return 'Send to a webhook';
    default:
      return 'Send a message';
  }
}

function rolloutSummary(s: JsonNode | undefined): string {
  const name = text(s, 'name');
  const config = propertyNode(propertyNode(s, 'details'), 'config');
  const canary = value(config, 'canaryPercentage');
  const header = text(config, 'headerName');
  const split = canary !== undefined ? `${String(canary)}% canary` : header !== undefined ? `canary by header ${header}` : 'canary rollout';
  return `${name ?? 'Rollout'}: ${split}`;
}

/** Seconds as "45 s", "10 min", "1 h 30 min"; expressions and odd values verbatim. */
export function formatDuration(seconds: unknown): string {
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) return `timeout ${String(seconds)}`;
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}

/** The defined, non-empty parts joined with single spaces. */
function words(...parts: (string | undefined)[]): string {
  return parts.filter((part) => part !== undefined && part !== '').join(' ');
}

function spec(node: FlowNode): JsonNode | undefined {
  return propertyNode(node.json, 'spec');
}

/** A literal field value (no objects or arrays). */
function value(object: JsonNode | undefined, key: string): unknown {
  const node = propertyNode(object, key);
  return node && node.type !== 'object' && node.type !== 'array' && node.type !== 'null' ? node.value : undefined;
}

function text(object: JsonNode | undefined, key: string): string | undefined {
  const v = value(object, key);
  return v === undefined ? undefined : String(v);
}
