#!/usr/bin/env node
// Builds schemas/release-flow.schema.json, the JSON Schema (draft-07) of a Northflank
// release-flow file. This script is the source of the schema: edit it, then run
//   node scripts/generate-schema.mjs
// and commit both files. It reads nothing at runtime; the facts (fields, enums,
// patterns, lengths) were taken from the Northflank API reference for
// "get release flow" / "update release flow" and the release-flow docs.
//
// Conventions (core code relies on them):
//   #/definitions/expression          a string containing ${...}
//   #/definitions/node                 any node, discriminated on `kind` with if/then
//   #/definitions/node.<Kind>          one definition per node kind
//   #/definitions/teardownNode         root node of `teardownSpec`
//   #/definitions/action.<Kind>        inner spec of an Action node (`spec.kind`)
//   #/definitions/action.Service.<type>
//   #/definitions/condition.<Kind>     inner spec of a Condition node (`spec.kind`)
//   #/definitions/message.<Kind>       inner spec of a Message node (`spec.kind`)
//   #/definitions/release.<type>       spec of a Release node (`spec.type`)
//   #/definitions/richInput, richInput.<Kind>, trigger
// Every entry under every `properties` has a `description`, except inside `if`
// conditions (which describe no document property; see discriminated()).

import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SCHEMA_ID = 'https://release-flow-studio.dev/schemas/release-flow.schema.json';

// ---------------------------------------------------------------------------
// Patterns, exactly as the reference gives them (String.raw keeps backslashes).
const PAT = {
  // Generic resource ID (project, addon, service, job, backup, credentials...).
  id: String.raw`^[A-Za-z0-9-]+$`,
  // Northflank internal ID of a service/job/addon/project (3..54 chars, 3..52 for jobs).
  internalId: String.raw`^[a-zA-Z](-?[a-zA-Z0-9]+(-[a-zA-Z0-9]+)*)?$`,
  // Optional `<projectId>/` prefix followed by an internal ID.
  qualifiedId: String.raw`^((?<projectId>[a-zA-Z](-?[a-zA-Z0-9]+(-[a-zA-Z0-9]+)*)?)\/)?(?<internalId>[a-zA-Z](-?[a-zA-Z0-9]+(-[a-zA-Z0-9]+)*)?)$`,
  // Deployment plan / backup destination IDs.
  slug: String.raw`^[a-zA-Z0-9]+(-[a-zA-Z0-9]+)*$`,
  selfHostedVcsId: String.raw`^([A-Za-z0-9-]+)|([0-9a-f]{24})$`,
  repoUrl: String.raw`^(https:\/\/)?((www(\.[a-zA-Z0-9\-]{2,})+\.)?[a-zA-Z0-9\-]{2,})(\.([a-zA-Z0-9\-]{2,}))+(\/([a-zA-Z0-9\-._]{2,}))+?$`,
  branchRule: String.raw`^[a-zA-Z/*0-9%\-.#_!'();,&=+]*$`,
  filePath: String.raw`^\/([a-zA-Z0-9-._]+\/)*[a-zA-Z0-9-._]+$`,
  dockerWorkDir: String.raw`^\/([a-zA-Z0-9-._]+\/)*[a-zA-Z0-9-._]*$`,
  dockerfileTarget: String.raw`^[a-zA-Z0-9-_]+$`,
  imagePath: String.raw`^(?:(?:https?:\/\/)?([a-zA-Z0-9\-]+\.[a-zA-Z0-9\.\-]+)(\/v1)?)?(?:\/)?([a-zA-Z/-9\.\-_]+)(?:\:([a-zA-Z/-9\.\-_\:]+)|\@([a-zA-Z/-9\.\-_\:]+))$`,
  clusterId: String.raw`^[a-z]-?[a-z0-9]+(-[a-z0-9]+)*$`,
};

const IMAGE_PATH_COMMENT =
  'Pattern copied unchanged from the Northflank reference. It uses the identity escapes \\: and \\@, which JavaScript accepts only without the "u" flag (validators fall back to compiling it without "u").';
const SELF_HOSTED_COMMENT =
  'Pattern copied unchanged from the Northflank reference; because of the top-level alternation it anchors only one side of each alternative.';

// ---------------------------------------------------------------------------
// Small builders. Alternatives inside anyOf carry no description of their own
// (hover then shows the property's description); only #/definitions/expression
// has one.

const EXPR = { $ref: '#/definitions/expression' };

/** A property: description (+ optional markdown) and the rest of the schema. */
function prop(description, schema = {}, markdownDescription) {
  const out = { description };
  if (markdownDescription) out.markdownDescription = markdownDescription;
  return Object.assign(out, schema);
}

/** A property whose value is a literal or a ${...} expression string. */
function orExpr(description, literal, markdownDescription) {
  return prop(description, { anyOf: [literal, EXPR] }, markdownDescription);
}

const str = (extra = {}) => ({ type: 'string', ...extra });
const pat = (pattern, extra = {}) => ({ type: 'string', pattern, ...extra });
const enumOf = (values, descriptions) => {
  const out = { type: 'string', enum: values };
  if (descriptions) out.enumDescriptions = descriptions;
  return out;
};
const obj = (properties, required, extra = {}) => {
  const out = { type: 'object' };
  if (required && required.length) out.required = required;
  out.properties = properties;
  out.additionalProperties = false;
  return Object.assign(out, extra);
};
/** An object whose fields the reference does not list: any properties. */
const anyObject = (extra = {}) => ({ type: 'object', additionalProperties: true, ...extra });

const timeout = (what) =>
  prop(
    `Seconds to wait ${what} before the node fails (30 to 14400), or an expression that resolves to a number of seconds.`,
    {
      anyOf: [{ type: 'integer', minimum: 30, maximum: 14400 }, EXPR],
      $comment:
        'Range 30..14400 is documented for the Release node timeout; the API reference omits numeric bounds for every field, and the same timeout applies to conditions and actions.',
    },
    `Seconds to wait ${what} before the node fails (\`30\` to \`14400\`), or a \`\${...}\` expression that resolves to a number of seconds.`,
  );

/**
 * An object discriminated on `key`: the discriminator lists every value (with a
 * description each) and one `if/then` per value points to that variant's definition,
 * so that errors are reported against the matching variant only.
 * The `if` schemas carry no descriptions on purpose: the language service counts them
 * as matching schemas even when they fail, so a description there would show up in
 * the hover of every value.
 */
function discriminated(key, keyDescription, variants, extra = {}) {
  const values = variants.map((v) => v.value);
  return {
    type: 'object',
    required: [key],
    properties: {
      [key]: {
        description: keyDescription,
        type: 'string',
        enum: values,
        enumDescriptions: variants.map((v) => v.text),
        markdownEnumDescriptions: variants.map((v) => v.md ?? v.text),
      },
    },
    allOf: variants.map((v) => ({
      if: {
        properties: { [key]: { const: v.value } },
        required: [key],
      },
      then: { $ref: `#/definitions/${v.def}` },
    })),
    ...extra,
  };
}

