/** RunTemplate, RolloutStrategy, SecretInheritance and OpenTofuDestroy nodes. */
import type { JSONSchema } from 'vscode-json-languageservice';
import { type Definitions, enumOf, EXPR, obj, orExpr, pat, PAT, prop, str } from './builders';
import { nodeDef } from './nodes';

export function templateDefinitions(): Definitions {
  const definitions: Definitions = {};
  // --- RunTemplate ----------------------------------------------------------------
  definitions['node.RunTemplate'] = nodeDef('RunTemplate', {
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
  const boolOrExpr = (description: string): JSONSchema => orExpr(description, { type: 'boolean' });
  const header = (description: string): JSONSchema =>
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
  const stringListOrExpr = (description: string, item: JSONSchema): JSONSchema =>
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
    spec: prop(
      'The OpenTofu node whose state is destroyed.',
      obj({ nodeRef: prop('ref of the OpenTofu node in the parent template whose state should be destroyed.', str(), '`ref` of the `OpenTofu` node in the parent template whose state should be destroyed.') }, ['nodeRef']),
    ),
  });
  return definitions;
}
