import * as assert from 'node:assert/strict';
import { gitopsPathValidator } from '../../core/validation/gitopsPath';
import { check, clean, diag, flow } from './helpers';

const gitops = (filePath: unknown): Record<string, unknown> => ({ vcsService: 'github', accountLogin: 'acme', repoUrl: 'https://github.com/acme/api', branch: 'main', filePath });

describe('gitopsPath validator', () => {
  it('accepts a filePath equal to the file\'s repository path', () => {
    clean(gitopsPathValidator, flow({ gitops: gitops('/release/development.json') }), { repoPath: '/release/development.json' });
  });

  it('says nothing without a repository path, or without a string filePath', () => {
    clean(gitopsPathValidator, flow({ gitops: gitops('/elsewhere.json') }));
    clean(gitopsPathValidator, flow({ gitops: gitops('/elsewhere.json') }), { fileName: 'release-development.json' });
    clean(gitopsPathValidator, flow({}), { repoPath: '/release-development.json' });
    clean(gitopsPathValidator, flow({ gitops: gitops(42) }), { repoPath: '/release-development.json' });
  });

  it('warns on the filePath value when it names another file, with the expected path', () => {
    const [d] = check(gitopsPathValidator, flow({ gitops: gitops('/release-dev.json') }), [
      diag('gitops-file-path', 'warning', '"/release-dev.json"', /gitops\.filePath is "\/release-dev\.json" but this file is \/release\/development\.json in its repository; the platform would sync a different file\./),
    ], { repoPath: '/release/development.json' });
    assert.deepEqual(d?.data, { expected: '/release/development.json' });
  });

  it('compares exactly: case and a missing leading slash count', () => {
    check(gitopsPathValidator, flow({ gitops: gitops('/Release-Staging.json') }), [diag('gitops-file-path', 'warning', '"/Release-Staging.json"')], { repoPath: '/release-staging.json' });
    check(gitopsPathValidator, flow({ gitops: gitops('release-staging.json') }), [diag('gitops-file-path', 'warning', '"release-staging.json"')], { repoPath: '/release-staging.json' });
  });
});