/** The discriminator property inside one variant definition. */
const discriminator = (description, value, text) => ({
  description,
  type: 'string',
  enum: [value],
  enumDescriptions: [text],
});

// ---------------------------------------------------------------------------
// Shared field schemas (built fresh each time so each copy can carry its own text).

const vcsServiceEnum = () =>
  enumOf(
    ['bitbucket', 'gitlab', 'github', 'self-hosted', 'azure'],
    ['Bitbucket.', 'GitLab.', 'GitHub.', 'A self-hosted Git provider (set selfHostedVcsId).', 'Azure DevOps.'],
  );

const projectIdAction = () =>
  orExpr('ID of the project that holds the resource; defaults to the project context.', pat(PAT.id));

const projectIdCondition = () =>
  orExpr(
    'ID of the project that holds the resource; defaults to the project context.',
    pat(PAT.internalId, { minLength: 3, maxLength: 54 }),
  );

const skipNodeExecution = () =>
  prop(
    'Skip this node when the value is "true" or an expression that resolves to true; run it when "false".',
    { anyOf: [enumOf(['true', 'false'], ['Skip the node.', 'Run the node.']), EXPR] },
    'Skip this node (and, for a workflow, everything in it) when the value is `"true"` or a `${...}` expression that resolves to true. Example: `"${fn.eq(args.ENVIRONMENT, \'DEVELOPMENT\')}"`.',
  );

const refProp = () =>
  prop(
    'Name of this node, unique in the flow. Later nodes read its outputs as ${refs.<ref>.<field>}.',
    str(),
    'Name of this node, unique in the flow. Later nodes read its outputs as `${refs.<ref>.<field>}`, e.g. `${refs.build.id}`.',
  );

const pathIgnoreRules = (description) =>
  prop(description, { type: 'array', items: str({ maxLength: 260 }) });
const ciIgnoreFlags = (description) =>
  prop(description, { type: 'array', items: str({ maxLength: 72 }) });

// Docker / buildpack / storage settings shared by both JobRun deployment variants.
const dockerRunConfig = () =>
  prop(
    'Entrypoint and command overrides for an image built from a Dockerfile or pulled from a registry.',
    obj(
      {
        configType: prop('Which of entrypoint and command to override.', enumOf(
          ['default', 'customEntrypoint', 'customCommand', 'customEntrypointCustomCommand'],
          [
            'Use the image entrypoint and command.',
            'Override the entrypoint only.',
            'Override the command only.',
            'Override both entrypoint and command.',
          ],
        )),
        customEntrypoint: prop(
          'Entrypoint to use; required when configType is customEntrypoint or customEntrypointCustomCommand.',
          str(),
        ),
        customCommand: prop(
          'Command to use; required when configType is customCommand or customEntrypointCustomCommand.',
          str(),
        ),
      },
      ['configType'],
    ),
  );

const buildpackRunConfig = () =>
  prop(
    'Run configuration for an image built with buildpacks.',
    obj(
      {
        configType: prop('Which buildpack process, entrypoint or command to use.', enumOf(
          ['default', 'customProcess', 'customCommand', 'customEntrypointCustomCommand', 'originalEntrypointCustomCommand'],
          [
            'Use the default process.',
            'Run a named process (customProcess).',
            'Run a custom command.',
            'Run a custom entrypoint with a custom command.',
            'Run a custom command with the original entrypoint.',
          ],
        )),
        customProcess: prop('Process to run; required when configType is customProcess.', str()),
        customEntrypoint: prop('Entrypoint to run; required when configType is customEntrypointCustomCommand.', str()),
        customCommand: prop(
          'Command to run; required when configType is customCommand, customEntrypointCustomCommand or originalEntrypointCustomCommand.',
          str(),
        ),
      },
      ['configType'],
    ),
  );

const storageConfig = () =>
  prop(
    'Storage options of the job run containers.',
    obj({
      useHdbStorage: prop('Use HDB storage.', { type: 'boolean' }),
      usePdSsdStorage: prop('Use PD SSD storage.', { type: 'boolean' }),
      ephemeralStorage: prop(
        'Ephemeral (temporary) disk of each container.',
        obj({
          storageSize: orExpr('Ephemeral storage per container, in MB.', { type: 'integer' }),
        }),
      ),
      shmSize: orExpr('Size of the memory-backed /dev/shm disk space, in MB.', { type: 'integer' }),
    }),
  );

const jobRunDeployment = () =>
  prop(
    'Overrides what the job run deploys and how it starts: either an image from a Northflank build service (internal) or from a registry (external).',
    {
      anyOf: [
        obj({
          docker: dockerRunConfig(),
          buildpack: buildpackRunConfig(),
          storage: storageConfig(),
          internal: prop(
            'Deploy an image built by a Northflank build service.',
            obj({
              id: orExpr('ID of the build service to deploy from.', {
                anyOf: [pat(PAT.internalId, { minLength: 3, maxLength: 54 }), str()],
              }),
              branch: orExpr('Branch whose build is deployed.', str()),
              buildSHA: orExpr(
                'Commit SHA (40 characters) to deploy, or "latest" for the most recent commit.',
                { anyOf: [str({ minLength: 40, maxLength: 40 }), enumOf(['latest'], ['Most recent commit.'])] },
                'Commit SHA (40 characters) to deploy, or `latest` for the most recent commit.',
              ),
              buildId: orExpr('ID of the build to deploy.', str()),
            }),
          ),
        }),
        obj({
          docker: dockerRunConfig(),
          buildpack: buildpackRunConfig(),
          storage: storageConfig(),
          external: prop(
            'Deploy an image from a container registry.',
            obj({
              imagePath: orExpr(
                'Image to deploy; include the registry host unless it is on Docker Hub.',
                pat(PAT.imagePath, { $comment: IMAGE_PATH_COMMENT }),
                'Image to deploy, e.g. `ghcr.io/org/app:1.2.3`; include the registry host unless it is on Docker Hub.',
              ),
              credentials: orExpr('ID of saved registry credentials for a private image.', pat(PAT.id)),
            }),
          ),
        }),
      ],
    },
  );

// ---------------------------------------------------------------------------
// Node kinds.

