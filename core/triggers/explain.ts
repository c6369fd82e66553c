/**
 * The trigger explanation as text, for the CLI and the editor's output. The
 * JSON form is the Evaluation itself (evaluate.ts), which carries every file
 * verdict; the text lists at most `maxFiles` changed files per trigger.
 */
import type { Evaluation, TriggerEvaluation } from './evaluate';
import { triggerLabel } from './evaluate';

export interface ExplainOptions {
  /** Changed files listed per trigger in the text (the JSON has them all). Default 20. */
  maxFiles?: number;
}

function originLine(evaluation: Evaluation): string | undefined {
  return evaluation.event.origin === '' ? undefined : `  ${evaluation.event.origin}`;
}

function triggerLines(trigger: TriggerEvaluation, maxFiles: number): string[] {
  const lines = [`Trigger '${triggerLabel(trigger)}'${trigger.repoUrl ? ` (${trigger.repoUrl})` : ''}: ${trigger.fires ? 'fires' : 'does not fire'}`];
  for (const check of trigger.checks) {
    lines.push(`  ${check.ok ? '✔' : '✖'} ${check.check.padEnd(12)} ${check.summary}`);
    for (const detail of check.details) lines.push(`      ${detail}`);
    const files = check.paths?.mode === 'none' ? [] : (check.paths?.files ?? []);
    // Kept files first: they are the ones that make the push count.
    const ordered = [...files.filter((f) => f.kept), ...files.filter((f) => !f.kept)];
    for (const file of ordered.slice(0, maxFiles)) lines.push(`      ${file.kept ? 'kept   ' : 'dropped'} ${file.file}: ${file.reason}`);
    if (ordered.length > maxFiles) lines.push(`      … and ${ordered.length - maxFiles} more (--json lists every file)`);
  }
  if (trigger.values) {
    const v = trigger.values;
    lines.push(`  refs.${trigger.ref ?? '<no ref>'}: branch=${v.branch ?? 'null'} sha=${v.sha ?? 'null'}${v.pullRequestId !== null ? ` pullRequestId=${v.pullRequestId}` : ''}`);
  }
  return lines;
}

export function explainText(evaluation: Evaluation, options: ExplainOptions = {}): string {
  const maxFiles = options.maxFiles ?? 20;
  const lines = [`Event: ${evaluation.eventSummary}`];
  const origin = originLine(evaluation);
  if (origin) lines.push(origin);
  lines.push(`Pause: ${evaluation.pause.summary}`, '');
  for (const trigger of evaluation.triggers) lines.push(...triggerLines(trigger, maxFiles), '');
  lines.push(evaluation.verdict);
  return lines.join('\n');
}
