import { redirect } from '@sveltejs/kit';
import { requestPasswordReset } from '#lib/server/accounts/request-password-reset.js';
import { resetPassword } from '#lib/server/accounts/reset-password.js';
import { attempt, clientAddress, str } from '#lib/server/http/form.js';
import { route } from '#lib/routes.js';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	if (locals.actor) redirect(303, route.account());
	return {};
};

export const actions: Actions = {
	request: async ({ request, getClientAddress }) => {
		const data = await request.formData();
		return attempt(data, () =>
			requestPasswordReset({ mobile: str(data, 'mobile'), ip: clientAddress(getClientAddress) })
		);
	},
	reset: async ({ request }) => {
		const data = await request.formData();
		const result = await attempt(data, async () => {
			await resetPassword({
				ticket: str(data, 'ticket'),
				code: str(data, 'code'),
				password: str(data, 'password'),
				confirm: str(data, 'passwordConfirm')
			});
			return { done: true as const };
		});
		if (!('done' in result)) return result;
		redirect(303, `${route.login()}?reset=1`);
	}
};
