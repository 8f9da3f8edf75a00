import { eq } from 'drizzle-orm';
import { orgTypeName, tierName } from '#lib/domain/catalogue.js';
import { changePassword } from '#lib/server/accounts/change-password.js';
import { requireActor, attempt, str } from '#lib/server/http/form.js';
import { db } from '#lib/server/db/index.js';
import { organisations } from '#lib/server/db/schema/index.js';
import type { Actions, PageServerLoad } from './$types';
import { redirect } from '@sveltejs/kit';

export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = requireActor(locals, url);
	const user = locals.user!;
	const [org] =
		actor.kind === 'staff'
			? await db()
					.select({
						name: organisations.name,
						type: organisations.type,
						tier: organisations.tier,
						status: organisations.status,
						rejectionReason: organisations.rejectionReason
					})
					.from(organisations)
					.where(eq(organisations.id, actor.orgId))
			: [];
	return {
		welcome: url.searchParams.has('welcome'),
		profile: {
			name: user.name,
			username: user.username,
			idNumberMasked: user.idNumberMasked,
			kind: user.kind,
			role: user.role
		},
		organisation: org
			? { ...org, typeName: orgTypeName(org.type), tierName: tierName(org.tier) }
			: null
	};
};

export const actions: Actions = {
	password: async ({ request, locals, url }) => {
		requireActor(locals, url);
		const data = await request.formData();
		const result = await attempt(data, () =>
			changePassword(locals.user!, {
				current: str(data, 'current'),
				next: str(data, 'next'),
				confirm: str(data, 'confirm')
			})
		);
		if (result) return result;
		redirect(303, '/login?next=/account');
	}
};
