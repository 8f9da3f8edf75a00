import { beforeEach, describe, expect, it } from 'vitest';
import * as store from '../drafts/store.js';
import { content, freshDb } from '../drafts/test-helpers.js';
import { prepareSignOut } from './sign-out.js';

const ALICE = 'user-alice';
beforeEach(freshDb);

async function drafts() {
	const synced = await store.saveDraft(ALICE, {
		id: crypto.randomUUID(),
		content: content('evaluation', 'S')
	});
	await store.markSynced(synced.id, 1);
	const unsynced = await store.saveDraft(ALICE, {
		id: crypto.randomUUID(),
		content: content('evaluation', 'U')
	});
	const bobs = await store.saveDraft('user-bob', {
		id: crypto.randomUUID(),
		content: content('evaluation', 'B')
	});
	return { synced: synced.id, unsynced: unsynced.id, bobs: bobs.id };
}

/** Answers the questions in order and records them. */
function answers(...replies: boolean[]) {
	const asked: string[] = [];
	return { asked, ask: (m: string) => (asked.push(m), replies.shift() ?? false) };
}

describe('signing out on a shared phone', () => {
	it('with nothing unsynced, clears synced drafts without asking', async () => {
		const s = await store.saveDraft(ALICE, { id: crypto.randomUUID(), content: content() });
		await store.markSynced(s.id, 1);
		const q = answers();
		expect(await prepareSignOut(ALICE, q.ask)).toBe(true);
		expect(q.asked).toHaveLength(0);
		expect(await store.getDraft(s.id)).toBeUndefined();
	});

	it('asks first; "keep" removes only the synced ones and never touches another person', async () => {
		const ids = await drafts();
		const q = answers(true, false);
		expect(await prepareSignOut(ALICE, q.ask)).toBe(true);
		expect(q.asked[0]).toMatch(/1 份申请草稿没有同步/);
		expect(await store.getDraft(ids.synced)).toBeUndefined();
		expect(await store.getDraft(ids.unsynced)).toBeDefined();
		expect(await store.getDraft(ids.bobs)).toBeDefined();
	});

	it('"delete" removes the unsynced ones too, only after the second question', async () => {
		const ids = await drafts();
		expect(await prepareSignOut(ALICE, answers(true, true).ask)).toBe(true);
		expect(await store.getDraft(ids.unsynced)).toBeUndefined();
		expect(await store.getDraft(ids.bobs)).toBeDefined();
	});

	it('"cancel" keeps the person signed in and deletes nothing', async () => {
		const ids = await drafts();
		expect(await prepareSignOut(ALICE, answers(false).ask)).toBe(false);
		expect(await store.getDraft(ids.synced)).toBeDefined();
		expect(await store.getDraft(ids.unsynced)).toBeDefined();
	});
});
