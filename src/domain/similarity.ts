/** Dice coefficient over character bigrams (single characters for one-letter text). */
export function similarity(a: string, b: string): number {
  const grams = (s: string) => {
    const chars = [...s];
    if (chars.length < 2) return chars;
    return chars.slice(1).map((c, i) => chars[i] + c);
  };
  const left = grams(a);
  const right = grams(b);
  if (!left.length || !right.length) return 0;
  const pool = [...right];
  let shared = 0;
  for (const g of left) {
    const at = pool.indexOf(g);
    if (at >= 0) {
      shared++;
      pool.splice(at, 1);
    }
  }
  return (2 * shared) / (left.length + right.length);
}
