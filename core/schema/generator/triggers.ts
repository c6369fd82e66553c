/** Git triggers and the rich inputs of the run form. */
import type { JSONSchema } from 'vscode-json-languageservice';
import { type Definitions, discriminated, discriminator, obj, pat, PAT, prop, SELF_HOSTED_COMMENT, str } from './builders';
import { ciIgnoreFlags, pathIgnoreRules, vcsServiceEnum } from './fields';

export function triggerDefinitions(): Definitions {
  const definitions: Definitions = {};
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

  const richInputSpec = (outputs: Record<string, JSONSchema>, outputsDescription: string): JSONSchema =>
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

  return definitions;
}
