/** The Condition node and what it waits for (condition.<Kind>). */
import type { JSONSchema } from 'vscode-json-languageservice';
import { type Definitions, discriminator, obj, orExpr, pat, PAT, prop, str, timeout, innerKindSpec } from './builders';
import { projectIdCondition } from './fields';
import { nodeDef } from './nodes';

export function conditionDefinitions(): Definitions {
  const definitions: Definitions = {};
  // --- Condition ----------------------------------------------------------------
  const condType = (value: string, text: string): JSONSchema => discriminator('The state to wait for.', value, text);
  const condData = (description: string, properties: Record<string, JSONSchema>): JSONSchema => prop(description, obj(properties));
  const monitoredId = (what: string): JSONSchema =>
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
    { value: 'Addon', def: 'condition.Addon', text: 'An addon is running.' },
    { value: 'AddonBackup', def: 'condition.AddonBackup', text: 'An addon backup has succeeded.' },
    { value: 'AddonImport', def: 'condition.AddonImport', text: 'An addon import has succeeded.' },
    { value: 'Build', def: 'condition.Build', text: 'A build has succeeded.' },
    { value: 'BYOCCluster', def: 'condition.BYOCCluster', text: 'A bring-your-own-cloud cluster is running.' },
    { value: 'JobRun', def: 'condition.JobRun', text: 'A job run has succeeded.' },
    { value: 'Service', def: 'condition.Service', text: 'A service is running.' },
    { value: 'VCS', def: 'condition.VCS', text: 'A repository has been created.' },
  ];

  definitions['node.Condition'] = nodeDef('Condition', {
    specRequired: true,
    spec: innerKindSpec(
      'The resource kind to watch (kind) and the state to wait for (spec).',
      'The resource kind to watch (`kind`) and the state to wait for (`spec`).',
      { description: 'The kind of resource to watch.', kinds: CONDITION_KINDS },
      { description: 'The state to wait for (type) and the resource (data).', noun: 'condition' },
    ),
  });

  return definitions;
}
