/** Lines of a textarea as numbers: trimmed, blank lines dropped. */
export function parseNumberLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
}
