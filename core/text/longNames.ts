/** Past this many characters, a word in a message is cut: a 1 MB key must not make a 1 MB message. */
export const MAX_WORD_IN_MESSAGE = 100;
const KEPT = 60;

/**
 * Cuts every word (a run of characters other than spaces and quotes) longer
 * than MAX_WORD_IN_MESSAGE to its beginning, saying how long it was:
 * `'kkkk…' (1,048,576 characters)`.
 */
export function cutLongNames(message: string): string {
  if (message.length <= MAX_WORD_IN_MESSAGE) return message;
  return message.replace(new RegExp(`[^\\s'"\`]{${MAX_WORD_IN_MESSAGE + 1},}`, 'g'), (word) => `${word.slice(0, KEPT)}… (${word.length.toLocaleString('en-US')} characters)`);
}
