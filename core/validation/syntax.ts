import { diagnostic, type Validator } from './diagnostics';

/** JSON syntax, including comments and trailing commas, which the platform rejects. */
export const syntaxValidator: Validator = {
  name: 'syntax',
  validate: ({ model }) => model.syntaxIssues.map((issue) => diagnostic(issue.code, 'error', issue.message, issue.span)),
};
