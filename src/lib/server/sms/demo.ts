import { maskMobile } from '#lib/domain/identity.js';
import { renderSms } from '#lib/domain/sms-kinds.js';
import { db } from '../db/index.js';
import { smsDemoOutbox } from '../db/schema/index.js';
import type { SmsProvider } from './provider.js';

/**
 * The demo "provider": writes the rendered message into the demo outbox that the city office
 * reads at /admin/messages/outbox. Used by the embedded demo and whenever no provider is set.
 */
export const demoProvider: SmsProvider = {
	name: 'demo',
	async send(kind, phone, params) {
		const [row] = await db()
			.insert(smsDemoOutbox)
			.values({ kind, phoneMasked: maskMobile(phone), text: renderSms(kind, params) })
			.returning({ id: smsDemoOutbox.id });
		return row.id;
	}
};
