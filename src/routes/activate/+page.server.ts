import { redirect } from '@sveltejs/kit';
import { hit, limits } from '#lib/server/auth/throttle.js';
import { AppError } from '#lib/domain/errors.js';
import { attempt, clientAddress, str } from '#lib/server/http/form.js';
import { activateAccount } from '#lib/server/legacy/import-accounts.js';
import { route } from '#lib/routes.js';
import type { Actions } from './$types';

export const actions: Actions = {
	default: async ({ request, getClientAddress }) => {
		const data = await request.formData();
		const result = await attempt(data, async () => {
			if (!(await hit('activate', clientAddress(getClientAddress), limits.lookupPerIp)))
				throw new AppError('RATE_LIMITED');
			await activateAccount({
				identifier: str(data, 'identifier'),
				code: str(data, 'code'),
				password: str(data, 'password'),
				confirm: str(data, 'confirm')
			});
			return { done: true as const };
		});
		if (!('done' in result)) return result;
		redirect(303, route.login());
	}
};