const NODE_KINDS = [
  {
    value: 'Workflow',
    text: 'Groups nodes and runs them one after another (sequential) or all at once (parallel).',
    md: 'Groups nodes in `steps` and runs them one after another (`sequential`) or all at once (`parallel`).',
  },
  {
    value: 'LoopWorkflow',
    text: 'Runs its steps once for every entry of its iterations list.',
    md: 'Runs its `steps` once for every entry of `iterations`.',
  },
  { value: 'LoopData', text: 'Loop data node; the reference lists no fields for its spec.' },
  {
    value: 'Release',
    text: 'Deploys a build, promotes what the previous stage runs, or deploys a registry image to a service or job of this stage.',
    md: 'Deploys a build (`build`), promotes what the previous stage runs (`deployment`) or deploys a registry image (`registry`) to a service or job of this stage.',
  },
  { value: 'Build', text: 'Starts a build of a build service or job from a branch, pull request or commit.' },
  { value: 'JobRun', text: 'Starts a run of a job, optionally overriding its environment, image and plan.' },
  { value: 'AddonBackup', text: 'Backs up an addon (snapshot or dump).' },
  { value: 'AddonImport', text: 'Imports data into an addon from a backup file URL or a live database.' },
  {
    value: 'Action',
    text: 'Acts on an existing resource: restarts it, executes a command, restores a backup or creates a repository.',
  },
  {
    value: 'Condition',
    text: 'Waits until a resource is running or has succeeded, and fails after a timeout.',
  },
  { value: 'Approval', text: 'Pauses the run until the required number of approvals is given.' },
  { value: 'Message', text: 'Sends a message: a pull request comment, a Slack message or a webhook call.' },
  { value: 'RunTemplate', text: 'Runs another template or workflow.' },
  { value: 'RolloutStrategy', text: 'Sets up a gradual (canary) rollout strategy.' },
  {
    value: 'SecretInheritance',
    text: 'Lists secret groups and configs to inherit, with the keys and files they must provide.',
  },
  {
    value: 'OpenTofuDestroy',
    text: 'Destroys the state of an OpenTofu node of the parent template; the reference lists it only in teardownSpec.',
    md: 'Destroys the state of an `OpenTofu` node of the parent template; the reference lists it only in `teardownSpec`.',
  },
];
const KIND_TEXT = Object.fromEntries(NODE_KINDS.map((k) => [k.value, k.text]));

/** Kinds the reference lists as the root of `teardownSpec`. */
const TEARDOWN_KINDS = ['Workflow', 'JobRun', 'LoopWorkflow', 'Action', 'Condition', 'Message', 'LoopData', 'OpenTofuDestroy', 'Approval'];

const waitSuccess = () =>
  prop(
    'Wait for completion: with "success", later steps of a sequential workflow start only after this node has finished successfully.',
    enumOf(['success'], ['Wait until the node has finished successfully.']),
    'Wait for completion: with `"success"`, later steps of a sequential workflow start only after this node has finished successfully.',
  );

function nodeDef(kind, { spec, specRequired = false, condition, extra = {} }) {
  const properties = {
    ref: refProp(),
    kind: discriminator('The kind of node.', kind, KIND_TEXT[kind]),
    spec,
  };
  if (condition) properties.condition = condition;
  Object.assign(properties, extra);
  properties.skipNodeExecution = skipNodeExecution();
  return {
    description: `${kind} node. ${KIND_TEXT[kind]}`,
    type: 'object',
    required: specRequired ? ['kind', 'spec'] : ['kind'],
    properties,
    additionalProperties: false,
  };
}

const definitions = {};

definitions.expression = {
  type: 'string',
  pattern: '.*\\$\\{.*\\}.*',
  description: 'A string with one or more ${...} expressions (refs, args, fn) resolved when the flow runs.',
  markdownDescription:
    'A string with one or more `${...}` expressions resolved when the flow runs: `${refs.<ref>.<field>}`, `${args.<NAME>}` or `${fn.<name>(...)}`.',
  $comment:
    'The reference writes this pattern as .*\\${.*}.* ; the braces are escaped here so that it also compiles with the JavaScript "u" flag. It matches the same strings.',
};

definitions.node = {
  description: 'A node of the release flow. Its kind decides which fields its spec takes.',
  ...discriminated('kind', 'The kind of node.', NODE_KINDS.map((k) => ({ ...k, def: `node.${k.value}` }))),
};

definitions.teardownNode = {
  $comment: 'Root node of teardownSpec: the reference lists only these kinds there.',
  ...discriminated(
    'kind',
    'The kind of node.',
    NODE_KINDS.filter((k) => TEARDOWN_KINDS.includes(k.value)).map((k) => ({ ...k, def: `node.${k.value}` })),
  ),
};

// --- Workflow -----------------------------------------------------------------
definitions['node.Workflow'] = nodeDef('Workflow', {
  specRequired: true,
  spec: prop(
    'How the workflow runs its steps, and the steps themselves.',
    obj(
      {
        type: prop(
          'sequential: each step starts after the previous one succeeded. parallel: all steps start together.',
          enumOf(
            ['sequential', 'parallel'],
            [
              'Run the steps in order; each step starts only after the previous one has succeeded.',
              'Start all steps at the same time; the workflow ends when all have finished.',
            ],
          ),
          '`sequential`: each step starts after the previous one succeeded. `parallel`: all steps start together.',
        ),
        steps: prop('The nodes of this workflow. Workflows can be nested; a failed step fails the workflow.', {
          type: 'array',
          items: { $ref: '#/definitions/node' },
        }),
        context: prop(
          'Project context inherited by the nodes of this workflow; nested workflows and nodes can override it.',
          obj({
            projectId: prop(
              'ID of the project the nodes act on, e.g. a literal ID or ${refs.project.id}.',
              str(),
              'ID of the project the nodes act on, e.g. `my-project` or `${refs.project.id}`.',
            ),
          }),
        ),
      },
      ['type', 'steps'],
    ),
  ),
});

// --- LoopWorkflow / LoopData ------------------------------------------------------
definitions['node.LoopWorkflow'] = nodeDef('LoopWorkflow', {
  spec: prop(
    'The list to iterate over and the steps to run for each entry.',
    obj({
      iterations: orExpr('Entries to loop over: an array of objects or expressions, or one expression that resolves to an array.', {
        type: 'array',
        items: { anyOf: [{ type: 'object' }, EXPR] },
      }),
      steps: prop('The nodes to run for each iteration.', { type: 'array', items: { $ref: '#/definitions/node' } }),
    }),
  ),
});

definitions['node.LoopData'] = nodeDef('LoopData', {
  spec: prop('Settings of the loop data node; the reference lists no fields, so any are accepted.', anyObject()),
});

// --- Release ------------------------------------------------------------------
const releaseTarget = () =>
  prop(
    'The service or job of this pipeline stage that receives the image.',
    obj({
      id: orExpr('ID of the target service or job.', pat(PAT.id)),
      type: orExpr('Whether the target is a service or a job.', enumOf(['service', 'job'], ['A deployment service.', 'A job.'])),
    }),
  );

const RELEASE_TYPES = [
  {
    value: 'build',
    def: 'release.build',
    text: 'Deploy a build of a Northflank build service.',
  },
  {
    value: 'deployment',
    def: 'release.deployment',
    text: 'Promote the image that a service or job of the previous stage runs.',
  },
  {
    value: 'registry',
    def: 'release.registry',
    text: 'Deploy an image from a container registry.',
  },
];
const RELEASE_TYPE_TEXT = Object.fromEntries(RELEASE_TYPES.map((t) => [t.value, t.text]));
const releaseType = (value) => discriminator('What the Release node deploys: build, deployment or registry.', value, RELEASE_TYPE_TEXT[value]);

