import { diagnostic, type FlowDiagnostic, type Validator } from './diagnostics';
import { propertyNode, spanOf } from '../document/parse';

/** `gitops.filePath` must name where the file actually sits in its repository, or the sync writes elsewhere. */
export const gitopsPathValidator: Validator = {
  name: 'gitops-path',
  validate: ({ model, repoPath }) => {
    const result: FlowDiagnostic[] = [];
    const filePath = propertyNode(propertyNode(model.root, 'gitops'), 'filePath');
    if (repoPath === undefined || filePath?.type !== 'string') return result;
    if (filePath.value !== repoPath) {
      result.push(
        diagnostic('gitops-file-path', 'warning',
          `gitops.filePath is "${filePath.value as string}" but this file is ${repoPath} in its repository; the platform would sync a different file.`,
          spanOf(filePath), { expected: repoPath }),
      );
    }
    return result;
  },
};
