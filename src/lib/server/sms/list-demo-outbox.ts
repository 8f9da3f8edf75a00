import { desc } from 'drizzle-orm';
import { smsKinds, type SmsKind } from '#lib/domain/sms-kinds.js';
import { db } from '../db/index.js';
import { smsDemoOutbox } from '../db/schema/index.js';
import { smsProvider } from './config.js';

export interface DemoOutboxMessage {
	id: string;
	kind: string;
	label: string;
	phoneMasked: string;
	text: string;
	createdAt: Date;
}

/** Newest first; the demo outbox is for trying the flows, so the last 100 are enough. */
export async function listDemoOutbox(limit = 100): Promise<{
	providerIsDemo: boolean;
	messages: DemoOutboxMessage[];
}> {
	const rows = await db()
		.select()
		.from(smsDemoOutbox)
		.orderBy(desc(smsDemoOutbox.createdAt), desc(smsDemoOutbox.id))
		.limit(limit);
	return {
		providerIsDemo: smsProvider().name === 'demo',
		messages: rows.map((r) => ({
			...r,
			label: smsKinds[r.kind as SmsKind]?.label ?? r.kind
		}))
	};
}
