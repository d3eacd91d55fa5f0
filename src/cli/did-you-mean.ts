/**
 * "Did you mean": the closest known word to a mistyped command or flag, as kubectl and git
 * suggest one. Closeness is the optimal-string-alignment distance (a swapped pair of letters
 * counts once: `--namepsace` is one edit from `--namespace`). Some mistakes are not typos but
 * habits (kubectl's `-f` where a command reads `--presets`): a table of those comes first.
 */

function distance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = best;
    }
  }
  return rows[a.length]![b.length]!;
}

/** Leading dashes are not letters: `-f` is no nearer `-n` than `f` is to `n`. */
const letters = (word: string): string => word.replace(/^-+/, '');

/**
 * closest returns the candidate nearest to `word`, when it is near enough to be what was meant
 * (at most a third of the word's letters wrong, and at least one letter right) — else undefined.
 */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  const typed = letters(word);
  const limit = Math.max(1, Math.floor(typed.length / 3));
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const known = letters(candidate);
    const d = distance(typed, known);
    if (d <= limit && d < Math.max(typed.length, known.length) && (!best || d < best.distance))
      best = { candidate, distance: d };
  }
  return best?.candidate;
}

/**
 * Words typed out of habit and what each can mean, most likely first: the first of them among
 * the candidates is the suggestion, whatever the spelling distance.
 */
export type Confusions = ReadonlyMap<string, readonly string[]>;

/**
 * didYouMean is `; did you mean X?` for what `word` is known to be confused with, else for the
 * closest candidate, or nothing.
 */
export function didYouMean(
  word: string,
  candidates: readonly string[],
  confusions: Confusions = new Map(),
): string {
  const meant = confusions.get(word)?.find((c) => candidates.includes(c)) ?? closest(word, candidates);
  return meant === undefined ? '' : `; did you mean ${meant}?`;
}
