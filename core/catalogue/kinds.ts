/**
 * Catalogue of node kinds: which kinds a release flow accepts and where, what each does,
 * which `condition` values it takes, and what `${refs.<ref>.<path>}` can read
 * from it (the shapes themselves are in outputs.ts).
 *
 * Kinds: reference/northflank/api/get-release-flow.md (the `spec` node union,
 * plus `teardownSpec`, which adds `OpenTofuDestroy`). Template-only kinds:
 * template-nodes.md, write-a-template.md and release-guide-2026.md.
 *
 * Outputs follow the platform's API response for each action. Shapes come from
 * the response types of the npm package `@northflank/js-client` (0.9.5,
 * dist/cjs/api-client.d.ts) or from get-release-flow-run-details.md, as named
 * in each kind's `outputsSource`. Where neither says anything the outputs are
 * `[]` and `outputsSource` is `'not documented'`; where the listed shape may
 * not be the whole story, `outputsComplete()` returns false so callers do not
 * warn about a property the catalogue lacks.
 */
import { ACTION_OUTPUTS, ADDON_BACKUP_OUTPUTS, BUILD_OUTPUTS, JOB_RUN_OUTPUTS, RELEASE_OUTPUTS, ROLLOUT_OUTPUTS, RUN_TEMPLATE_OUTPUTS, type OutputProperty } from './outputs';

export interface NodeKindInfo {
  kind: string;
  title: string;
  /** One sentence: what the node does. */
  summary: string;
  /** Short markdown paragraph for hovers. */
  docs: string;
  /** Allowed values of the node's `condition` field (`[]` when it has none). */
  conditionValues: readonly ('success' | 'running')[];
  /** What `${refs.<ref>.…}` exposes (`[]` when nothing is known). */
  outputs: OutputProperty[];
  /** Where the output shape comes from. */
  outputsSource: string;
}

const NOT_DOCUMENTED = 'not documented';

// ---------------------------------------------------------------------------
// Release-flow kinds

interface KindSpec extends NodeKindInfo {
  /** False when `outputs` may be partial, so a property missing from it is not an error. */
  complete: boolean;
  /** Where get-release-flow.md accepts the kind: in `spec`, and as the root node of `teardownSpec`. */
  accepted: { spec: boolean; teardownRoot: boolean };
}

