/**
 * The one sync runner of a page: a SyncQueue over HTTP for the signed-in applicant, run on
 * load, when the network returns and on demand, followed by a pull of what the server holds.
 * `syncStatus` is reactive, for the status line and the upload progress bars.
 */
import { SyncQueue, type SyncReport } from '../drafts/sync.js';
import { httpTransport, SessionExpired } from './http-transport.js';
import { fetchApplications, pull } from './pull.js';

export const syncStatus = $state({
	online: typeof navigator === 'undefined' ? true : navigator.onLine,
	running: false,
	/** Bumped whenever drafts may have changed: lists re-read IndexedDB. */
	revision: 0,
	message: null as string | null,
	lastReport: null as SyncReport | null,
	/** Per attachment id: bytes the server has acknowledged. */
	progress: {} as Record<string, { sent: number; total: number }>
});

let queue: SyncQueue | null = null;
let userId: string | null = null;
let stopListening: (() => void) | null = null;

export function startSync(forUser: string): void {
	if (userId === forUser && queue) return;
	stopListening?.();
	userId = forUser;
	queue = new SyncQueue({
		transport: httpTransport(),
		userId: forUser,
		maxAttempts: 4,
		baseDelayMs: 500,
		maxDelayMs: 8000,
		onProgress: (_draftId, attachmentId, sent, total) => {
			syncStatus.progress[attachmentId] = { sent, total };
		},
		onStateChange: () => syncStatus.revision++
	});
	const online = () => {
		syncStatus.online = true;
		void syncNow();
	};
	const offline = () => (syncStatus.online = false);
	addEventListener('online', online);
	addEventListener('offline', offline);
	stopListening = () => {
		removeEventListener('online', online);
		removeEventListener('offline', offline);
	};
	void syncNow();
}

let running: Promise<void> | null = null;

/** Pull, push, pull: adopt returned drafts, send local ones, learn the new versions. */
export function syncNow(): Promise<void> {
	if (!queue || !userId || !navigator.onLine) return Promise.resolve();
	running ??= (async () => {
		syncStatus.running = true;
		try {
			await pull(userId!, await checked(fetchApplications()));
			const report = await queue!.syncNow();
			syncStatus.lastReport = report;
			if (report.synced.length) await pull(userId!, await fetchApplications());
			syncStatus.message = report.pending.length
				? '部分草稿暂未同步（网络不稳定），稍后会自动重试。'
				: null;
		} catch (e) {
			syncStatus.message =
				e instanceof SessionExpired
					? e.message
					: '暂时无法连接服务器，草稿已保存在本机，联网后会自动同步。';
		} finally {
			syncStatus.running = false;
			syncStatus.revision++;
			running = null;
		}
	})();
	return running;
}

async function checked<T>(request: Promise<T>): Promise<T> {
	try {
		return await request;
	} catch (e) {
		if (e instanceof Error && e.message === 'HTTP 401') throw new SessionExpired();
		throw e;
	}
}
