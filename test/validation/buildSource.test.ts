import { buildSourceValidator } from '../../core/validation/buildSource';
import { check, clean, diag, flow, node } from './helpers';

describe('Build node source (api/get-release-flow.md: "either branch or pullRequestId, but cannot be provided with both")', () => {
  it('is an error to give a build service both branch and pullRequestId', () => {
    const text = flow({ steps: [node('Build', 'b', { id: 'api-builder', type: 'service', branch: 'main', pullRequestId: 12 })] });
    check(buildSourceValidator, text, [diag('build-branch-and-pull-request', 'error', '12', /both branch and pullRequestId/, /documented/)]);
  });

  it('flags expressions in both fields too', () => {
    const text = flow({ steps: [node('Build', 'b', { id: 'api-builder', type: 'service', branch: '${refs.git.branch}', pullRequestId: '${refs.git.pullRequestId}' })] });
    check(buildSourceValidator, text, [diag('build-branch-and-pull-request', 'error', '"${refs.git.pullRequestId}"')]);
  });

  it('accepts either one alone, or a sha with one of them', () => {
    clean(buildSourceValidator, flow({ steps: [node('Build', 'b', { id: 'api-builder', type: 'service', branch: 'main' })] }));
    clean(buildSourceValidator, flow({ steps: [node('Build', 'b', { id: 'api-builder', type: 'service', pullRequestId: 3 })] }));
    clean(buildSourceValidator, flow({ steps: [node('Build', 'b', { id: 'api-builder', type: 'service', branch: 'main', sha: 'a'.repeat(40) })] }));
  });

  it('is an error for a build service to have neither (the same sentence: "require either branch or pullRequestId")', () => {
    const text = flow({ steps: [node('Build', 'b', { id: 'api-builder', type: 'service', sha: 'a'.repeat(40) })] });
    check(buildSourceValidator, text, [diag('build-branch-or-pull-request', 'error', '"spec"', /neither branch nor pullRequestId/)]);
    clean(buildSourceValidator, flow({ steps: [node('Build', 'j', { id: 'migrate-builder', type: 'job', sha: 'a'.repeat(40) })] }));
  });
});
