import { triggerRulesValidator } from '../../core/validation/triggers';
import { check, clean, diag, flow, trigger } from './helpers';

describe('trigger rules that can never take effect', () => {
  it('warns on a Git trigger with neither branchRestrictions nor prRestrictions, naming the reason', () => {
    const text = flow({ triggers: [{ ref: 'git', vcsService: 'github', repoUrl: 'https://github.com/acme/api' }] });
    check(triggerRulesValidator, text, [diag('trigger-watches-nothing', 'warning', '"git"', /neither branchRestrictions nor prRestrictions/, /never starts/)]);
  });

  it('counts empty rule lists as no rules, and sits on the trigger\'s { when it has no ref', () => {
    const text = flow({ triggers: [{ vcsService: 'github', repoUrl: 'https://github.com/acme/api', branchRestrictions: [], prRestrictions: [] }] });
    check(triggerRulesValidator, text, [diag('trigger-watches-nothing', 'warning', '{', /empty/)]);
  });

  it('is quiet when either list has a rule', () => {
    clean(triggerRulesValidator, flow({ triggers: [trigger('push')] }));
    clean(triggerRulesValidator, flow({ triggers: [trigger('pr', { branchRestrictions: [], prRestrictions: ['*'] })] }));
  });

  it('warns on ciIgnoreFlags listed while ciIgnoreFlagsEnabled is not true', () => {
    const off = flow({ triggers: [trigger('git', { ciIgnoreFlags: ['[skip ci]'] })] });
    check(triggerRulesValidator, off, [diag('ci-ignore-flags-ignored', 'warning', '"ciIgnoreFlags"', /ciIgnoreFlagsEnabled is not true/, /ignored/)]);
    const disabled = flow({ triggers: [trigger('git', { ciIgnoreFlags: ['[skip ci]'], ciIgnoreFlagsEnabled: false })] });
    check(triggerRulesValidator, disabled, [diag('ci-ignore-flags-ignored', 'warning', '"ciIgnoreFlags"', /false/)]);
  });

  it('is quiet on enabled flags, on an empty list, and on flags enabled with the defaults', () => {
    clean(triggerRulesValidator, flow({ triggers: [trigger('git', { ciIgnoreFlags: ['[skip ci]'], ciIgnoreFlagsEnabled: true })] }));
    clean(triggerRulesValidator, flow({ triggers: [trigger('git', { ciIgnoreFlags: [] })] }));
    clean(triggerRulesValidator, flow({ triggers: [trigger('git', { ciIgnoreFlagsEnabled: true })] }));
  });
});
