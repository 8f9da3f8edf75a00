import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../src/lib/server/db/index.js';
import { applications } from '../../src/lib/server/db/schema/index.js';
import { employerWithApplicant, platform, reload, submitted } from '../helpers/applications.js';
import { backend, freshDatabase } from '../helpers/db.js';

/**
 * Only the transition writes an application's state: checked twice, over the code (no other
 * module of src/ sets `state` on the applications table, or the transition's flag) and by the
 * database (a trigger refuses any other change of state).
 */
const TRANSITION = 'src/lib/server/applications/transition-application.ts';

function sources(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) return sources(path);
		return /\.(ts|js|svelte)$/.test(name) && !/\.spec\.ts$/.test(name) ? [path] : [];
	});
}

/** Every `.update(applications)` / `.insert(applications)` call with its argument chain. */
function writesOf(code: string): string[] {
	const found: string[] = [];
	for (const m of code.matchAll(/\.(update|insert)\(\s*(?:schema\.)?applications\s*\)/g)) {
		// The statement runs to the next `;` at the end of a line (a drizzle chain is one statement).
		const rest = code.slice(m.index);
		const end = rest.search(/;\s*\n/);
		found.push(rest.slice(0, end === -1 ? undefined : end));
	}
	return found;
}

const setsState = (statement: string) => /[{,\s]state\s*:/.test(statement);

describe('the code: one writer of state', () => {
	const files = sources('src').map((path) => ({
		path: relative('.', path),
		code: readFileSync(path, 'utf8')
	}));

	it('finds the writes it must judge (the check reads real code)', () => {
		const transition = files.find((f) => f.path === TRANSITION)!;
		expect(writesOf(transition.code).some(setsState)).toBe(true);
		// A write of a state elsewhere would be caught: the detector on a sample.
		expect(writesOf(`tx.update(applications).set({ state: 'approved' });\n`).some(setsState)).toBe(
			true
		);
		expect(
			writesOf(`await tx\n\t.insert(applications)\n\t.values({ id, state: next });\n`).some(
				setsState
			)
		).toBe(true);
		expect(writesOf(`tx.update(applications).set({ content });\n`).some(setsState)).toBe(false);
	});

	it('no module but the transition sets an application’s state', () => {
		const offenders = files
			.filter((f) => f.path !== TRANSITION)
			.flatMap((f) =>
				writesOf(f.code)
					.filter(setsState)
					.map(() => f.path)
			);
		expect(offenders).toEqual([]);
	});

	it('no module but the transition sets the flag the database asks for, nor raw SQL on state', () => {
		const offenders = files
			.filter((f) => f.path !== TRANSITION)
			.filter(
				(f) =>
					f.code.includes('zc.transition') ||
					/update\s+applications\s+set[^;]*\bstate\s*=/i.test(f.code) ||
					/insert\s+into\s+applications\s*\([^)]*\bstate\b/i.test(f.code)
			)
			.map((f) => f.path);
		expect(offenders).toEqual([]);
	});
});

let handle: Awaited<ReturnType<typeof freshDatabase>>;
beforeAll(async () => {
	handle = await freshDatabase();
	await platform();
});
afterAll(() => handle.drop());

async function refusal(p: Promise<unknown>): Promise<string> {
	try {
		await p;
	} catch (e) {
		const cause = (e as { cause?: { message?: string } }).cause;
		return `${(e as Error).message} ${cause?.message ?? ''}`;
	}
	return 'accepted';
}

describe(`the database: one writer of state (${backend})`, () => {
	it('refuses a direct UPDATE of the state, and lets the same row change otherwise', async () => {
		const app = await submitted('recognition', await employerWithApplicant('liujiang'));
		expect(app.state).toBe('awaitingEmployer');
		const direct = db()
			.update(applications)
			.set({ state: 'approved', version: app.version + 1 })
			.where(eq(applications.id, app.id));
		expect(await refusal(direct)).toContain('only the transition changes an application');
		expect((await reload(app.id)).state).toBe('awaitingEmployer');
		// Other columns stay writable (draft sync, sealing personal data).
		await db()
			.update(applications)
			.set({ qualification: '一级教师' })
			.where(eq(applications.id, app.id));
		expect((await reload(app.id)).qualification).toBe('一级教师');
	});

	it('refuses a flag that names another row or version, and any non-draft insert', async () => {
		const who = await employerWithApplicant('liujiang');
		const app = await submitted('recognition', who);
		const forged = db().transaction(async (tx) => {
			await tx.execute(
				sql`select set_config('zc.transition', ${`${app.id}:${app.version}`}, true)`
			);
			await tx
				.update(applications)
				.set({ state: 'approved', version: sql`${applications.version} + 1` })
				.where(eq(applications.id, app.id));
		});
		expect(await refusal(forged)).toContain('only the transition changes an application');
		const inserted = db().insert(applications).values({
			id: crypto.randomUUID(),
			applicantId: who.applicant.user.id,
			kind: 'recognition',
			level: 'junior',
			series: 'engineering',
			applicantName: who.applicant.user.name,
			state: 'approved',
			content: {}
		});
		expect(await refusal(inserted)).toContain('only the transition changes an application');
	});
});