definitions['release.build'] = {
  description: 'Release spec of type build: deploys a build of a build service.',
  ...obj(
    {
      type: releaseType('build'),
      origin: prop(
        'The build service, branch and build to deploy.',
        obj({
          id: orExpr(
            'ID of the build service to deploy from, optionally prefixed by "<projectId>/".',
            pat(PAT.qualifiedId),
            'ID of the build service to deploy from, optionally prefixed by `<projectId>/`.',
          ),
          branch: orExpr('Branch to deploy.', str()),
          build: orExpr(
            'ID of the build to deploy, or "latest" for the newest build of the branch.',
            str(),
            'ID of the build to deploy, e.g. `${refs.build.id}`, or `latest` for the newest build of the branch.',
          ),
        }),
      ),
      target: releaseTarget(),
    },
    ['type'],
  ),
};

definitions['release.deployment'] = {
  description: 'Release spec of type deployment: promotes what a service or job of the previous stage runs.',
  ...obj(
    {
      type: releaseType('deployment'),
      origin: prop(
        'The service or job of the previous pipeline stage whose current image is promoted.',
        obj(
          {
            id: orExpr('ID of the service or job to promote from.', pat(PAT.id)),
            type: prop('Whether the origin is a service or a job.', enumOf(['service', 'job'], ['A deployment service.', 'A job.'])),
          },
          ['type'],
        ),
      ),
      target: releaseTarget(),
    },
    ['type'],
  ),
};

definitions['release.registry'] = {
  description: 'Release spec of type registry: deploys an image from a container registry.',
  ...obj(
    {
      type: releaseType('registry'),
      origin: prop(
        'The registry image to deploy.',
        obj({
          imagePath: orExpr(
            'Image to deploy; include the registry host unless it is on Docker Hub.',
            pat(PAT.imagePath, { $comment: IMAGE_PATH_COMMENT }),
            'Image to deploy, e.g. `ghcr.io/org/app:1.2.3`; include the registry host unless it is on Docker Hub.',
          ),
          credentials: orExpr('ID of saved registry credentials for a private image.', pat(PAT.id)),
        }),
      ),
      target: releaseTarget(),
    },
    ['type'],
  ),
};

definitions['node.Release'] = nodeDef('Release', {
  specRequired: true,
  spec: prop(
    'What to deploy (origin) and where (target); the fields of origin depend on type.',
    discriminated('type', 'What the Release node deploys: build, deployment or registry.', RELEASE_TYPES),
    'What to deploy (`origin`) and where (`target`); the fields of `origin` depend on `type`.',
  ),
  condition: prop(
    'Wait for completion: with "running", later steps start only once the released service or job is running.',
    enumOf(['running'], ['Wait until the target is running.']),
    'Wait for completion: with `"running"`, later steps start only once the released service or job is running.',
  ),
  extra: { timeoutDuration: timeout('for the condition') },
});

