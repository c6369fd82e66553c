/** Workflow, LoopWorkflow and LoopData nodes. */
import { anyObject, type Definitions, enumOf, EXPR, obj, orExpr, prop, str } from './builders';
import { nodeDef } from './nodes';

export function workflowDefinitions(): Definitions {
  const definitions: Definitions = {};
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

  return definitions;
}
