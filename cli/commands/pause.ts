import { parseArgs } from 'node:util';
import { filePaused } from '../../core/triggers/evaluate';
import { setPaused } from '../../core/triggers/pause';
import { EXIT, UsageError, type CommandIo } from '../io';
import { displayPath } from '../runView';
import { openFlow } from '../triggerSetup';

export const PAUSE_USAGE = `Usage: release-flow pause <file>
       release-flow resume <file>

Pauses or resumes the flow's triggers in this repository's local state
(.release-flow/triggers.json). While paused, Git triggers (simulate, watch)
start no run and the webhook answers 202; 'release-flow run' still works.
A local pause or resume wins over the file's options.paused until changed
again; without one, options.paused applies.`;

function pauseCommandFor(paused: boolean) {
  return async (argv: string[], io: CommandIo): Promise<number> => {
    const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { help: { type: 'boolean', short: 'h' } } });
    if (values.help) {
      io.out(PAUSE_USAGE);
      return EXIT.ok;
    }
    if (positionals.length !== 1) throw new UsageError('Name exactly one release-flow file.');
    const context = await openFlow(positionals[0], io);
    if (typeof context === 'number') return context;
    const state = await setPaused(context.workspace.store.folder, context.flowKey, paused, filePaused(context.model));
    const name = displayPath(context.flowFile, io.cwd);
    io.out(
      paused
        ? `Paused the triggers of ${name}: Git triggers and the webhook start no run; 'release-flow run' still works.`
        : `Resumed the triggers of ${name}: Git triggers and the webhook start runs again.`,
    );
    if (state.filePaused && !paused) io.out('note: the file says options.paused: true; this local resume wins here until changed (the platform stays paused until the file changes).');
    return EXIT.ok;
  };
}

export const pauseCommand = pauseCommandFor(true);
export const resumeCommand = pauseCommandFor(false);
