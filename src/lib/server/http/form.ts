import { fail, redirect, type ActionFailure } from '@sveltejs/kit';
import { isAppError, type AppError } from '#lib/domain/errors.js';
import type { Action, Actor, Resource } from '#lib/domain/policy.js';
import { authorize } from '../auth/actor.js';
import { hasControlCharacter } from './hostile-input.js';

export interface FormFailure {
	message: string;
	code: string;
	fields: Record<string, string>;
	values: Record<string, string>;
}

/** Form fields as strings; files and passwords are never echoed back. */
export function formValues(data: FormData, omit: string[] = []): Record<string, string> {
	const values: Record<string, string> = {};
	for (const [k, v] of data) {
		if (typeof v === 'string' && !omit.includes(k) && !/password/i.test(k))
			values[k] = v.slice(0, 500);
	}
	return values;
}

export function str(data: FormData, name: string): string {
	const v = data.get(name);
	return typeof v === 'string' ? v : '';
}

/**
 * Runs one use case for a form action; an AppError becomes `fail(status, …)` with the
 * Chinese message and field errors, anything else propagates to handleError.
 */
export async function attempt<T>(
	data: FormData,
	run: () => Promise<T>
): Promise<T | ActionFailure<FormFailure>> {
	try {
		return await run();
	} catch (e) {
		if (!isAppError(e)) throw e;
		return fail(e.status, {
			message: e.message,
			code: e.code,
			fields: e.fields,
			values: formValues(data)
		});
	}
}

/** Signed-in actor or a redirect to the sign-in page that comes back here afterwards. */
export function requireActor(locals: App.Locals, url: URL): Actor {
	if (!locals.actor) redirect(303, `/login?next=${encodeURIComponent(url.pathname + url.search)}`);
	return locals.actor;
}

/**
 * Session and permission before the request body is read: a refused caller costs no body
 * parsing, and none of the decoding, hashing or key derivation the action does next. Answers
 * the actor, or the failure to return (the refusal is audited by `authorize`).
 */
export async function authorizeForm(
	locals: App.Locals,
	url: URL,
	action: Action,
	resource: Resource
): Promise<
	{ actor: Actor; refused?: never } | { actor?: never; refused: ActionFailure<FormFailure> }
> {
	const actor = requireActor(locals, url);
	try {
		await authorize(actor, action, resource);
		return { actor };
	} catch (e) {
		if (!isAppError(e)) throw e;
		return { refused: refusal(e) };
	}
}

/** An AppError as a form failure, before any field was read. */
export function refusal(e: AppError): ActionFailure<FormFailure> {
	return fail(e.status, { message: e.message, code: e.code, fields: {}, values: {} });
}

/**
 * A "continue" target, settled: a same-origin path, percent-encoded (a Location header takes no
 * raw non-ASCII text), or null when there is none or it is not acceptable.
 */
export function nextPath(next: string | null): string | null {
	if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\'))
		return null;
	try {
		const u = new URL(next, 'http://same.invalid');
		if (u.origin !== 'http://same.invalid' || hasControlCharacter(next)) return null;
		return u.pathname + u.search + u.hash;
	} catch {
		return null;
	}
}

/** Only same-origin paths are accepted as "continue" targets; otherwise the account page. */
export function safeNext(next: string | null): string {
	return nextPath(next) ?? '/account';
}

/** The client's IP for throttling; a misconfigured proxy header must not turn into a 500. */
export function clientAddress(getClientAddress: () => string): string {
	try {
		return getClientAddress();
	} catch {
		return 'unknown';
	}
}
