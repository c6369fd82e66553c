/** The Northflank commands' handlers, by command id (the entry point registers the ids). */
import type { CommandHandlers } from '../services';
import type { LinkInputs, Northflank } from './northflank';
import type { NorthflankView } from './northflankView';

const isLinkInputs = (value: unknown): value is LinkInputs =>
  typeof value === 'object' && value !== null && typeof (value as LinkInputs).project === 'string' && typeof (value as LinkInputs).pipeline === 'string';

export function northflankCommandHandlers(northflank: Northflank, view: NorthflankView): CommandHandlers {
  return {
    'releaseFlow.northflank.signIn': (token?: unknown) => northflank.connection.signIn(typeof token === 'string' ? token : undefined),
    'releaseFlow.northflank.signOut': () => northflank.connection.signOut(),
    'releaseFlow.northflank.link': (argument: unknown, inputs?: unknown) => northflank.link(argument, isLinkInputs(inputs) ? inputs : undefined),
    'releaseFlow.northflank.compare': (argument: unknown) => northflank.compare(argument),
    // A second argument `true` (tests, keybindings): already confirmed.
    'releaseFlow.northflank.pull': (argument: unknown, confirmed?: unknown) => northflank.pull(argument, confirmed === true),
    'releaseFlow.northflank.push': (argument: unknown, confirmed?: unknown) => northflank.push(argument, confirmed === true),
    'releaseFlow.northflank.run': (argument: unknown, inputs?: unknown) => northflank.run(argument, inputs),
    'releaseFlow.northflank.followRun': (argument: unknown, runId?: unknown) => northflank.onRun(argument, 'follow', runId),
    'releaseFlow.northflank.abortRun': (argument: unknown, runId?: unknown) => northflank.onRun(argument, 'abort', runId),
    'releaseFlow.northflank.pause': (argument: unknown) => northflank.setPaused(argument, true),
    'releaseFlow.northflank.resume': (argument: unknown) => northflank.setPaused(argument, false),
    'releaseFlow.northflank.refresh': () => view.refresh(),
    'releaseFlow.northflank.refreshPipeline': (argument: unknown) => northflank.refreshPipeline(argument),
  };
}
