/**
 * What `${refs.<ref>.<path>}` can read from each kind of node: the shapes of the
 * platform's API responses, from the response types of the npm package
 * `@northflank/js-client` (0.9.5, dist/cjs/api-client.d.ts) or from
 * get-release-flow-run-details.md, as named above each list.
 */

export interface OutputProperty {
  name: string;
  type: 'string' | 'number' | 'boolean' | 'object' | 'array';
  description: string;
  /** Object members; for arrays, the element's properties (addressed as `ports.0.dns`). */
  children?: OutputProperty[];
}

const str = (name: string, description: string): OutputProperty => ({ name, type: 'string', description });
const num = (name: string, description: string): OutputProperty => ({ name, type: 'number', description });
const bool = (name: string, description: string): OutputProperty => ({ name, type: 'boolean', description });
/** An object; without `children` its members are not catalogued. */
const obj = (name: string, description: string, children?: OutputProperty[]): OutputProperty =>
  children ? { name, type: 'object', description, children } : { name, type: 'object', description };

// ---------------------------------------------------------------------------
// Output shapes

/** js-client StartServiceBuildResult = StartJobBuildResult, plus the extra fields of GetServiceBuildResult. */
export const BUILD_OUTPUTS: OutputProperty[] = [
  str('id', 'ID of the build, e.g. `joyous-view-6290`.'),
  str('branch', 'Branch the built commit belongs to.'),
  num('pullRequestId', 'Pull request the commit belongs to (null when built from a branch).'),
  str('sha', 'SHA of the built commit.'),
  obj('registry', 'Where the image was pushed.', [str('uri', 'URI to pull the built image from.')]),
  str('createdAt', 'When the build was started (ISO 8601).'),
  str('status', 'Build status, e.g. `PENDING`, `BUILDING`, `SUCCESS`, `FAILURE`.'),
  bool('concluded', 'Whether the build has finished.'),
  bool('success', 'Whether the build succeeded (get-build shape; set once concluded).'),
  str('message', 'Description of the build status (get-build shape).'),
  num('buildConcludedAt', 'When the build finished, as a Unix timestamp (get-build shape).'),
];

const BACKUP_STATUS = '`scheduled`, `in-progress`, `completed`, `aborting`, `aborted`, `failed` or `not-supported`';

/** js-client BackupAddonResult (= GetAddonBackupResult), plus `addonId`. */
export const ADDON_BACKUP_OUTPUTS: OutputProperty[] = [
  str('id', 'ID of the backup.'),
  // Not in BackupAddonResult; semantics.md lists it among a backup's outputs.
  str('addonId', 'ID of the backed-up addon (from the project notes; not in the js-client type).'),
  str('name', 'Name of the backup.'),
  str('status', `Backup status: ${BACKUP_STATUS}.`),
  str('createdAt', 'When the backup was started.'),
  str('completedAt', 'When the backup finished.'),
  obj('config', 'Backup configuration.', [
    obj('source', 'Where the backup came from.', [
      str('type', '`fileUpload`, `liveInstance`, `snapshot`, `externalDump` or `sameAddon`.'),
    ]),
    str('size', 'Size of the backup in bytes.'),
    str('addonVersion', 'Addon version at backup time; a snapshot restores to this version.'),
  ]),
  obj('lastRestore', 'The most recent restore of this backup.', [
    str('restoreTimestamp', 'When the restore was started.'),
    str('status', `Restore status: ${BACKUP_STATUS}.`),
    str('completedAt', 'When the restore finished.'),
  ]),
];

