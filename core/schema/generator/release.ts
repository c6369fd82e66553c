/** The Release node and its three origins (build, deployment, registry). */
import type { JSONSchema } from 'vscode-json-languageservice';
import { type Definitions, discriminated, discriminator, enumOf, obj, orExpr, pat, PAT, prop, str, timeout } from './builders';
import { registryImageFields } from './fields';
import { nodeDef } from './nodes';

export function releaseDefinitions(): Definitions {
  const definitions: Definitions = {};
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
  const RELEASE_TYPE_TEXT: Record<string, string> = Object.fromEntries(RELEASE_TYPES.map((t) => [t.value, t.text]));
  const releaseType = (value: string): JSONSchema => discriminator('What the Release node deploys: build, deployment or registry.', value, RELEASE_TYPE_TEXT[value] ?? '');

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
          obj(registryImageFields()),
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
    extra: { timeoutDuration: timeout('for the condition', true) },
  });

  return definitions;
}
