/** Approval and Message nodes (message.<Kind>). */
import { type Definitions, obj, orExpr, pat, PAT, prop, SELF_HOSTED_COMMENT, str, innerKindSpec } from './builders';
import { vcsServiceEnum } from './fields';
import { nodeDef } from './nodes';

export function messageDefinitions(): Definitions {
  const definitions: Definitions = {};
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
    { value: 'VCS', def: 'message.VCS', text: 'Comment on a pull request.' },
    { value: 'SLACK', def: 'message.SLACK', text: 'Post to Slack.' },
    { value: 'RAW_WEBHOOK', def: 'message.RAW_WEBHOOK', text: 'Send the message to a webhook URL.' },
  ];
  definitions['node.Message'] = nodeDef('Message', {
    spec: innerKindSpec(
      'Where the message goes (kind) and its content (spec).',
      'Where the message goes (`kind`) and its content (`spec`).',
      { description: 'The kind of message to send.', kinds: MESSAGE_KINDS },
      { description: 'Destination and content of the message.', noun: 'message' },
    ),
  });

  return definitions;
}
