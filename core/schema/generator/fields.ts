/** Field schemas shared by several node kinds (built fresh each time so each copy can carry its own text). */
import type { JSONSchema } from 'vscode-json-languageservice';
import { enumOf, EXPR, IMAGE_PATH_COMMENT, obj, orExpr, pat, PAT, prop, str } from './builders';

// ---------------------------------------------------------------------------
// Shared field schemas (built fresh each time so each copy can carry its own text).

export const vcsServiceEnum = (): JSONSchema =>
  enumOf(
    ['bitbucket', 'gitlab', 'github', 'self-hosted', 'azure'],
    ['Bitbucket.', 'GitLab.', 'GitHub.', 'A self-hosted Git provider (set selfHostedVcsId).', 'Azure DevOps.'],
  );

export const projectIdAction = (): JSONSchema =>
  orExpr('ID of the project that holds the resource; defaults to the project context.', pat(PAT.id));

export const projectIdCondition = (): JSONSchema =>
  orExpr(
    'ID of the project that holds the resource; defaults to the project context.',
    pat(PAT.internalId, { minLength: 3, maxLength: 54 }),
  );

export const skipNodeExecution = (): JSONSchema =>
  prop(
    'Skip this node when the value is "true" or an expression that resolves to true; run it when "false".',
    { anyOf: [enumOf(['true', 'false'], ['Skip the node.', 'Run the node.']), EXPR] },
    'Skip this node (and, for a workflow, everything in it) when the value is `"true"` or a `${...}` expression that resolves to true. Example: `"${fn.eq(args.ENVIRONMENT, \'DEVELOPMENT\')}"`.',
  );

export const refProp = (): JSONSchema =>
  prop(
    'Name of this node, unique in the flow. Later nodes read its outputs as ${refs.<ref>.<field>}.',
    str(),
    'Name of this node, unique in the flow. Later nodes read its outputs as `${refs.<ref>.<field>}`, e.g. `${refs.build.id}`.',
  );

export const pathIgnoreRules = (description: string): JSONSchema =>
  prop(description, { type: 'array', items: str({ maxLength: 260 }) });
export const ciIgnoreFlags = (description: string): JSONSchema =>
  prop(description, { type: 'array', items: str({ maxLength: 72 }) });

// Docker / buildpack / storage settings shared by both JobRun deployment variants.
export const dockerRunConfig = (): JSONSchema =>
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

export const buildpackRunConfig = (): JSONSchema =>
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

export const storageConfig = (): JSONSchema =>
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

/** An image from a container registry, and the saved credentials to pull it with. */
export const registryImageFields = (): Record<string, JSONSchema> => ({
  imagePath: orExpr(
    'Image to deploy; include the registry host unless it is on Docker Hub.',
    pat(PAT.imagePath, { $comment: IMAGE_PATH_COMMENT }),
    'Image to deploy, e.g. `ghcr.io/org/app:1.2.3`; include the registry host unless it is on Docker Hub.',
  ),
  credentials: orExpr('ID of saved registry credentials for a private image.', pat(PAT.id)),
});

export const jobRunDeployment = (): JSONSchema =>
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
            obj(registryImageFields()),
          ),
        }),
      ],
    },
  );

