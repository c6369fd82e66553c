import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parsePipelineDescription, type PipelineDescription } from './description';
import { readFlowFile } from '../document/readFlowFile';

/**
 * The pipeline description beside a flow file (`.northflank/pipeline.json`).
 * Node-only (file system): shared by the CLI, the language server and the
 * extension host so that they find the same files.
 */

/** The nearest `.northflank/pipeline.json` from the file's folder up to `stopAt` (inclusive). */
export async function findPipelineFile(file: string, stopAt: string | undefined): Promise<string | undefined> {
  let current = path.dirname(path.resolve(file));
  const limit = stopAt === undefined ? undefined : path.resolve(stopAt);
  for (;;) {
    const candidate = path.join(current, '.northflank', 'pipeline.json');
    try {
      await fs.access(candidate);
      return candidate;
    } catch {
      const parent = path.dirname(current);
      if (current === limit || parent === current) return undefined;
      current = parent;
    }
  }
}

/** Reads and parses a pipeline description; reports why when it cannot be used. */
export async function loadPipeline(file: string, report: (message: string) => void): Promise<PipelineDescription | undefined> {
  let text: string;
  try {
    text = (await readFlowFile(file)).text;
  } catch (error) {
    report(`cannot read pipeline description '${file}': ${(error as Error).message}.`);
    return undefined;
  }
  const { pipeline, errors } = parsePipelineDescription(text);
  if (!pipeline) {
    report(`pipeline description '${file}' is not usable: ${errors.join('; ')}.`);
    return undefined;
  }
  return pipeline;
}
