import { redirect } from '@sveltejs/kit';
import { actorOf } from '#lib/server/auth/actor.js';
import { setSessionTokenCookie } from '#lib/server/auth/cookie.js';
import { landingFor } from '#lib/server/auth/landing.js';
import { invalidateSession } from '#lib/server/auth/session.js';
import { signIn } from '#lib/server/auth/sign-in.js';
import { t } from '#lib/messages.js';
import { attempt, clientAddress, nextPath, str } from '#lib/server/http/form.js';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	if (locals.actor)
		redirect(303, nextPath(url.searchParams.get('next')) ?? (await landingFor(locals.actor)));
	const registered = url.searchParams.get('registered') === 'employer';
	const reset = url.searchParams.get('reset') === '1';
	return {
		notice: registered
			? '单位注册申请已提交。请用单位登录名登录查看审核进度。'
			: reset
				? t.login.resetDone
				: null,
		next: nextPath(url.searchParams.get('next'))
	};
};

export const actions: Actions = {
	default: async ({ request, cookies, url, locals, getClientAddress }) => {
		// Where to go is settled before anything is written: a bad `next` never costs a session.
		const next = nextPath(url.searchParams.get('next'));
		const data = await request.formData();
		const result = await attempt(data, () =>
			signIn({
				identifier: str(data, 'identifier'),
				password: str(data, 'password'),
				ip: clientAddress(getClientAddress)
			})
		);
		if (!('token' in result)) return result;
		// Rotation: any session the browser already had ends here.
		if (locals.session) await invalidateSession(locals.session.id);
		setSessionTokenCookie(cookies, url, result.token, result.session.expiresAt);
		// No `next`: what this person came for (their applications, their queue), not the account.
		redirect(303, next ?? (await landingFor(await actorOf(result.user))));
	}
};
