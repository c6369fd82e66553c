/** The Action node and its inner actions (action.<Kind>). */
import type { JSONSchema } from 'vscode-json-languageservice';
import { type Definitions, discriminated, discriminator, enumOf, obj, orExpr, pat, PAT, prop, str, timeout, innerKindSpec } from './builders';
import { projectIdAction } from './fields';
import { nodeDef } from './nodes';

export function actionDefinitions(): Definitions {
  const definitions: Definitions = {};
  // --- Action -------------------------------------------------------------------
  const actionType = (value: string, text: string): JSONSchema => discriminator('The action to perform.', value, text);
  /** The command of an execute action, and how it runs. */
  const commandFields = (): Record<string, JSONSchema> => ({
    command: prop('Command to execute. It is not run through a shell unless shell is set.', str(), 'Command to execute. It is not run through a shell unless `shell` is set.'),
    shell: prop('Shell to run the command with.', str()),
    user: prop('User to run the command as.', str()),
    group: prop('Group to run the command as.', str()),
  });
  /** The fields of a restart action, which an addon and a service share. */
  const restartFields = (resource: string, idKey: string): Record<string, JSONSchema> => ({
    type: actionType('restart', `Restart the ${resource}.`),
    data: prop(
      `The ${resource} to restart.`,
      obj({
        projectId: projectIdAction(),
        [idKey]: orExpr(`ID of the ${resource} to restart.`, pat(PAT.id)),
        timeoutDuration: timeout(`for the ${resource} to be running again`),
      }),
    ),
    condition: prop(
      `Wait for completion: with "running", later steps wait until the ${resource} is running again.`,
      enumOf(['running'], [`Wait until the ${resource} is running.`]),
    ),
  });

  definitions['action.Addon'] = {
    description: 'Addon action: restart the addon.',
    ...obj(
      restartFields('addon', 'addonId'),
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
              ...commandFields(),
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
      restartFields('service', 'serviceId'),
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
              ...commandFields(),
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

  const vcsStringField = (description: string): JSONSchema => orExpr(description, str());
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
    spec: innerKindSpec(
      'The resource kind to act on (kind) and the action itself (spec).',
      'The resource kind to act on (`kind`) and the action itself (`spec`).',
      { description: 'The kind of resource the action applies to.', kinds: ACTION_KINDS },
      { description: 'The action: its type, its data and, for some types, a wait condition.', noun: 'action' },
    ),
  });

  return definitions;
}