/** js-client StartJobRunResult, plus the fields of GetJobRunResult. */
export const JOB_RUN_OUTPUTS: OutputProperty[] = [
  str('id', 'ID of the job run (a UUID); what a JobRun condition takes as `runId`.'),
  str('runName', 'Name of the job run.'),
  str('status', '`SUCCESS`, `RUNNING` or `FAILED` (get-job-run shape).'),
  bool('concluded', 'Whether the run has finished (get-job-run shape).'),
  num('active', 'Non-zero while the run is in progress (get-job-run shape).'),
  num('succeeded', 'Non-zero when the run completed successfully (get-job-run shape).'),
  num('failed', 'Non-zero when the run failed (get-job-run shape).'),
  num('completions', 'Times the run has concluded, successfully or not (get-job-run shape).'),
  num('backoffLimit', 'Retries allowed before the run counts as failed (get-job-run shape).'),
  str('startedAt', 'When the run started (get-job-run shape).'),
  str('concludedAt', 'When the run finished (get-job-run shape).'),
];

const DOCKER_OVERRIDE = obj('docker', 'Entrypoint/command override of the deployment.', [
  str('configType', '`default`, `customEntrypoint`, `customCommand` or `customEntrypointCustomCommand`.'),
  str('customEntrypoint', 'Entrypoint override.'),
  str('customCommand', 'Command override.'),
]);

const BUILDPACK_OVERRIDE = obj('buildpack', 'Buildpack run configuration of the deployment.', [
  str('configType', 'Buildpack run configuration type.'),
  str('customProcess', 'Process to run.'),
  str('customEntrypoint', 'Entrypoint override.'),
  str('customCommand', 'Command override.'),
]);

/** Union of js-client GetServiceDeploymentResult and GetJobDeploymentResult (internal | external). */
export const RELEASE_OUTPUTS: OutputProperty[] = [
  str('region', 'Region the target runs in.'),
  num('instances', 'Number of instances of the target.'),
  DOCKER_OVERRIDE,
  BUILDPACK_OVERRIDE,
  obj('storage', 'Storage settings of the target.', [
    obj('ephemeralStorage', 'Ephemeral storage.', [num('storageSize', 'Ephemeral storage per container, in MB.')]),
    num('shmSize', 'Memory-backed space for /dev/shm.'),
  ]),
  obj('internal', 'Set when a Northflank build is deployed (build and deployment releases).', [
    str('appId', 'Full identifier of the deployed build service.'),
    str('nfObjectId', 'ID of the build service whose image is deployed.'),
    str('nfObjectType', 'Type of that entity (`service` or `job`).'),
    str('repository', 'URL of the deployed repository.'),
    str('branch', 'Branch being deployed.'),
    str('buildId', 'ID of the deployed build.'),
    str('buildSHA', 'Commit SHA being deployed, or `latest`.'),
    str('deployedSHA', 'SHA actually deployed (resolves `latest`).'),
  ]),
  obj('external', 'Set when a registry image is deployed (registry and deployment releases).', [
    str('imagePath', 'Path of the image, without the host name.'),
    str('registryProvider', 'Registry hosting the image, e.g. `dockerhub`, `ecr`, `github`.'),
    bool('privateImage', 'Whether pulling the image needs credentials.'),
  ]),
];

/** Per action type: VCS createRepoFromSource, AddonBackup restore, Service/Job execute. */
export const ACTION_OUTPUTS: OutputProperty[] = [
  str('trackerId', 'VCS `createRepoFromSource`: tracker ID to await with a VCS condition.'),
  str('restoreId', 'AddonBackup `restore`: ID of the started restore.'),
  num('exitCode', 'Service/Job `execute`: exit code of the command.'),
  str('status', 'Service/Job `execute`: `Success`, `Failure` or `Unknown`.'),
  str('message', 'Service/Job `execute`: message about the result, if any.'),
];

