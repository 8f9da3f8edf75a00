import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals }) => {
	const a = locals.actor;
	return {
		viewer: locals.user
			? {
					name: locals.user.name,
					kind: locals.user.kind,
					orgType: a?.kind === 'staff' ? a.orgType : null,
					orgStatus: a?.kind === 'staff' ? a.orgStatus : null,
					role: a?.kind === 'staff' ? a.role : null
				}
			: null
	};
};
