import { redirect } from '@sveltejs/kit';
import { AppError } from '#lib/domain/errors.js';
import { registerApplicant } from '#lib/server/accounts/register-applicant.js';
import { setSessionTokenCookie } from '#lib/server/auth/cookie.js';
import { createSession, generateSessionToken } from '#lib/server/auth/session.js';
import { hit, limits } from '#lib/server/auth/throttle.js';
import { route } from '#lib/routes.js';
import { attempt, clientAddress, nextPath, str } from '#lib/server/http/form.js';
import type { Actions } from './$types';

export const actions: Actions = {
	default: async ({ request, cookies, url, getClientAddress }) => {
		// As at sign-in: the target is settled before the account and its session are written.
		const next = nextPath(url.searchParams.get('next'));
		const data = await request.formData();
		const result = await attempt(data, async () => {
			if (!(await hit('register', clientAddress(getClientAddress), limits.registerPerIp)))
				throw new AppError('RATE_LIMITED');
			return registerApplicant({
				name: str(data, 'name'),
				idNumber: str(data, 'idNumber'),
				mobile: str(data, 'mobile'),
				password: str(data, 'password'),
				passwordConfirm: str(data, 'passwordConfirm')
			});
		});
		if (!('id' in result)) return result;
		const token = generateSessionToken();
		const session = await createSession(token, result);
		setSessionTokenCookie(cookies, url, token, session.expiresAt);
		// A new account has no applications yet: it lands on 开始申请 (see landingFor), greeted.
		redirect(303, next ?? route.draftNew({ welcome: true }));
	}
};
