import { authorize } from '#lib/server/auth/actor.js';
import { requireActor } from '#lib/server/http/form.js';
import { listDemoOutbox } from '#lib/server/sms/list-demo-outbox.js';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	await authorize(requireActor(locals, url), 'organisation.list', { type: 'platform' });
	return listDemoOutbox();
};
