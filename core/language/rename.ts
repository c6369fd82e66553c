import type { Range, WorkspaceEdit } from 'vscode-languageserver-types';
import type { FlowModel } from '../document/model';
import { argumentDefinitions, occurrences, refDefinitions, symbolAt, type FlowSymbol } from './targets';

/** Why a rename cannot happen, in words for the user. */
export interface RenameRefusal {
  refused: string;
}

export interface RenamePreparation {
  range: Range;
  placeholder: string;
}

/** A ref or an argument name: a segment of the expression language. */
const VALID_NAME = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

type Renameable = Extract<FlowSymbol, { type: 'ref' | 'arg' }>;

/** Checks that the symbol at `offset` can be renamed: a ref or an argument defined once. Null where there is nothing to rename. */
export function prepareRename(model: FlowModel, offset: number): RenamePreparation | RenameRefusal | null {
  const symbol = symbolAt(model, offset);
  if (!symbol) return null;
  if (symbol.type === 'function') return { refused: `fn.${symbol.name} is a platform function; functions cannot be renamed.` };
  if (symbol.type === 'property') return { refused: `'${symbol.path.join('.')}' is an output of the platform's response; outputs cannot be renamed.` };
  const problem = definitionProblem(model, symbol);
  if (problem) return problem;
  return { range: model.lines.rangeOf(symbol.span), placeholder: symbol.name };
}

function definitionProblem(model: FlowModel, symbol: Renameable): RenameRefusal | undefined {
  if (symbol.type === 'ref') {
    const count = refDefinitions(model, symbol.name).length;
    if (count > 1) return { refused: `'${symbol.name}' is the ref of ${count} nodes or triggers; make it unique first (quick fix: rename the duplicate).` };
  }
  return undefined;
}

/** Renames a ref (its definition and every `${refs.x...}`) or an argument (its definitions and every `${args.X}`). */
export function doRename(model: FlowModel, uri: string, offset: number, newName: string): WorkspaceEdit | RenameRefusal {
  const prepared = prepareRename(model, offset);
  if (prepared === null) return { refused: 'There is no ref or argument here to rename.' };
  if ('refused' in prepared) return prepared;
  const symbol = symbolAt(model, offset) as Renameable;
  if (newName === symbol.name) return { changes: { [uri]: [] } };
  const what = symbol.type === 'ref' ? 'ref' : 'argument name';
  if (!VALID_NAME.test(newName)) {
    return { refused: `'${newName}' is not a valid ${what}: start with a letter, '_' or '$', then letters, digits, '_', '$' or '-'.` };
  }
  if (symbol.type === 'ref' && refDefinitions(model, newName).length > 0) return { refused: `A node or trigger already has the ref '${newName}'.` };
  if (symbol.type === 'arg' && argumentDefinitions(model).some((d) => d.name === newName)) return { refused: `An argument named '${newName}' already exists.` };
  const edits = occurrences(model, symbol).map((o) => ({ range: model.lines.rangeOf(o.span), newText: newName }));
  return { changes: { [uri]: edits } };
}
