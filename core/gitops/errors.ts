import type { GitErrorCode } from '../git/repository';
import { GitError } from '../git/repository';
import type { PositionedDiagnostic } from '../validation/diagnostics';

/** Why a GitOps commit or push was refused: the flow's own checks, or the state of the repository. */
export type GitOpsErrorCode = 'secrets' | 'invalid' | GitErrorCode;

export class GitOpsError extends Error {
  constructor(
    readonly code: GitOpsErrorCode,
    message: string,
    /** For `secrets` and `invalid`: the diagnostics that refuse the commit. */
    readonly diagnostics: PositionedDiagnostic[] = [],
  ) {
    super(message);
    this.name = 'GitOpsError';
  }
}

/** Runs a step of the work tree, reporting a Git refusal as a GitOps refusal with the same code and words. */
export async function gitStep<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof GitError) throw new GitOpsError(error.code, error.message);
    throw error;
  }
}
