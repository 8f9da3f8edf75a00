import { redirect } from '@sveltejs/kit';
import { ORG_TYPES, SERIES, TIERS } from '#lib/domain/catalogue.js';
import { attempt, authorizeForm, str } from '#lib/server/http/form.js';
import { createOrganisation } from '#lib/server/organisations/create-organisation.js';
import { listSupervisors } from '#lib/server/organisations/queries.js';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async () => ({
	types: ORG_TYPES,
	tiers: TIERS,
	series: SERIES,
	supervisors: await listSupervisors()
});

export const actions: Actions = {
	// Authorized before the body is read: the admin's password is hashed (argon2id).
	default: async ({ locals, url, request }) => {
		const { actor, refused } = await authorizeForm(locals, url, 'organisation.create', {
			type: 'platform'
		});
		if (refused) return refused;
		const data = await request.formData();
		const result = await attempt(data, () =>
			createOrganisation(actor, {
				type: str(data, 'type'),
				name: str(data, 'name'),
				tier: str(data, 'tier'),
				series: str(data, 'series'),
				supervisorId: str(data, 'supervisorId'),
				creditCode: str(data, 'creditCode'),
				adminName: str(data, 'adminName'),
				adminUsername: str(data, 'adminUsername'),
				adminPassword: str(data, 'adminPassword')
			})
		);
		if (!('organisationId' in result)) return result;
		redirect(303, `/admin/organisations/${result.organisationId}`);
	}
};
