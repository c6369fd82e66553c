/** Build, JobRun, AddonBackup and AddonImport nodes. */
import { anyObject, type Definitions, enumOf, obj, orExpr, pat, PAT, prop, str } from './builders';
import { ciIgnoreFlags, jobRunDeployment, pathIgnoreRules } from './fields';
import { nodeDef } from './nodes';

export function workloadDefinitions(): Definitions {
  const definitions: Definitions = {};
  // --- Build --------------------------------------------------------------------
  definitions['node.Build'] = nodeDef('Build', {
    specRequired: true,
    spec: prop(
      'Which service or job to build, from which branch, pull request or commit.',
      obj(
        {
          projectId: orExpr('ID of the project; defaults to the project context.', pat(PAT.id)),
          buildRules: prop(
            'Build rules for this build: path rules and commit-message ignore flags.',
            obj({
              pathIgnoreRules: pathIgnoreRules('Path rules in .gitignore syntax (max 260 characters each).'),
              isAllowList: prop('Treat pathIgnoreRules as an allow list instead of an ignore list.', { type: 'boolean' }),
              ciIgnoreFlagsEnabled: prop('Skip commits whose message contains one of ciIgnoreFlags.', { type: 'boolean' }),
              ciIgnoreFlags: ciIgnoreFlags('Commit-message flags that skip the build, e.g. "[skip ci]" (max 72 characters each).'),
            }),
          ),
          buildOverrides: prop(
            'Overrides of the build settings for this build.',
            obj({
              buildArguments: orExpr(
                'Build arguments (name to value), or an expression that resolves to such an object.',
                anyObject(),
              ),
              buildFiles: prop('Build files to add for this build; the reference lists no fields.', anyObject()),
              dockerSecretMounts: prop('Docker secret mounts for this build; the reference lists no fields.', anyObject()),
              docker: prop(
                'Dockerfile location and target stage.',
                obj({
                  dockerFilePath: prop('Path of the Dockerfile, starting with "/".', pat(PAT.filePath), 'Path of the Dockerfile, e.g. `/Dockerfile`.'),
                  dockerWorkDir: prop('Build context directory, starting with "/".', pat(PAT.dockerWorkDir), 'Build context directory, e.g. `/` or `/api`.'),
                  dockerfileTarget: prop('Build stage to target in a multi-stage Dockerfile.', pat(PAT.dockerfileTarget)),
                }),
              ),
            }),
          ),
          id: orExpr('ID of the build service or job to build.', pat(PAT.id)),
          type: prop('Whether id is a build service or a job.', enumOf(['service', 'job'], ['A build or combined service.', 'A job that builds from Git.'])),
          sha: orExpr(
            'Commit SHA (40 characters) to build; without it the latest relevant commit is built.',
            str({ minLength: 40, maxLength: 40 }),
            'Commit SHA (40 characters) to build, e.g. `${refs.main-push.sha}`; without it the latest relevant commit is built.',
          ),
          branch: orExpr(
            'Branch to build from (build services only). Give either branch or pullRequestId, not both.',
            str(),
            'Branch to build from (build services only). Give either `branch` or `pullRequestId`, not both.',
          ),
          pullRequestId: orExpr(
            'Pull request to build from (build services only). Give either branch or pullRequestId, not both.',
            { type: 'integer' },
            'Pull request to build from (build services only). Give either `branch` or `pullRequestId`, not both.',
          ),
          reuseExistingBuilds: prop('Return an existing build of the same commit instead of starting a new one (default true).', {
            type: 'boolean',
          }),
          buildRuleFallThroughHandling: prop(
            'What to do when the build rules do not match the commit.',
            enumOf(
              ['fail', 'skip', 'useLastBuild'],
              ['Fail the node.', 'Skip the build.', 'Use the last existing build.'],
            ),
          ),
        },
        ['type'],
      ),
    ),
  });

  // --- JobRun -------------------------------------------------------------------
  const jobRunSpec = () =>
    prop(
      'The job to run and per-run overrides.',
      obj({
        projectId: orExpr('ID of the project; defaults to the project context.', pat(PAT.id)),
        runtimeEnvironment: orExpr(
          'Environment variables for this run (name to value), or an expression that resolves to such an object.',
          anyObject(),
        ),
        runtimeFiles: prop('Files to mount for this run; the reference lists no fields.', anyObject()),
        dockerSecretMounts: prop('Docker secret mounts for this run; the reference lists no fields.', anyObject()),
        billing: prop(
          'Resource plan override.',
          obj({
            deploymentPlan: orExpr('ID of the deployment plan to use for this run.', pat(PAT.slug, { minLength: 3, maxLength: 100 })),
          }),
        ),
        deployment: jobRunDeployment(),
        jobId: orExpr('ID of the job to run.', pat(PAT.internalId, { minLength: 3, maxLength: 52 })),
      }),
    );

  definitions['node.JobRun'] = nodeDef('JobRun', { specRequired: true, spec: jobRunSpec() });

  // --- AddonBackup / AddonImport ----------------------------------------------------
  const compressionType = () =>
    orExpr('Compression of the backup file.', enumOf(['zstd', 'gz', 'none'], ['Zstandard.', 'Gzip.', 'No compression.']));
  const customDestinationId = () =>
    orExpr('ID of a custom backup destination to store the backup in.', pat(PAT.slug, { minLength: 3, maxLength: 100 }));

  definitions['node.AddonBackup'] = nodeDef('AddonBackup', {
    specRequired: true,
    spec: prop(
      'The addon to back up and how.',
      obj({
        projectId: orExpr('ID of the project that holds the addon; defaults to the project context.', pat(PAT.id)),
        addonId: orExpr('ID of the addon to back up.', pat(PAT.id)),
        backupType: prop(
          'Kind of backup; snapshot when omitted.',
          enumOf(['dump', 'snapshot'], ['A logical dump of the data.', 'A disk snapshot (default).']),
        ),
        compressionType: compressionType(),
        customDestinationId: customDestinationId(),
        additionalDestinations: prop('Further custom destinations that also store the backup.', {
          type: 'array',
          items: obj(
            {
              destinationId: orExpr('ID of the custom backup destination.', pat(PAT.slug, { minLength: 3, maxLength: 100 })),
              retentionTime: orExpr('Days to keep the backup at this destination.', { type: 'integer' }),
              type: prop('Kind of destination.', enumOf(['custom'], ['A custom backup destination.'])),
            },
            ['type'],
          ),
        }),
      }),
    ),
  });

  definitions['node.AddonImport'] = nodeDef('AddonImport', {
    spec: prop(
      'The addon to import into and where the data comes from.',
      obj({
        projectId: orExpr('ID of the project that holds the addon; defaults to the project context.', pat(PAT.id)),
        addonId: orExpr('ID of the addon to import into.', pat(PAT.id)),
        importUrl: orExpr('URL of a backup file to import.', str()),
        connectionString: orExpr('Connection string of a live database to dump and import.', str()),
        importAllDatabases: prop('Dump and import every non-system database (PostgreSQL connection strings only).', { type: 'boolean' }),
        compressionType: compressionType(),
        customDestinationId: customDestinationId(),
      }),
    ),
  });

  return definitions;
}
