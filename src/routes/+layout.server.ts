import { unreadCount } from '#lib/server/notifications/inbox.js';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ locals }) => {
	const a = locals.actor;
	return {
		// The header's unread badge: one indexed count per navigation for signed-in people.
		unread: a ? await unreadCount(a) : 0,
		viewer: locals.user
			? {
					id: locals.user.id,
					name: locals.user.name,
					kind: locals.user.kind,
					orgType: a?.kind === 'staff' ? a.orgType : null,
					orgStatus: a?.kind === 'staff' ? a.orgStatus : null,
					role: a?.kind === 'staff' ? a.role : null
				}
			: null
	};
};
