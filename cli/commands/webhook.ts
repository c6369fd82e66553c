import { parseArgs } from 'node:util';
import { filePaused } from '../../core/triggers/evaluate';
import { appendWebhookLog, startWebhookServer, type WebhookLogEntry } from '../../core/webhook/server';
import { webhookToken } from '../../core/webhook/tokens';
import { DEFAULT_RATE_LIMIT } from '../../core/webhook/rateLimit';
import { parseFlow } from '../../core/document/parse';
import { promises as fs } from 'node:fs';
import { EXIT, UsageError, type CommandIo } from '../io';
import { displayPath } from '../runView';
import { realEnvironment } from '../runSetup';
import { backgroundRunLine, openFlow, pauseOf, RUN_INPUT_OPTIONS, runInputsFrom, untilInterrupted } from '../triggerSetup';

export const WEBHOOK_USAGE = `Usage: release-flow webhook <file> [--port N] [--new-token] [--rate N] [--arg K=V]...
                            [--secret K=V]... [--approve REF]... [--scenario FILE] [--stage S] [--pipeline FILE]

Serves the flow's webhook on this machine, as the platform does:
  GET or POST http://127.0.0.1:<port>/release-flows/<token>
Loopback only. The token is random, kept in .release-flow/webhook.json (never
committed) and stays the same across restarts; --new-token replaces it.

Query parameters (or a JSON / form POST body with the same keys):
  <trigger>.branch|sha|pullRequestId|repoUrl   override that trigger's values
  name, description                            name and describe the run
  override=REF.FIELD=V, release-override=ID.FIELD=V   run-time overrides, as 'run
                                               --override' (repeatable; a JSON body may carry the
                                               API's "overrides" and "releaseNodeOverrides" instead)
  anything else                                becomes \${args.<param>}
                                               (over the --arg and --secret defaults)

Nobody is asked about Approval nodes: --approve REF approves REF in every run;
the others fail, saying so, unless the scenario decides them.

Answers 200 with the run id (started or queued), 202 while the triggers are
paused, 409 when concurrencyPolicy forbid refuses, 422 when the dry run fails,
400 bad parameters, 404 wrong token, 405 a method other than GET or POST,
413 body over 16 KiB, 415 a body neither JSON nor a form, 429 over the rate
limit (--rate requests per minute, default ${DEFAULT_RATE_LIMIT.perMinute}, bursts of ${DEFAULT_RATE_LIMIT.burst}).
Each request is logged to stderr and .release-flow/webhook.log (token masked,
parameter names only). Ctrl-C stops the server and aborts runs still going.`;

export async function webhookCommand(argv: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { ...RUN_INPUT_OPTIONS, port: { type: 'string' }, 'new-token': { type: 'boolean' }, rate: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    io.out(WEBHOOK_USAGE);
    return EXIT.ok;
  }
  if (positionals.length !== 1) throw new UsageError('Name exactly one release-flow file.');
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port takes a port number (0-65535), not '${values.port}'.`);
  const perMinute = values.rate === undefined ? DEFAULT_RATE_LIMIT.perMinute : Number(values.rate);
  if (!Number.isFinite(perMinute) || perMinute <= 0) throw new UsageError(`--rate takes a number of requests per minute, not '${values.rate}'.`);
  const context = await openFlow(positionals[0], io);
  if (typeof context === 'number') return context;
  const runDefaults = await runInputsFrom(values, context, io);
  const folder = context.workspace.store.folder;
  const { token, created } = await webhookToken(folder, context.flowKey, { rotate: values['new-token'] === true });
  // Log lines are appended one after the other, and all are written before the command returns.
  let logging = Promise.resolve();
  const log = (entry: WebhookLogEntry): void => {
    io.err(`${entry.at} ${entry.method} ${entry.path} → ${entry.status}${entry.runId ? ` run ${entry.runId}` : ''}${entry.message ? ` (${entry.message})` : ''}`);
    logging = logging.then(() => appendWebhookLog(folder, entry)).catch((error: Error) => io.err(`release-flow: cannot write webhook.log: ${error.message}`));
  };
  let server;
  try {
    server = await startWebhookServer({
      flowFile: context.flowFile, token, port, env: realEnvironment(context.workspace), runDefaults,
      rate: { perMinute, burst: Math.max(1, Math.min(DEFAULT_RATE_LIMIT.burst, Math.ceil(perMinute))) },
      pause: async () => pauseOf(context, parseFlow(await fs.readFile(context.flowFile, 'utf8').catch(() => ''))),
      log,
      onRunEvent: (event) => {
        const line = backgroundRunLine(event, io.cwd, io.command);
        if (line) io.err(line);
      },
    });
  } catch (error) {
    io.err(`release-flow: cannot listen on 127.0.0.1:${port}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`);
    return EXIT.usage;
  }
  const pause = await pauseOf(context);
  io.out(`Webhook of ${displayPath(context.flowFile, io.cwd)}${created ? ' (new token)' : ''}:\n  ${server.url}`);
  io.out(`Example: curl -X POST '${server.url}?name=webhook-run'`);
  if (pause.paused || filePaused(context.model)) io.out(`note: ${pause.summary}`);
  io.out('Ctrl-C stops.');
  const interrupted = untilInterrupted(io);
  await interrupted.promise;
  interrupted.dispose();
  io.err('Stopping the webhook: aborting runs still going…');
  await server.close();
  await logging;
  return EXIT.ok;
}
