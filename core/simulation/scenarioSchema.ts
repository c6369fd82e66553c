/**
 * The JSON Schema of scenario files (schemas/scenario.schema.json), built from
 * the catalogue's node kinds and the scenario's own outcome results, so that
 * neither list is written twice. `npm run build` writes it.
 */
import type { JSONSchema } from 'vscode-json-languageservice';
import { RELEASE_FLOW_KINDS } from '../catalogue/kinds';
import { OUTCOME_RESULTS, type OutcomeResult } from './scenario';

const KIND_NAMES = [...RELEASE_FLOW_KINDS.keys()];

const OUTCOME_TEXT: Record<OutcomeResult, string> = {
  success: 'The operation succeeds.',
  fail: 'The operation runs and concludes as failed (a failed build, job run, backup or rollout); nodes that wait for it fail.',
  error: 'The platform refuses the request: the node fails at once, whatever it waits for.',
};

const OUTCOME_RESULT: JSONSchema = { type: 'string', enum: [...OUTCOME_RESULTS], enumDescriptions: OUTCOME_RESULTS.map((r) => OUTCOME_TEXT[r]) };

/** A duration as parseDuration reads it. */
const DURATION_FORMS: JSONSchema[] = [
  { type: 'string', pattern: '^\\d+(\\.\\d+)?\\s*(ms|s|m|h)$' },
  { type: 'number', minimum: 0 },
];

export function scenarioSchemaDocument(): JSONSchema {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://release-flow-studio.dev/schemas/scenario.schema.json',
    title: 'Release Flow Studio scenario',
    description: 'Scripts what the simulated platform does during `release-flow run --scenario FILE`: how long operations take, which fail and on which attempt, and which resources are slow to come up.',
    type: 'object',
    additionalProperties: false,
    properties: {
      $schema: {
        type: 'string',
      },
      description: {
        type: 'string',
        description: 'What this scenario plays out.',
      },
      durations: {
        description: 'How long operations take, by node kind (Build: the build, JobRun: the run, AddonBackup: the backup, Release: the rollout until the target runs, Action/Message: the call), by node ("node:<ref>"), "request" (every API call) and "default". Unset kinds keep the defaults (a build 2 s, a job run 1.5 s, a backup 1 s, a rollout 1 s, a request 150 ms).',
        type: 'object',
        propertyNames: {
          anyOf: [
            {
              enum: [...KIND_NAMES, 'request', 'default'],
            },
            {
              pattern: '^node:.+$',
            },
          ],
        },
        additionalProperties: {
          description: 'A duration: a number with a unit (ms, s, m, h) such as "90s", "2m", "250ms", or a number of seconds.',
          oneOf: DURATION_FORMS,
        },
      },
      retryDelay: {
        description: 'Pause before a failed node is tried again (up to 3 attempts). Default 1 s.',
        oneOf: DURATION_FORMS,
      },
      outcomes: {
        description: 'Scripted results. The first rule whose `match` fits a node gives the result of each attempt of that node in turn; the last result repeats once the list is used up. Nodes no rule matches succeed.',
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['match', 'results'],
          properties: {
            match: {
              description: 'Every field given must match: the node\'s ref, its kind, and an id it acts on (build service, job, addon, release target or origin, ids in an action\'s or condition\'s data).',
              type: 'object',
              additionalProperties: false,
              minProperties: 1,
              properties: {
                ref: {
                  type: 'string',
                  minLength: 1,
                },
                kind: {
                  enum: KIND_NAMES,
                },
                id: {
                  type: 'string',
                  minLength: 1,
                },
              },
            },
            results: {
              type: 'array',
              minItems: 1,
              items: {
                oneOf: [
                  OUTCOME_RESULT,
                  {
                    type: 'object',
                    additionalProperties: false,
                    required: ['result'],
                    properties: {
                      result: OUTCOME_RESULT,
                      message: {
                        type: 'string',
                      },
                    },
                  },
                ],
              },
            },
            message: {
              type: 'string',
              description: 'The error message of the failures of this rule.',
            },
          },
        },
      },
      resources: {
        description: 'Resources of the simulated platform, keyed "service:<id>", "job:<id>" or "addon:<id>".',
        type: 'object',
        propertyNames: {
          pattern: '^(service|job|addon):.+$',
        },
        additionalProperties: {
          type: 'object',
          additionalProperties: false,
          properties: {
            notRunningFor: {
              description: 'The resource is not running for this long after the run starts ("forever": it never runs). Backups need a running addon; Condition nodes wait for it.',
              oneOf: [
                {
                  description: 'A duration: a number with a unit (ms, s, m, h) such as "90s", "2m", "250ms", or a number of seconds.',
                  oneOf: DURATION_FORMS,
                },
                {
                  const: 'forever',
                },
              ],
            },
            version: {
              type: 'string',
              minLength: 1,
              description: 'Addons: the version their backups report (config.addonVersion). Default 1.0.0.',
            },
            deployed: {
              description: 'Services and jobs: what they run when the simulation has released nothing to them yet; false: nothing (by default a service or job the flow or pipeline names is assumed to exist and run).',
              oneOf: [
                {
                  const: false,
                },
                {
                  type: 'object',
                  additionalProperties: false,
                  required: ['builder', 'branch'],
                  properties: {
                    builder: {
                      type: 'string',
                      minLength: 1,
                    },
                    branch: {
                      type: 'string',
                      minLength: 1,
                    },
                  },
                },
                {
                  type: 'object',
                  additionalProperties: false,
                  required: ['imagePath'],
                  properties: {
                    imagePath: {
                      type: 'string',
                      minLength: 1,
                    },
                  },
                },
              ],
            },
          },
        },
      },
    },
  };
}
