/** What the extension's features share, made once in activate() and handed to each. */
import type { FlowContexts } from './flowContext';
import type { FlowLanguageClient } from './languageClient';
import type { Northflank } from './northflank/northflank';
import type { PreviewPanels } from './preview/previewPanel';
import type { RunController } from './runs/runController';
import type { RunLog } from './runs/runLog';
import type { RunsView } from './runs/runsView';
import type { FlowStatusBar } from './statusBar';

export interface Services {
  contexts: FlowContexts;
  runs: RunController;
  log: RunLog;
  runsView: RunsView;
  statusBar: FlowStatusBar;
  previews: PreviewPanels;
  languageClient: FlowLanguageClient;
  northflank: Northflank;
}

/** Command implementations by id: the extension's entry registers every id and calls these once the features are loaded. */
export type CommandHandlers = Record<string, (...args: never[]) => unknown>;