/** get-release-flow-run-details.md RolloutStrategy `response.data` (= js-client CreateGradualrolloutstrategyResult). */
export const ROLLOUT_OUTPUTS: OutputProperty[] = [
  str('id', 'ID of the rollout strategy.'),
  str('name', 'Name of the rollout strategy.'),
  str('type', 'Strategy type (`canary`).'),
  obj('options', 'When the strategy applies.', [
    obj(
      'triggers',
      'Release sources that start a gradual rollout.',
      ['releaseFromTemplate', 'releaseFromReleaseFlow', 'releaseFromCD', 'releaseFromUI', 'releaseFromApi'].map((name) =>
        bool(name, `Start a rollout for releases coming from ${name.slice('releaseFrom'.length)}.`),
      ),
    ),
    bool('blockDeploymentOnActiveRollout', 'Whether new deployments wait while a rollout is in progress.'),
  ]),
  obj('details', 'How traffic is split.', [
    str('canaryStrategy', '`percentage` or `header`.'),
    obj('config', 'Settings of the chosen strategy (percentages or header).', [
      num('canaryPercentage', 'Share of traffic sent to the canary (percentage strategy).'),
      num('stablePercentage', 'Share of traffic sent to the stable deployment (percentage strategy).'),
      str('headerName', 'Header that routes requests (header strategy).'),
      str('headerValue', 'Header value that routes requests (header strategy).'),
    ]),
  ]),
];

/** js-client RunTemplateResult (the started run). */
export const RUN_TEMPLATE_OUTPUTS: OutputProperty[] = [
  str('id', 'ID of the started template run.'),
  str('templateId', 'ID of the template that was run.'),
  str('name', 'Name of the template.'),
  str('description', 'Description of the template.'),
  str('apiVersion', 'API version of the template (`v1.2`).'),
  str('status', 'Status of the run, e.g. `pending`, `running`, `success`, `failure`.'),
  bool('concluded', 'Whether the run has finished.'),
  str('createdAt', 'When the run was created.'),
  str('updatedAt', 'When the run was last updated.'),
  obj('options', 'Run options.', [bool('autorun', 'Run on every change.'), str('concurrencyPolicy', 'Concurrency policy.')]),
  obj('arguments', 'Arguments of the run.'),
  obj('gitops', 'GitOps settings of the template.', [
    str('vcsService', 'VCS provider.'),
    str('selfHostedVcsId', 'Self-hosted VCS ID.'),
    str('accountLogin', 'Linked account login.'),
    str('vcsLinkId', 'Legacy VCS link ID.'),
    str('repoUrl', 'Repository URL.'),
    str('branch', 'Branch.'),
    str('filePath', 'File path in the repository.'),
  ]),
  obj('spec', 'The template specification that ran.'),
  obj('refs', 'Outputs of the run\'s own nodes, by ref.'),
];

/** `${refs.<trigger>.…}` of a Git trigger (configure-a-release-flow.md, run-and-manage-releases.md). */
export const TRIGGER_OUTPUTS: OutputProperty[] = [
  str('branch', 'Branch that triggered the run.'),
  str('sha', 'SHA of the commit to build.'),
  str('repoUrl', 'URL of the repository the trigger watches.'),
  num('pullRequestId', 'Pull request that triggered the run, when triggered by a pull request.'),
];

/**
 * Resolves a property path (`['config', 'addonVersion']`, `['ports', '0', 'dns']`,
 * or an expression's path segments) against an output list. Numeric segments index arrays. Returns `undefined`
 * when the path does not exist and `'unknown-shape'` when it goes below an
 * object or array whose members are not catalogued.
 */
export function outputsAt(
  outputs: OutputProperty[],
  path: readonly (string | { readonly name: string })[],
): OutputProperty | undefined | 'unknown-shape' {
  if (path.length === 0) return undefined;
  let current: OutputProperty | undefined;
  for (const entry of path) {
    // Expression path segments are taken as they are: checking every ref use of a large flow then builds no arrays.
    const segment = typeof entry === 'string' ? entry : entry.name;
    let level = outputs;
    if (current) {
      if (current.type !== 'object' && current.type !== 'array') return undefined;
      if (!current.children) return 'unknown-shape';
      if (current.type === 'array') {
        if (!/^\d+$/.test(segment)) return undefined;
        current = { name: segment, type: 'object', description: `Element ${segment} of \`${current.name}\`.`, children: current.children };
        continue;
      }
      level = current.children;
    }
    current = level.find((property) => property.name === segment);
    if (!current) return undefined;
  }
  return current;
}
