import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';

/**
 * The embedded database is single-instance: PGlite is PostgreSQL inside this process, with no
 * server to arbitrate between two processes writing the same files, so a second process on the
 * same data directory would corrupt it. `<dataDir>.lock` holds the pid of the process that has
 * it open; another process refuses to start while that pid is alive. A lock left by a process
 * that died (killed, crashed) is taken over. Several instances need PostgreSQL (DATABASE_URL).
 *
 * Hand-written (a pid file opened with O_EXCL) rather than proper-lockfile: the data directory
 * is always on this machine, where a pid check is exact and needs no timer refreshing a mtime.
 */
export function lockDataDir(dataDir: string): () => void {
	const file = `${dataDir.replace(/[/\\]+$/, '')}.lock`;
	for (let attempt = 0; ; attempt++) {
		try {
			writeFileSync(file, String(process.pid), { flag: 'wx' });
			break;
		} catch (e) {
			if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw e;
			const holder = Number(readFileSync(file, 'utf8').trim());
			if (holder && holder !== process.pid && alive(holder))
				throw new Error(
					`the embedded database in ${dataDir} is open in another process (pid ${holder}): ` +
						'it is single-instance. Stop that process, or run several instances on PostgreSQL ' +
						`(DATABASE_URL). If no such process runs, delete ${file}.`,
					{ cause: e }
				);
			unlinkSync(file);
		}
	}
	return () => {
		try {
			if (readFileSync(file, 'utf8').trim() === String(process.pid)) unlinkSync(file);
		} catch {
			/* already gone */
		}
	};
}

function alive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (e) {
		return (e as NodeJS.ErrnoException).code === 'EPERM';
	}
}