const KINDS: KindSpec[] = [
  {
    kind: 'Workflow',
    title: 'Workflow',
    summary: 'Groups steps and runs them one after another or all at once.',
    docs: '`spec.type` is `sequential` (each step starts once the previous one succeeded) or `parallel` (all steps start together); `spec.steps` holds the nodes and nested workflows, and `spec.context` (e.g. `projectId`) is inherited by them. A failing step fails the workflow. The root `spec` of a release flow is a workflow.',
    conditionValues: [],
    outputs: [],
    outputsSource: NOT_DOCUMENTED,
    complete: false,
    accepted: { spec: true, teardownRoot: true },
  },
  {
    kind: 'Release',
    title: 'Release',
    summary: 'Deploys a build, a registry image or the previous stage\'s deployment to a service or job of this stage.',
    docs: '`spec.type`: `build` (origin: build service `id`, `branch`, `build` = build ID or `latest`), `registry` (origin: `imagePath`, `credentials`) or `deployment` (promote: origin = a service/job `id` and `type` in the **previous** stage). `spec.target` (`id`, `type` service|job) is in **this** stage. `condition: "running"` waits until the target runs (`timeoutDuration` 30–14400 s).\n\nOutputs: the platform does not document them; the list is the deployment of the target (js-client get-deployment shapes): `internal.*` for build and deployment releases of built images, `external.*` for registry images.',
    conditionValues: ['running'],
    outputs: RELEASE_OUTPUTS,
    outputsSource:
      '@northflank/js-client GetServiceDeploymentResult | GetJobDeploymentResult (UpdateServiceDeploymentResult is untyped); may be partial',
    complete: false,
    accepted: { spec: true, teardownRoot: false },
  },
  {
    kind: 'Build',
    title: 'Start build',
    summary: 'Starts a build of a commit in a build service or a job that builds from Git.',
    docs: '`spec.id` and `spec.type` (`service`|`job`) pick what to build; `branch` or `pullRequestId` (build services), optional `sha` (latest commit otherwise), `reuseExistingBuilds` (default true), `buildOverrides`, `buildRuleFallThroughHandling` (`fail`, `skip`, `useLastBuild`). `condition: "success"` waits for the build to finish. Refer to the build with `${refs.<ref>.id}`, `.branch`, `.sha`.',
    conditionValues: ['success'],
    outputs: BUILD_OUTPUTS,
    outputsSource: '@northflank/js-client StartServiceBuildResult / StartJobBuildResult (+ GetServiceBuildResult fields)',
    complete: true,
    accepted: { spec: true, teardownRoot: false },
  },
  {
    kind: 'JobRun',
    title: 'Run job',
    summary: 'Starts a run of a job, optionally with overridden environment, plan or image.',
    docs: '`spec.jobId` names the job; `runtimeEnvironment`, `runtimeFiles`, `billing.deploymentPlan` and `deployment` (docker/buildpack command, storage, `internal` build or `external` image) override its settings for this run. `condition: "success"` waits for the run to succeed — use it for migrations before a release.',
    conditionValues: ['success'],
    outputs: JOB_RUN_OUTPUTS,
    outputsSource: '@northflank/js-client StartJobRunResult (+ GetJobRunResult fields)',
    complete: true,
    accepted: { spec: true, teardownRoot: true },
  },
  {
    kind: 'AddonBackup',
    title: 'Run backup',
    summary: 'Backs up an addon.',
    docs: '`spec.addonId` names the addon (it must be running); `backupType` `snapshot` (default) or `dump`, plus `compressionType`, `customDestinationId`, `additionalDestinations`. `condition: "success"` waits for the backup to complete. Restore it later with an `Action` of kind `AddonBackup`.',
    conditionValues: ['success'],
    outputs: ADDON_BACKUP_OUTPUTS,
    outputsSource: '@northflank/js-client BackupAddonResult (+ addonId from semantics.md)',
    complete: true,
    accepted: { spec: true, teardownRoot: false },
  },
  {
    kind: 'AddonImport',
    title: 'Import into addon',
    summary: 'Imports data into an addon from a backup file URL or a live database.',
    docs: '`spec.addonId` is the target; the data comes from `importUrl` (a backup file) or `connectionString` (a live database to dump; `importAllDatabases` for PostgreSQL). `condition: "success"` waits for the import to finish.',
    conditionValues: ['success'],
    outputs: [],
    outputsSource: NOT_DOCUMENTED,
    complete: false,
    accepted: { spec: true, teardownRoot: false },
  },
  {
    kind: 'Action',
    title: 'Run action',
    summary: 'Performs an action on an existing service, job, addon, backup or Git account.',
    docs: '`spec.kind` and `spec.spec.type`: `Service` `restart`|`execute`, `Job` `execute`, `Addon` `restart`, `AddonBackup` `restore` (`backupId`), `VCS` `createRepoFromSource`. IDs go in `spec.spec.data`; commands do not run in a shell unless `shell` is set. Some actions take their own `condition` inside `spec.spec`; the node itself has none.\n\nOutputs depend on the action and are only partly documented.',
    conditionValues: [],
    outputs: ACTION_OUTPUTS,
    outputsSource:
      'partial: trackerId from get-release-flow.md (VCS condition), @northflank/js-client RestoreAddonBackupResult, CommandResult (exec); restart results are untyped',
    complete: false,
    accepted: { spec: true, teardownRoot: true },
  },
  {
    kind: 'Condition',
    title: 'Await condition',
    summary: 'Holds the workflow until a resource is running or an action has succeeded.',
    docs: '`spec.kind`: `Service`, `Addon`, `BYOCCluster` (type `running`), `Build`, `JobRun`, `AddonBackup`, `AddonImport` (type `success`) or `VCS` (`createRepoFromSourceSuccess`); `spec.spec.data` holds the IDs, often refs to earlier nodes, and `timeoutDuration` (seconds) fails it when the deadline passes. Use it before reading a service\'s DNS or an addon\'s connection details.',
    conditionValues: [],
    outputs: [],
    outputsSource: NOT_DOCUMENTED,
    complete: false,
    accepted: { spec: true, teardownRoot: true },
  },
  {
    kind: 'Message',
    title: 'Send message',
    summary: 'Posts a message to a pull request, a Slack channel or a webhook.',
    docs: '`spec.kind` `VCS` comments on a pull request (`vcsService`, `repoUrl`, `pullRequestId`, `message`); `SLACK` posts through `webhookUrl` or an existing integration (`integrationInternalId`); `RAW_WEBHOOK` sends `message` to `webhookUrl`. Useful to report a release\'s outcome.',
    conditionValues: [],
    outputs: [],
    outputsSource: NOT_DOCUMENTED,
    complete: false,
    accepted: { spec: true, teardownRoot: true },
  },
  {
    kind: 'Approval',
    title: 'Approval',
    summary: 'Pauses the run until enough people approve it.',
    docs: '`spec.amount` (required) is the number of approvals needed; while waiting the run shows `approval_wait`. Put it before the steps that should not happen without sign-off, e.g. a production release.',
    conditionValues: [],
    outputs: [],
    outputsSource: NOT_DOCUMENTED,
    complete: false,
    accepted: { spec: true, teardownRoot: true },
  },
  {
    kind: 'RolloutStrategy',
    title: 'Rollout strategy',
    summary: 'Sets up a gradual (canary) rollout strategy for releases.',
    docs: '`spec.name`, `spec.type` (`canary`), `spec.options.triggers` (which release sources — template, release flow, CD, UI, API — roll out gradually), `blockDeploymentOnActiveRollout`, and `spec.details`: `canaryStrategy` `percentage` (`canaryPercentage`/`stablePercentage`) or `header` (`canaryHeader`/`stableHeader`).',
    conditionValues: [],
    outputs: ROLLOUT_OUTPUTS,
    outputsSource: 'get-release-flow-run-details.md RolloutStrategy response.data (= @northflank/js-client CreateGradualrolloutstrategyResult)',
    complete: true,
    accepted: { spec: true, teardownRoot: false },
  },
  {
    kind: 'SecretInheritance',
    title: 'Secret inheritance',
    summary: 'Makes secret groups available to the run and checks that required keys and files are present.',
    docs: '`spec.configs` and `spec.secrets` list secret group IDs; `requiredKeys` and `requiredFiles` name what they must provide. Each entry may be a `${...}` reference.',
    conditionValues: [],
    outputs: [],
    outputsSource: NOT_DOCUMENTED,
    complete: false,
    accepted: { spec: true, teardownRoot: false },
  },
  {
    kind: 'RunTemplate',
    title: 'Run template',
    summary: 'Runs another template, release flow, preview template or workflow.',
    docs: '`spec.templateType` (`template`, `release-flow-template`, `preview-env-template`, `workflow`, `preview-blueprint`, or a `*-teardown`), `spec.templateId`, and `spec.arguments.variables` (`key`/`value` pairs). `condition: "success"` waits for that run to succeed.',
    conditionValues: ['success'],
    outputs: RUN_TEMPLATE_OUTPUTS,
    outputsSource: '@northflank/js-client RunTemplateResult (other template types may differ)',
    complete: false,
    accepted: { spec: true, teardownRoot: false },
  },
  {
    kind: 'LoopWorkflow',
    title: 'Loop workflow',
    summary: 'Runs its steps once for each item of a list.',
    docs: '`spec.iterations` is an array of objects (or a `${...}` string resolving to one); `spec.steps` runs for each iteration. Pair it with `LoopData`.',
    conditionValues: [],
    outputs: [],
    outputsSource: NOT_DOCUMENTED,
    complete: false,
    accepted: { spec: true, teardownRoot: true },
  },
  {
    kind: 'LoopData',
    title: 'Loop data',
    summary: 'A node used with loop workflows; the API documents no fields for it.',
    docs: '`spec` is an object with no documented fields. Its behaviour is not described by the reference.',
    conditionValues: [],
    outputs: [],
    outputsSource: NOT_DOCUMENTED,
    complete: false,
    accepted: { spec: true, teardownRoot: true },
  },
  {
    kind: 'OpenTofuDestroy',
    title: 'OpenTofu destroy',
    summary: 'Destroys the state of an OpenTofu node of the parent template.',
    docs: 'Allowed only in `teardownSpec`. `spec.nodeRef` (required) is the `ref` of the `OpenTofu` node whose state should be destroyed; `condition: "success"` waits for it.',
    conditionValues: ['success'],
    outputs: [],
    outputsSource: NOT_DOCUMENTED,
    complete: false,
    accepted: { spec: false, teardownRoot: true },
  },
];

