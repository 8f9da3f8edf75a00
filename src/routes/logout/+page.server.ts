import { redirect } from '@sveltejs/kit';
import { deleteSessionTokenCookie } from '#lib/server/auth/cookie.js';
import { invalidateSession } from '#lib/server/auth/session.js';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => redirect(303, '/');

export const actions: Actions = {
	default: async ({ locals, cookies, url }) => {
		if (locals.session) await invalidateSession(locals.session.id);
		deleteSessionTokenCookie(cookies, url);
		redirect(303, '/login');
	}
};
