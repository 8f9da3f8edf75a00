/**
 * Signing out on a shared phone. Synced drafts are on the server, so they leave this phone
 * silently. Unsynced ones exist ONLY here: the person is asked first — stay signed in (to sync
 * or export them), or sign out and keep them, or sign out and delete them.
 */
import { clearUserDrafts, listDrafts, openStore } from '../drafts/store.js';
import { applicationsKey } from '../sync/pull.js';
import { flushPendingSaves } from './pending-saves.js';
import { forgetCachedPages } from './register.js';

export type Ask = (message: string) => boolean;

export async function prepareSignOut(
	userId: string,
	ask: Ask = (m) => confirm(m)
): Promise<boolean> {
	await flushPendingSaves();
	const unsynced = (await listDrafts(userId)).filter((d) => d.syncState !== 'synced').length;
	let includeUnsynced = false;
	if (unsynced > 0) {
		const proceed = ask(
			`这台手机上还有 ${unsynced} 份申请草稿没有同步到服务器。\n\n` +
				'点“取消”留在本页，可以先联网同步或导出草稿；点“确定”继续退出。'
		);
		if (!proceed) return false;
		includeUnsynced = ask(
			'是否从这台手机上删除这些未同步的草稿？\n\n' +
				'共用手机请点“确定”删除（删除后无法恢复）；自己的手机点“取消”保留，下次登录后可继续填写。'
		);
	}
	await clearUserDrafts(userId, { includeUnsynced });
	await (await openStore()).delete('meta', applicationsKey(userId));
	await forgetCachedPages();
	return true;
}
