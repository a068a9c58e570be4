/** Leader names as printed: "成 宇" and "成宇" are the same person. */
export function normaliseName(printed: string): string {
  return printed.normalize('NFKC').replace(/\s+/g, '');
}

/** Text from a PDF column: trims, folds the IME's full-width spaces, drops NUL (PostgreSQL text cannot hold it), keeps content. */
export function cleanLine(line: string): string {
  return line.replace(/\u0000/g, '').replace(/\u3000/g, ' ').replace(/\s+$/g, '').replace(/^\s+/g, '');
}
