import { error } from '@sveltejs/kit';
import { decrypt } from '#lib/server/crypto/pii.js';
import type { LayoutServerLoad } from './$types';

/**
 * The applicant's profile for the form (name, ID number and mobile prefill; the ID number is
 * read-only and re-taken from the profile on submit). The pages themselves render from
 * IndexedDB, so they open offline from the service worker's cached copy.
 */
export const load: LayoutServerLoad = ({ locals }) => {
	const user = locals.user;
	if (!user || locals.actor?.kind !== 'applicant') {
		error(403, '只有个人用户可以填写职称申请，请用个人账号登录。');
	}
	return {
		me: {
			userId: user.id,
			name: user.name,
			idNumber: user.idNumberEnc ? decrypt(user.idNumberEnc) : '',
			mobile: user.mobileEnc ? decrypt(user.mobileEnc) : ''
		}
	};
};