// --- Build --------------------------------------------------------------------
definitions['node.Build'] = nodeDef('Build', {
  specRequired: true,
  condition: waitSuccess(),
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

definitions['node.JobRun'] = nodeDef('JobRun', { specRequired: true, condition: waitSuccess(), spec: jobRunSpec() });

// --- AddonBackup / AddonImport ----------------------------------------------------
const compressionType = () =>
  orExpr('Compression of the backup file.', enumOf(['zstd', 'gz', 'none'], ['Zstandard.', 'Gzip.', 'No compression.']));
const customDestinationId = () =>
  orExpr('ID of a custom backup destination to store the backup in.', pat(PAT.slug, { minLength: 3, maxLength: 100 }));

definitions['node.AddonBackup'] = nodeDef('AddonBackup', {
  specRequired: true,
  condition: waitSuccess(),
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
  condition: waitSuccess(),
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

// --- Action -------------------------------------------------------------------
const actionType = (value, text) => discriminator('The action to perform.', value, text);
const command = () =>
  prop('Command to execute. It is not run through a shell unless shell is set.', str(), 'Command to execute. It is not run through a shell unless `shell` is set.');
const shell = () => prop('Shell to run the command with.', str());
const user = () => prop('User to run the command as.', str());
const group = () => prop('Group to run the command as.', str());

definitions['action.Addon'] = {
  description: 'Addon action: restart the addon.',
  ...obj(
    {
      type: actionType('restart', 'Restart the addon.'),
      data: prop(
        'The addon to restart.',
        obj({
          projectId: projectIdAction(),
          addonId: orExpr('ID of the addon to restart.', pat(PAT.id)),
          timeoutDuration: timeout('for the addon to be running again'),
        }),
      ),
      condition: prop(
        'Wait for completion: with "running", later steps wait until the addon is running again.',
        enumOf(['running'], ['Wait until the addon is running.']),
      ),
    },
    ['type'],
  ),
};

definitions['action.AddonBackup'] = {
  description: 'AddonBackup action: restore a backup into an addon.',
  ...obj(
    {
      type: actionType('restore', 'Restore a backup into the addon.'),
      data: prop(
        'The addon and the backup to restore.',
        obj({
          projectId: projectIdAction(),
          addonId: orExpr('ID of the addon to restore into.', pat(PAT.id)),
          backupId: orExpr('ID of the backup to restore.', pat(PAT.id)),
          timeoutDuration: timeout('for the restore'),
        }),
      ),
      condition: prop(
        'Wait for completion: with "success", later steps wait until the restore has succeeded.',
        enumOf(['success'], ['Wait until the restore has succeeded.']),
      ),
    },
    ['type'],
  ),
};

definitions['action.Job'] = {
  description: 'Job action: execute a command in a job.',
  ...obj(
    {
      type: actionType('execute', 'Execute a command in the job.'),
      data: prop(
        'The job and the command to execute.',
        obj(
          {
            projectId: projectIdAction(),
            jobId: orExpr('ID of the job to run the command in.', pat(PAT.id)),
            command: command(),
            shell: shell(),
            user: user(),
            group: group(),
          },
          ['command'],
        ),
      ),
    },
    ['type'],
  ),
};

definitions['action.Service.restart'] = {
  description: 'Service action restart: restart a service.',
  ...obj(
    {
      type: actionType('restart', 'Restart the service.'),
      data: prop(
        'The service to restart.',
        obj({
          projectId: projectIdAction(),
          serviceId: orExpr('ID of the service to restart.', pat(PAT.id)),
          timeoutDuration: timeout('for the service to be running again'),
        }),
      ),
      condition: prop(
        'Wait for completion: with "running", later steps wait until the service is running again.',
        enumOf(['running'], ['Wait until the service is running.']),
      ),
    },
    ['type'],
  ),
};

definitions['action.Service.execute'] = {
  description: 'Service action execute: execute a command in a service.',
  ...obj(
    {
      type: actionType('execute', 'Execute a command in the service.'),
      data: prop(
        'The service and the command to execute.',
        obj(
          {
            projectId: projectIdAction(),
            serviceId: orExpr('ID of the service to run the command in.', pat(PAT.id)),
            options: prop(
              'Execution options.',
              obj({
                dispatchOnly: prop('Succeed as soon as the command has been sent instead of waiting for its output.', { type: 'boolean' }),
              }),
            ),
            command: command(),
            shell: shell(),
            user: user(),
            group: group(),
          },
          ['command'],
        ),
      ),
    },
    ['type'],
  ),
};

definitions['action.Service'] = {
  description: 'Service action: restart the service or execute a command in it.',
  ...discriminated('type', 'The action to perform.', [
    { value: 'restart', def: 'action.Service.restart', text: 'Restart the service.' },
    { value: 'execute', def: 'action.Service.execute', text: 'Execute a command in the service.' },
  ]),
};

const vcsStringField = (description) => orExpr(description, str());
definitions['action.VCS'] = {
  description: 'VCS action: create a repository from a source repository.',
  ...obj(
    {
      type: actionType('createRepoFromSource', 'Create a new repository from a source repository.'),
      data: prop(
        'The source repository and the repository to create.',
        obj({
          sourceData: prop(
            'The repository to copy.',
            obj({
              publicRepo: orExpr('Whether the source repository is public.', { type: 'boolean' }),
              vcsService: vcsStringField('Git provider of the source repository.'),
              oauthProvider: vcsStringField('OAuth provider of the linked account.'),
              repoUrl: vcsStringField('URL of the source repository.'),
              accountLogin: vcsStringField('Login of the linked Git account to read the source with.'),
              vcsLinkId: orExpr('ID (24 characters) of the linked VCS account.', str({ minLength: 24, maxLength: 24 })),
              selfHostedVcsId: vcsStringField('ID of the self-hosted VCS, for a self-hosted provider.'),
            }),
          ),
          targetData: prop(
            'The repository to create.',
            obj({
              name: vcsStringField('Name of the new repository.'),
              description: vcsStringField('Description of the new repository.'),
              privateRepo: orExpr('Whether the new repository is private.', { type: 'boolean' }),
              context: vcsStringField('Account or organisation to create the repository in.'),
              folder: vcsStringField('Folder of the source to copy into the new repository.'),
              accountLogin: vcsStringField('Login of the linked Git account that creates the repository.'),
              vcsLinkId: orExpr('ID (24 characters) of the linked VCS account.', str({ minLength: 24, maxLength: 24 })),
              oauthProvider: vcsStringField('OAuth provider of the linked account.'),
              vcsService: vcsStringField('Git provider to create the repository on.'),
              selfHostedVcsId: vcsStringField('ID of the self-hosted VCS, for a self-hosted provider.'),
            }),
          ),
        }),
      ),
    },
    ['type'],
  ),
};

const ACTION_KINDS = [
  { value: 'Addon', def: 'action.Addon', text: 'Restart an addon.' },
  { value: 'AddonBackup', def: 'action.AddonBackup', text: 'Restore an addon backup.' },
  { value: 'Job', def: 'action.Job', text: 'Execute a command in a job.' },
  { value: 'Service', def: 'action.Service', text: 'Restart a service or execute a command in it.' },
  { value: 'VCS', def: 'action.VCS', text: 'Create a repository from a source repository.' },
];

definitions['node.Action'] = nodeDef('Action', {
  specRequired: true,
  spec: prop(
    'The resource kind to act on (kind) and the action itself (spec).',
    {
      type: 'object',
      required: ['kind'],
      properties: {
        kind: {
          description: 'The kind of resource the action applies to.',
          type: 'string',
          enum: ACTION_KINDS.map((k) => k.value),
          enumDescriptions: ACTION_KINDS.map((k) => k.text),
        },
        spec: prop('The action: its type, its data and, for some types, a wait condition.', { type: 'object' }),
      },
      additionalProperties: false,
      allOf: ACTION_KINDS.map((k) => ({
        if: { properties: { kind: { const: k.value } }, required: ['kind'] },
        then: { properties: { spec: { description: `The ${k.value} action.`, $ref: `#/definitions/${k.def}` } } },
      })),
    },
    'The resource kind to act on (`kind`) and the action itself (`spec`).',
  ),
});

// --- Condition ----------------------------------------------------------------
const condType = (value, text) => discriminator('The state to wait for.', value, text);
const condData = (description, properties) => prop(description, obj(properties));
const monitoredId = (what) =>
  orExpr(`ID of the ${what} to monitor.`, pat(PAT.internalId, { minLength: 3, maxLength: 54 }));

definitions['condition.Addon'] = {
  description: 'Addon condition: wait until an addon is running.',
  ...obj(
    {
      type: condType('running', 'The addon is running.'),
      data: condData('The addon to monitor.', {
        projectId: projectIdCondition(),
        addonId: monitoredId('addon'),
        timeoutDuration: timeout('for the addon to be running'),
      }),
    },
    ['type'],
  ),
};
definitions['condition.AddonBackup'] = {
  description: 'AddonBackup condition: wait until a backup has succeeded.',
  ...obj(
    {
      type: condType('success', 'The backup has completed successfully.'),
      data: condData('The addon and backup to monitor.', {
        projectId: projectIdCondition(),
        addonId: monitoredId('addon'),
        backupId: orExpr('ID of the backup to monitor, e.g. ${refs.backup.id}.', pat(PAT.id), 'ID of the backup to monitor, e.g. `${refs.backup.id}`.'),
      }),
    },
    ['type'],
  ),
};
definitions['condition.AddonImport'] = {
  description: 'AddonImport condition: wait until an import has succeeded.',
  ...obj(
    {
      type: condType('success', 'The import has completed successfully.'),
      data: condData('The addon and import to monitor.', {
        projectId: projectIdCondition(),
        addonId: monitoredId('addon'),
        importId: orExpr('ID of the import to monitor.', pat(PAT.id)),
      }),
    },
    ['type'],
  ),
};
definitions['condition.Build'] = {
  description: 'Build condition: wait until a build has succeeded.',
  ...obj(
    {
      type: condType('success', 'The build has completed successfully.'),
      data: condData('The build to monitor.', {
        projectId: projectIdCondition(),
        buildId: orExpr(
          'ID of the build to monitor, e.g. ${refs.build.id}.',
          pat(PAT.internalId, { minLength: 3, maxLength: 54 }),
          'ID of the build to monitor, e.g. `${refs.build.id}`.',
        ),
      }),
    },
    ['type'],
  ),
};
definitions['condition.BYOCCluster'] = {
  description: 'BYOCCluster condition: wait until a bring-your-own-cloud cluster is running.',
  ...obj(
    {
      type: condType('running', 'The cluster is running.'),
      data: condData('The cluster to monitor.', {
        clusterId: orExpr('ID of the cluster to monitor.', pat(PAT.clusterId, { minLength: 3, maxLength: 20 })),
        timeoutDuration: timeout('for the cluster to be running'),
      }),
    },
    ['type'],
  ),
};
definitions['condition.JobRun'] = {
  description: 'JobRun condition: wait until a job run has succeeded.',
  ...obj(
    {
      type: condType('success', 'The job run has completed successfully.'),
      data: condData('The job run to monitor.', {
        projectId: projectIdCondition(),
        jobId: monitoredId('job'),
        runId: orExpr('ID of the job run to monitor, e.g. ${refs.migrate.id}.', str(), 'ID of the job run to monitor, e.g. `${refs.migrate.id}`.'),
      }),
    },
    ['type'],
  ),
};
definitions['condition.Service'] = {
  description: 'Service condition: wait until a service is running.',
  ...obj(
    {
      type: condType('running', 'The service is running.'),
      data: condData('The service to monitor.', {
        projectId: projectIdCondition(),
        serviceId: monitoredId('service'),
        timeoutDuration: timeout('for the service to be running'),
      }),
    },
    ['type'],
  ),
};
definitions['condition.VCS'] = {
  description: 'VCS condition: wait until a repository created by a createRepoFromSource action exists.',
  ...obj(
    {
      type: condType('createRepoFromSourceSuccess', 'The repository has been created.'),
      data: condData('The repository creation to monitor.', {
        trackerId: orExpr('Tracker ID returned by the createRepoFromSource action.', str()),
      }),
    },
    ['type'],
  ),
};

const CONDITION_KINDS = [
  { value: 'Addon', text: 'An addon is running.' },
  { value: 'AddonBackup', text: 'An addon backup has succeeded.' },
  { value: 'AddonImport', text: 'An addon import has succeeded.' },
  { value: 'Build', text: 'A build has succeeded.' },
  { value: 'BYOCCluster', text: 'A bring-your-own-cloud cluster is running.' },
  { value: 'JobRun', text: 'A job run has succeeded.' },
  { value: 'Service', text: 'A service is running.' },
  { value: 'VCS', text: 'A repository has been created.' },
];

definitions['node.Condition'] = nodeDef('Condition', {
  specRequired: true,
  spec: prop(
    'The resource kind to watch (kind) and the state to wait for (spec).',
    {
      type: 'object',
      required: ['kind'],
      properties: {
        kind: {
          description: 'The kind of resource to watch.',
          type: 'string',
          enum: CONDITION_KINDS.map((k) => k.value),
          enumDescriptions: CONDITION_KINDS.map((k) => k.text),
        },
        spec: prop('The state to wait for (type) and the resource (data).', { type: 'object' }),
      },
      additionalProperties: false,
      allOf: CONDITION_KINDS.map((k) => ({
        if: { properties: { kind: { const: k.value } }, required: ['kind'] },
        then: { properties: { spec: { description: `The ${k.value} condition.`, $ref: `#/definitions/condition.${k.value}` } } },
      })),
    },
    'The resource kind to watch (`kind`) and the state to wait for (`spec`).',
  ),
});

// --- Approval -----------------------------------------------------------------
definitions['node.Approval'] = nodeDef('Approval', {
  spec: prop('How many approvals the run needs.', obj({ amount: prop('Number of approvals required to continue.', { type: 'integer' }) }, ['amount'])),
});

// --- Message ------------------------------------------------------------------
definitions['message.VCS'] = {
  description: 'VCS message: comment on a pull request.',
  ...obj({
    vcsService: orExpr('Git provider of the repository.', vcsServiceEnum()),
    selfHostedVcsId: prop('ID of the self-hosted VCS, when vcsService is self-hosted.', pat(PAT.selfHostedVcsId, { $comment: SELF_HOSTED_COMMENT })),
    accountLogin: orExpr('Login of the linked Git account to comment with; by default a linked account with access is chosen.', str()),
    repoUrl: orExpr('URL of the repository to comment in.', pat(PAT.repoUrl)),
    pullRequestId: orExpr('ID of the pull request to comment on, e.g. ${refs.<trigger>.pullRequestId}.', str(), 'ID of the pull request to comment on, e.g. `${refs.<trigger>.pullRequestId}`.'),
    message: orExpr('Rich-text comment to post.', str()),
  }),
};
definitions['message.SLACK'] = {
  description: 'Slack message.',
  ...obj({
    webhookUrl: orExpr('Slack incoming-webhook URL to post to.', str()),
    integrationInternalId: orExpr('ID of an existing Slack integration to post with.', pat(PAT.internalId, { minLength: 3, maxLength: 39 })),
    message: orExpr('Message to post; Markdown is supported.', str()),
  }),
};
definitions['message.RAW_WEBHOOK'] = {
  description: 'Raw webhook message.',
  ...obj({
    webhookUrl: orExpr('URL the message is sent to.', str()),
    message: orExpr('Message content to send.', str()),
  }),
};
const MESSAGE_KINDS = [
  { value: 'VCS', text: 'Comment on a pull request.' },
  { value: 'SLACK', text: 'Post to Slack.' },
  { value: 'RAW_WEBHOOK', text: 'Send the message to a webhook URL.' },
];
definitions['node.Message'] = nodeDef('Message', {
  spec: prop(
    'Where the message goes (kind) and its content (spec).',
    {
      type: 'object',
      required: ['kind'],
      properties: {
        kind: {
          description: 'The kind of message to send.',
          type: 'string',
          enum: MESSAGE_KINDS.map((k) => k.value),
          enumDescriptions: MESSAGE_KINDS.map((k) => k.text),
        },
        spec: prop('Destination and content of the message.', { type: 'object' }),
      },
      additionalProperties: false,
      allOf: MESSAGE_KINDS.map((k) => ({
        if: { properties: { kind: { const: k.value } }, required: ['kind'] },
        then: { properties: { spec: { description: `The ${k.value} message.`, $ref: `#/definitions/message.${k.value}` } } },
      })),
    },
    'Where the message goes (`kind`) and its content (`spec`).',
  ),
});

// --- RunTemplate ----------------------------------------------------------------
definitions['node.RunTemplate'] = nodeDef('RunTemplate', {
  condition: waitSuccess(),
  spec: prop(
    'The template to run and its arguments.',
    obj(
      {
        templateType: prop(
          'Kind of template to run.',
          enumOf(
            ['template', 'release-flow-template', 'preview-env-template', 'workflow', 'preview-blueprint', 'template-teardown', 'workflow-teardown', 'preview-blueprint-teardown'],
            [
              'A template.',
              'A release flow.',
              'A preview environment template.',
              'A workflow.',
              'A preview blueprint.',
              'The teardown of a template.',
              'The teardown of a workflow.',
              'The teardown of a preview blueprint.',
            ],
          ),
        ),
        templateId: prop(
          'ID of the template or workflow to run (a workflow ID may be prefixed by "<projectId>/"), or an expression.',
          {
            anyOf: [pat(PAT.qualifiedId, { minLength: 3, maxLength: 79 }), pat(PAT.id), EXPR],
          },
          'ID of the template or workflow to run (a workflow ID may be prefixed by `<projectId>/`), or a `${...}` expression.',
        ),
        arguments: prop(
          'Arguments passed to the template run.',
          obj({
            variables: prop('Argument values, as key/value pairs.', {
              type: 'array',
              items: obj(
                {
                  key: prop('Argument name.', str()),
                  value: prop('Argument value.', str()),
                },
                ['key'],
              ),
            }),
          }),
        ),
      },
      ['templateType'],
    ),
  ),
});

// --- RolloutStrategy -----------------------------------------------------------
const boolOrExpr = (description) => orExpr(description, { type: 'boolean' });
const header = (description) =>
  prop(
    description,
    obj({
      headerName: orExpr('HTTP header name that selects requests for this deployment.', str({ minLength: 1 })),
      headerValue: orExpr('HTTP header value that routes matching requests to this deployment.', str({ minLength: 1 })),
    }),
  );

definitions['node.RolloutStrategy'] = nodeDef('RolloutStrategy', {
  spec: prop(
    'Name, type, triggers and traffic-split details of the gradual rollout strategy.',
    obj({
      name: orExpr('Display name of the rollout strategy.', str()),
      type: orExpr('Type of gradual rollout.', enumOf(['canary'], ['Canary rollout: a share of traffic goes to the new version first.'])),
      options: orExpr(
        'When the rollout strategy is used automatically, and whether deployments are blocked during a rollout.',
        obj({
          triggers: orExpr(
            'Release sources that automatically start a gradual rollout.',
            obj({
              releaseFromTemplate: boolOrExpr('Start the rollout for releases started from a template.'),
              releaseFromReleaseFlow: boolOrExpr('Start the rollout for releases started from a release flow.'),
              releaseFromCD: boolOrExpr('Start the rollout for releases started by continuous deployment.'),
              releaseFromUI: boolOrExpr('Start the rollout for releases started from the UI.'),
              releaseFromApi: boolOrExpr('Start the rollout for releases started through the API.'),
            }),
          ),
          blockDeploymentOnActiveRollout: boolOrExpr('Block new deployments while a rollout is in progress.'),
        }),
      ),
      details: orExpr(
        'How traffic is split between the stable and the canary deployment.',
        obj({
          canaryStrategy: orExpr(
            'How traffic is split: by percentage or by HTTP header.',
            enumOf(['percentage', 'header'], ['Route a percentage of traffic to the canary.', 'Route requests with a given header to the canary.']),
          ),
          config: prop('Settings of the chosen canary strategy: percentages or headers.', {
            anyOf: [
              obj({
                canaryPercentage: orExpr('Percentage of traffic routed to the canary deployment.', { type: 'integer' }),
                stablePercentage: orExpr('Percentage of traffic routed to the stable deployment.', { type: 'integer' }),
              }),
              obj({
                canaryHeader: header('Header that routes requests to the canary deployment.'),
                stableHeader: header('Header that routes requests to the stable deployment.'),
              }),
              EXPR,
            ],
          }),
        }),
      ),
    }),
  ),
});

// --- SecretInheritance ---------------------------------------------------------
const stringListOrExpr = (description, item) =>
  orExpr(description, { type: 'array', items: { anyOf: [item, EXPR] } });

definitions['node.SecretInheritance'] = nodeDef('SecretInheritance', {
  spec: prop(
    'Configs and secrets to inherit, and the keys and files they must provide.',
    obj({
      configs: stringListOrExpr('IDs of the configs to inherit.', pat(PAT.id)),
      secrets: stringListOrExpr('IDs of the secret groups to inherit.', pat(PAT.id)),
      requiredKeys: stringListOrExpr('Keys that must be present.', str()),
      requiredFiles: stringListOrExpr('Files that must be present.', str()),
    }),
  ),
});

// --- OpenTofuDestroy -----------------------------------------------------------
definitions['node.OpenTofuDestroy'] = nodeDef('OpenTofuDestroy', {
  condition: waitSuccess(),
  spec: prop(
    'The OpenTofu node whose state is destroyed.',
    obj({ nodeRef: prop('ref of the OpenTofu node in the parent template whose state should be destroyed.', str(), '`ref` of the `OpenTofu` node in the parent template whose state should be destroyed.') }, ['nodeRef']),
  ),
});

// Put node.<Kind> definitions in NODE_KINDS order, right after `node`.
{
  const ordered = {};
  for (const key of ['expression', 'node', 'teardownNode']) ordered[key] = definitions[key];
  for (const k of NODE_KINDS) ordered[`node.${k.value}`] = definitions[`node.${k.value}`];
  for (const [key, value] of Object.entries(definitions)) if (!(key in ordered)) ordered[key] = value;
  for (const key of Object.keys(definitions)) delete definitions[key];
  Object.assign(definitions, ordered);
}

// --- Triggers, rich inputs -----------------------------------------------------
definitions.trigger = {
  description: 'A Git trigger: runs the release flow on pushes and pull requests of a repository.',
  ...obj(
    {
      ref: prop(
        'Name of the trigger. Nodes read the triggering commit as ${refs.<ref>.branch}, .sha, .repoUrl or .pullRequestId.',
        str(),
        'Name of the trigger. Nodes read the triggering commit as `${refs.<ref>.branch}`, `.sha`, `.repoUrl` or `.pullRequestId`.',
      ),
      vcsService: prop('Git provider that hosts the repository.', vcsServiceEnum()),
      selfHostedVcsId: prop('ID of the self-hosted VCS, when vcsService is self-hosted.', pat(PAT.selfHostedVcsId, { $comment: SELF_HOSTED_COMMENT })),
      accountLogin: prop('Login of the linked Git account to use; by default Northflank picks a linked account with access to the repository.', str()),
      vcsLinkId: prop('ID of a linked Git account (legacy; prefer accountLogin).', str()),
      repoUrl: prop('URL of the repository that triggers the release flow.', pat(PAT.repoUrl), 'URL of the repository that triggers the release flow, e.g. `https://github.com/org/repo`.'),
      branchRestrictions: prop(
        'Branch rules: a push to a branch matching one of them runs the flow. Glob-like; "*" matches every branch.',
        { type: 'array', items: pat(PAT.branchRule) },
        'Branch rules: a push to a branch matching one of them runs the flow. Glob-like; `*` matches every branch, e.g. `["main", "release/*"]`.',
      ),
      prRestrictions: prop(
        'Pull request rules, matched against branch names: a pull request opened or updated for a matching branch runs the flow.',
        { type: 'array', items: pat(PAT.branchRule) },
      ),
      pathIgnoreRules: pathIgnoreRules(
        'Path rules in .gitignore syntax (max 260 characters each): a push counts only if a changed file is not ignored, or, with isAllowList, matches a rule.',
      ),
      ciIgnoreFlags: ciIgnoreFlags('Commit-message flags that skip the trigger, e.g. "[skip ci]" (max 72 characters each).'),
      ciIgnoreFlagsEnabled: prop('Skip pushes and pull requests whose commit messages contain one of ciIgnoreFlags.', { type: 'boolean' }),
      isAllowList: prop('Treat pathIgnoreRules as an allow list: only changes to matching paths run the flow.', { type: 'boolean' }),
      ignoreDrafts: prop('Do not run the flow for draft pull requests.', { type: 'boolean' }),
    },
    ['vcsService', 'repoUrl'],
  ),
};

const richInputSpec = (outputs, outputsDescription) =>
  prop(
    'Title, description and data source of the input, and the arguments its selection fills.',
    obj(
      {
        title: prop('Title shown for the input when the flow is run.', str()),
        description: prop('Description shown for the input when the flow is run.', str()),
        required: prop('Show an error when the input is left empty.', { type: 'boolean' }),
        inputs: prop('Where the choices come from.', obj({ source: prop('ID of the build service to pick from.', str()) }, ['source'])),
        outputs: prop(outputsDescription, obj(outputs)),
      },
      ['title'],
    ),
  );

definitions['richInput.BranchCommitSelector'] = {
  description: 'Rich input that selects a branch and a commit of a build service.',
  ...obj(
    {
      kind: discriminator('The kind of input.', 'BranchCommitSelector', 'Select a branch and a commit.'),
      spec: richInputSpec(
        {
          branch: prop('Name of the argument that receives the selected branch.', str()),
          buildSha: prop('Name of the argument that receives the selected commit SHA.', str()),
        },
        'Maps the selection to argument names, used as ${args.NAME}.',
      ),
    },
    ['kind', 'spec'],
  ),
};
definitions['richInput.BuildSelector'] = {
  description: 'Rich input that selects an existing build of a build service.',
  ...obj(
    {
      kind: discriminator('The kind of input.', 'BuildSelector', 'Select an existing build.'),
      spec: richInputSpec(
        {
          branch: prop('Name of the argument that receives the branch of the selected build.', str()),
          buildId: prop('Name of the argument that receives the ID of the selected build.', str()),
          buildSha: prop('Name of the argument that receives the commit SHA of the selected build.', str()),
        },
        'Maps the selection to argument names, used as ${args.NAME}.',
      ),
    },
    ['kind', 'spec'],
  ),
};
definitions.richInput = {
  description: 'A component of the run form that fills arguments from a selected branch, commit or build.',
  ...discriminated('kind', 'The kind of input.', [
    { value: 'BranchCommitSelector', def: 'richInput.BranchCommitSelector', text: 'Select a branch and a commit of a build service.' },
    { value: 'BuildSelector', def: 'richInput.BuildSelector', text: 'Select an existing build of a build service.' },
  ]),
};

// ---------------------------------------------------------------------------
// Top level.

const schema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: SCHEMA_ID,
  title: 'Northflank release flow',
  description:
    'A Northflank release flow kept in Git: the template that releases one pipeline stage (Development, Staging, Production).',
  $comment:
    'Generated by scripts/generate-schema.mjs; edit that script, not this file. Source: the Northflank API reference (get/update release flow). Platform state returned by the API (concurrencyPolicy, stage, status, paused, createdAt, updatedAt at the top level) is not part of a file.',
  type: 'object',
  required: ['apiVersion', 'spec'],
  properties: {
    $schema: prop('URL of a JSON Schema that editors use to validate and complete this file.', str()),
    apiVersion: prop(
      'Version of the Northflank template API the flow is written for.',
      enumOf(['v1.2'], ['Template API v1.2.']),
      'Version of the Northflank template API the flow is written for: `v1.2`.',
    ),
    arguments: prop(
      'Default argument values, used in the flow as ${args.NAME}. Values can be any JSON value. Use placeholders for secrets.',
      anyObject(),
      'Default argument values, used in the flow as `${args.NAME}`. Values can be any JSON value. Keep secrets out: use placeholders here and argument overrides on the platform.',
    ),
    argumentOverrides: prop(
      'Secret argument values that override arguments. They belong in the release flow settings on Northflank and must never be committed to Git.',
      anyObject(),
      'Secret argument values that override `arguments`. They belong in the release flow settings on Northflank and must **never be committed** to Git.',
    ),
    options: prop(
      'Run options of the release flow.',
      obj({
        concurrencyPolicy: prop(
          'What happens when a run is requested while another run is pending or running.',
          enumOf(
            ['allow', 'queue', 'forbid', 'latest', 'replace'],
            [
              'Runs may execute in parallel (default).',
              'Runs wait and execute one at a time, in order of creation.',
              'A run request is ignored while another run is pending or running.',
              'Accepted by the API; the reference does not describe it.',
              'Accepted by the API; the reference does not describe it.',
            ],
          ),
        ),
        paused: prop(
          'Pause triggers: Git triggers do not run the flow and the webhook answers without running it; manual runs still work.',
          { type: 'boolean' },
        ),
      }),
    ),
    triggers: prop('Git triggers that run the release flow on pushes and pull requests.', {
      type: 'array',
      items: { $ref: '#/definitions/trigger' },
    }),
    gitops: prop(
      'Where the file lives in Git; Northflank keeps the release flow and this file in sync.',
      obj(
        {
          vcsService: prop('Git provider that hosts the repository.', vcsServiceEnum()),
          selfHostedVcsId: prop('ID of the self-hosted VCS, when vcsService is self-hosted.', pat(PAT.selfHostedVcsId, { $comment: SELF_HOSTED_COMMENT })),
          accountLogin: prop('Login of the linked Git account to use; by default Northflank picks a linked account with access to the repository.', str()),
          vcsLinkId: prop('ID of a linked Git account (legacy; prefer accountLogin).', str()),
          repoUrl: prop('URL of the repository that holds the file.', pat(PAT.repoUrl), 'URL of the repository that holds the file, e.g. `https://github.com/org/repo`.'),
          branch: prop('Branch that holds the file.', str()),
          filePath: prop(
            'Path of the file in the repository, starting with "/".',
            pat(PAT.filePath),
            'Path of the file in the repository, starting with `/`, e.g. `/release/production.json`.',
          ),
        },
        ['vcsService', 'repoUrl', 'branch', 'filePath'],
      ),
    ),
    richInputs: prop('Components of the run form that fill arguments from a selected branch, commit or build.', {
      type: 'array',
      items: { $ref: '#/definitions/richInput' },
    }),
    spec: prop(
      'The root node of the release flow; it must be a Workflow.',
      { $ref: '#/definitions/node.Workflow' },
    ),
    teardownSpec: prop(
      'Nodes to run on teardown, and what happens if they fail. Listed by the update API for release flows.',
      obj({
        spec: prop('Root node of the teardown.', { $ref: '#/definitions/teardownNode' }),
        failurePolicy: prop(
          'What happens when the teardown fails or times out.',
          enumOf(['ignore', 'block'], ['Continue deleting resources anyway (default).', 'Stop deletion and mark the environment teardown_failed.']),
        ),
      }),
    ),
    project: prop('Project object accepted by the update API; the reference lists no fields for it.', anyObject()),
  },
  additionalProperties: false,
  definitions,
};

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '..', 'schemas', 'release-flow.schema.json');
writeFileSync(out, JSON.stringify(schema, null, 2) + '\n');
console.log(`wrote ${out}`);