const COMPLETE = new Set(KINDS.filter((k) => k.complete).map((k) => k.kind));

/**
 * Timeouts (`timeoutDuration`) in whole seconds: the range the reference
 * documents for the Release node's wait (release-guide-2026.md), and for no other kind.
 */
export const MIN_TIMEOUT_SECONDS = 30;
export const MAX_TIMEOUT_SECONDS = 14400;

/** Every node kind get-release-flow.md accepts in a release flow (`spec` or `teardownSpec`). */
export const RELEASE_FLOW_KINDS: ReadonlyMap<string, NodeKindInfo> = new Map(
  KINDS.map(({ complete: _complete, accepted: _accepted, ...info }): [string, NodeKindInfo] => [info.kind, info]),
);

/** Kinds accepted only in a release flow's `teardownSpec`, not in its `spec`. */
export const TEARDOWN_ONLY_KINDS: ReadonlySet<string> = new Set(KINDS.filter((k) => !k.accepted.spec).map((k) => k.kind));

/** Kinds the reference lists as the root node of `teardownSpec`. */
export const TEARDOWN_ROOT_KINDS: ReadonlySet<string> = new Set(KINDS.filter((k) => k.accepted.teardownRoot).map((k) => k.kind));

/**
 * Node kinds of templates (template-nodes.md, write-a-template.md,
 * release-guide-2026.md) that a release flow does not accept. `PreviewEnv` and
 * `ReleaseFlow` are the nested templates of a Pipeline node; `BuildSource` and
 * `Subdomain` come from preview templates; `OpenTofu` is named by
 * OpenTofuDestroy's `nodeRef`.
 */
export const TEMPLATE_ONLY_KINDS: ReadonlySet<string> = new Set([
  // Team resources
  'Project',
  'BYOCIntegration',
  'BYOCCluster',
  'SubdomainPath',
  'ResourceTag',
  'CustomPlan',
  // Project resources
  'CombinedService',
  'BuildService',
  'DeploymentService',
  'CronJob',
  'ManualJob',
  'Addon',
  'SecretGroup',
  'Pipeline',
  'Volume',
  'PreviewEnv',
  'ReleaseFlow',
  // Preview templates
  'BuildSource',
  'Subdomain',
  'OpenTofu',
]);

/**
 * True when the catalogue lists every output of the kind, so a path it cannot
 * resolve is a real mistake. False for unknown kinds and for kinds whose
 * outputs are undocumented or possibly partial.
 */
export function outputsComplete(kind: string): boolean {
  return COMPLETE.has(kind);
}
