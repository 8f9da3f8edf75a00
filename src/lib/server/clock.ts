/** The server's notion of "now"; tests install a fake clock instead of sleeping. */
let source: () => Date = () => new Date();

export function now(): Date {
	return source();
}

export function setClock(fn: (() => Date) | undefined): void {
	source = fn ?? (() => new Date());
}
