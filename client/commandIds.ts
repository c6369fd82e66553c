/**
 * Every command the manifest contributes that the extension's features
 * implement. The entry point registers each at activation (cheaply, without
 * loading the features); test/client/manifest.test.ts checks this list
 * against package.json.
 */
export const FEATURE_COMMANDS = [
  'releaseFlow.openPreview',
  'releaseFlow.run',
  'releaseFlow.runLocally',
  'releaseFlow.simulateTrigger',
  'releaseFlow.abortRun',
  'releaseFlow.approve',
  'releaseFlow.reject',
  'releaseFlow.pauseTriggers',
  'releaseFlow.resumeTriggers',
  'releaseFlow.showRuns',
  'releaseFlow.showLog',
  'releaseFlow.rollback',
  'releaseFlow.startWebhook',
  'releaseFlow.stopWebhook',
  'releaseFlow.commit',
  'releaseFlow.rerun',
  'releaseFlow.openRun',
  'releaseFlow.revealNode',
  'releaseFlow.refreshRuns',
  'releaseFlow.northflank.signIn',
  'releaseFlow.northflank.signOut',
  'releaseFlow.northflank.link',
  'releaseFlow.northflank.compare',
  'releaseFlow.northflank.pull',
  'releaseFlow.northflank.push',
  'releaseFlow.northflank.run',
  'releaseFlow.northflank.followRun',
  'releaseFlow.northflank.abortRun',
  'releaseFlow.northflank.pause',
  'releaseFlow.northflank.resume',
  'releaseFlow.northflank.refresh',
  'releaseFlow.northflank.refreshPipeline',
] as const;

/** Implemented by the entry point itself. */
export const ENTRY_COMMANDS = ['releaseFlow.showActivationTime'] as const;

export const RUNS_VIEW = 'releaseFlow.runs';
export const NORTHFLANK_VIEW = 'releaseFlow.northflank';
