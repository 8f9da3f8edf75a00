const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Record ids are UUIDs; anything else from a URL or form is refused before reaching SQL. */
export function isUuid(value: string | null | undefined): value is string {
	return typeof value === 'string' && uuidPattern.test(value);
}
