/** An ILIKE pattern matching `q` anywhere, with the user's `%`, `_` and `\` taken literally. */
export function containsPattern(q: string): string {
	return `%${q.replaceAll('\\', '\\\\').replaceAll('%', '\\%').replaceAll('_', '\\_')}%`;
}
