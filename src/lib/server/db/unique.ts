/** True when a driver error is a unique-constraint violation (SQLSTATE 23505) on `constraint`. */
export function isUniqueViolation(e: unknown, constraint?: string): boolean {
	let cur: unknown = e;
	for (let i = 0; i < 4 && cur; i++) {
		const err = cur as {
			code?: string;
			constraint_name?: string;
			constraint?: string;
			message?: string;
			cause?: unknown;
		};
		if (err.code === '23505') {
			if (!constraint) return true;
			const name = err.constraint_name ?? err.constraint ?? err.message ?? '';
			return name.includes(constraint);
		}
		cur = err.cause;
	}
	return false;
}
