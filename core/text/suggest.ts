/**
 * Edit distance counting a swap of two neighbouring characters as one edit
 * (optimal string alignment), with a cut-off so long names stay cheap.
 */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let beforePrevious: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, (previous[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, (beforePrevious[j - 2] as number) + 1);
      }
      current.push(value);
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > limit) return limit + 1;
    beforePrevious = previous;
    previous = current;
  }
  return previous[b.length] as number;
}

/**
 * Names longer than this get no suggestion, and longer candidates are never
 * suggested: the edit distance costs the product of the two lengths, and a
 * typo in a name of this length is not what went wrong.
 */
export const MAX_SUGGESTED_NAME_LENGTH = 128;

/**
 * The candidate closest to `name`, if it is close enough to be a likely typo:
 * a case-only difference, or at most a third of the name's length in edits.
 */
export function closestName(name: string, candidates: Iterable<string>): string | undefined {
  if (name.length > MAX_SUGGESTED_NAME_LENGTH) return undefined;
  const limit = Math.max(1, Math.floor(name.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    if (candidate === name || candidate.length > MAX_SUGGESTED_NAME_LENGTH) continue;
    const distance = candidate.toLowerCase() === name.toLowerCase() ? 0.5 : editDistance(name, candidate, limit);
    if (distance <= limit && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
      if (distance <= 0.5) break; // nothing closer is possible
    }
  }
  return best;
}

/**
 * `closestName` over a fixed candidate list, remembered per name. Past
 * `budget` distinct names it stops suggesting, so a file full of typos stays
 * linear instead of comparing every use with every candidate.
 */
export function createSuggester(candidates: Iterable<string>, budget = 500): (name: string) => string | undefined {
  const list = [...candidates];
  const known = new Map<string, string | undefined>();
  return (name) => {
    if (known.has(name)) return known.get(name);
    if (known.size >= budget) return undefined;
    const suggestion = closestName(name, list);
    known.set(name, suggestion);
    return suggestion;
  };
}

export function didYouMean(suggestion: string | undefined): string {
  return suggestion === undefined ? '' : ` Did you mean '${suggestion}'?`;
}
