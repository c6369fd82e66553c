/**
 * The JSON Schema (draft-07) of a release-flow file, built from the catalogue's
 * node kinds and the field schemas of this folder. `npm run build` writes it to
 * schemas/release-flow.schema.json (scripts/write-schema.mjs); a test fails when
 * the committed file differs from what this builds.
 *
 * Conventions (core code relies on them):
 *   #/definitions/expression          a string containing ${...}
 *   #/definitions/node                 any node, discriminated on `kind` with if/then
 *   #/definitions/node.<Kind>          one definition per node kind
 *   #/definitions/teardownNode         root node of `teardownSpec`
 *   #/definitions/action.<Kind>        inner spec of an Action node (`spec.kind`)
 *   #/definitions/action.Service.<type>
 *   #/definitions/condition.<Kind>     inner spec of a Condition node (`spec.kind`)
 *   #/definitions/message.<Kind>       inner spec of a Message node (`spec.kind`)
 *   #/definitions/release.<type>       spec of a Release node (`spec.type`)
 *   #/definitions/richInput, richInput.<Kind>, trigger
 * Every entry under every `properties` has a `description`, except inside `if`
 * conditions (which describe no document property; see discriminated()).
 */
import type { JSONSchema } from 'vscode-json-languageservice';
import { SCHEMA_ID } from '../id';
import { actionDefinitions } from './actions';
import { anyObject, enumOf, obj, pat, PAT, prop, SELF_HOSTED_COMMENT, str, type Definitions } from './builders';
import { conditionDefinitions } from './conditions';
import { vcsServiceEnum } from './fields';
import { messageDefinitions } from './messages';
import { NODE_KINDS, nodeUnionDefinitions } from './nodes';
import { releaseDefinitions } from './release';
import { templateDefinitions } from './templates';
import { triggerDefinitions } from './triggers';
import { workflowDefinitions } from './workflows';
import { workloadDefinitions } from './workloads';

/** Every definition: the node union first, then node.<Kind> in the catalogue's order, then the inner specs. */
function allDefinitions(): Definitions {
  const made: Definitions = {
    ...workflowDefinitions(),
    ...releaseDefinitions(),
    ...workloadDefinitions(),
    ...actionDefinitions(),
    ...conditionDefinitions(),
    ...messageDefinitions(),
    ...templateDefinitions(),
    ...triggerDefinitions(),
  };
  const ordered: Definitions = nodeUnionDefinitions();
  for (const k of NODE_KINDS) {
    const definition = made[`node.${k.kind}`];
    if (!definition) throw new Error(`no definition for node kind ${k.kind}`);
    ordered[`node.${k.kind}`] = definition;
  }
  for (const [key, value] of Object.entries(made)) if (!(key in ordered)) ordered[key] = value;
  return ordered;
}



// ---------------------------------------------------------------------------
// Top level.

/** The schema of a release-flow file, as a fresh object. */
export function releaseFlowSchemaDocument(): JSONSchema {
  const definitions = allDefinitions();
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: SCHEMA_ID,
    title: 'Northflank release flow',
    description:
      'A Northflank release flow kept in Git: the template that releases one pipeline stage (Development, Staging, Production).',
    $comment:
      'Generated from core/schema/generator/ and the node kinds of core/catalogue/kinds.ts by npm run build; edit those, not this file. Source: the Northflank API reference (get/update release flow). Platform state returned by the API (concurrencyPolicy, stage, status, paused, createdAt, updatedAt at the top level) is not part of a file.',
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
}
