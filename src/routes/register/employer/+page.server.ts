import { redirect } from '@sveltejs/kit';
import { TIERS } from '#lib/domain/catalogue.js';
import { AppError } from '#lib/domain/errors.js';
import { hit, limits } from '#lib/server/auth/throttle.js';
import { attempt, clientAddress, refusal, str } from '#lib/server/http/form.js';
import { listSupervisors } from '#lib/server/organisations/queries.js';
import { registerEmployer } from '#lib/server/organisations/register-employer.js';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async () => ({
	supervisors: await listSupervisors(),
	tiers: TIERS
});

export const actions: Actions = {
	// Throttled before the body is read: the licence is decoded and the password hashed.
	default: async ({ request, getClientAddress }) => {
		if (!(await hit('register', clientAddress(getClientAddress), limits.registerPerIp)))
			return refusal(new AppError('RATE_LIMITED'));
		const data = await request.formData();
		const licence = data.get('licence');
		const result = await attempt(data, async () =>
			registerEmployer({
				name: str(data, 'name'),
				creditCode: str(data, 'creditCode'),
				tier: str(data, 'tier'),
				supervisorId: str(data, 'supervisorId'),
				contactName: str(data, 'contactName'),
				contactMobile: str(data, 'contactMobile'),
				username: str(data, 'username'),
				password: str(data, 'password'),
				passwordConfirm: str(data, 'passwordConfirm'),
				licence: licence instanceof File ? licence : null
			})
		);
		if (!('organisationId' in result)) return result;
		redirect(303, '/login?registered=employer');
	}
};
