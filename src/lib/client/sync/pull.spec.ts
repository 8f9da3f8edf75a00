import { beforeEach, describe, expect, it } from 'vitest';
import * as store from '../drafts/store.js';
import { content, freshDb } from '../drafts/test-helpers.js';
import { cachedApplications, pull, type ServerApplication } from './pull.js';

const ALICE = 'user-alice';
beforeEach(freshDb);

function serverApp(
	id: string,
	state: string,
	version: number,
	specialty: string,
	editable = state === 'draft' || state === 'returned'
): ServerApplication {
	return {
		id,
		kind: 'evaluation',
		state,
		stateLabel: state,
		number: null,
		version,
		submittedAt: null,
		record: editable
			? {
					id,
					version,
					updatedAt: '2026-11-01T00:00:00.000Z',
					content: content('evaluation', specialty),
					clientId: 'other-phone'
				}
			: null,
		returned: state === 'returned' ? { opinion: '请补充学历证书', sections: ['attachments'] } : null
	};
}

async function synced(specialty: string, version = 1) {
	const d = await store.saveDraft(ALICE, {
		id: crypto.randomUUID(),
		content: content('evaluation', specialty)
	});
	await store.markSynced(d.id, version);
	return d.id;
}

describe('pull', () => {
	it('takes up an application returned for revision as an editable draft, offline afterwards', async () => {
		const id = await synced('电气', 2);
		await pull(ALICE, [serverApp(id, 'returned', 4, '电气工程')]);
		const draft = await store.getDraft(id);
		expect(draft).toMatchObject({ syncState: 'synced', version: 4 });
		expect(draft?.content.title.specialty).toBe('电气工程');
		expect((await cachedApplications(ALICE))[0].returned?.opinion).toBe('请补充学历证书');
	});

	it('takes up a draft this phone has never seen (written on another phone)', async () => {
		const id = crypto.randomUUID();
		await pull(ALICE, [serverApp(id, 'draft', 3, '给排水')]);
		expect(await store.getDraft(id)).toMatchObject({
			userId: ALICE,
			version: 3,
			syncState: 'synced'
		});
	});

	it('never overwrites unsynced edits: they stay local and meet the server version as a conflict later', async () => {
		const id = await synced('电气', 1);
		await store.saveDraft(ALICE, { id, content: content('evaluation', '本机修改') });
		await pull(ALICE, [serverApp(id, 'draft', 2, '其他设备修改')]);
		const draft = await store.getDraft(id);
		expect(draft).toMatchObject({ syncState: 'local', version: 1 });
		expect(draft?.content.title.specialty).toBe('本机修改');
	});

	it('removes a submitted application from the drafts once the phone copy is synced, and lists it', async () => {
		const id = await synced('电气', 1);
		await pull(ALICE, [serverApp(id, 'awaitingEmployer', 2, '电气')]);
		expect(await store.getDraft(id)).toBeUndefined();
		expect(await cachedApplications(ALICE)).toMatchObject([{ id, state: 'awaitingEmployer' }]);
	});

	it("leaves another person's draft on a shared phone alone", async () => {
		const bob = await store.saveDraft('user-bob', {
			id: crypto.randomUUID(),
			content: content('evaluation', 'B')
		});
		await pull(ALICE, [serverApp(bob.id, 'draft', 5, 'A')]);
		expect(await store.getDraft(bob.id)).toMatchObject({ userId: 'user-bob', syncState: 'local' });
	});
});
