import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { landingFor } from '../../src/lib/server/auth/landing.js';
import { nextPath } from '../../src/lib/server/http/form.js';
import { freshDatabase } from '../helpers/db.js';
import { employerWithApplicant, platform, submitted } from '../helpers/applications.js';
import { makeOrg } from '../helpers/factories.js';

let handle: Awaited<ReturnType<typeof freshDatabase>>;
let offices: Awaited<ReturnType<typeof platform>>;
beforeAll(async () => {
	handle = await freshDatabase();
	offices = await platform();
});
afterAll(() => handle.drop());

describe('landingFor: where a sign-in without `next` lands', () => {
	it('an applicant without applications starts one; with one, sees them', async () => {
		const who = await employerWithApplicant();
		expect(await landingFor(who.applicant.actor)).toBe('/drafts/new');
		await submitted('recognition', who);
		expect(await landingFor(who.applicant.actor)).toBe('/applications');
	});

	it('staff of an active organisation land on their queue, whatever the organisation', async () => {
		const who = await employerWithApplicant();
		for (const org of [who.employer, who.supervisor, ...Object.values(offices)])
			expect(await landingFor(org.actor)).toBe('/review');
	});

	it('a pending or rejected employer lands on the account page, which shows its status', async () => {
		expect(await landingFor((await makeOrg('employer', { status: 'pending' })).actor)).toBe(
			'/account'
		);
		expect(await landingFor((await makeOrg('employer', { status: 'rejected' })).actor)).toBe(
			'/account'
		);
	});
});

describe('nextPath: a "continue" target is settled before anything is written', () => {
	it('keeps same-origin paths, percent-encoded', () => {
		expect(nextPath('/drafts/new?kind=recognition')).toBe('/drafts/new?kind=recognition');
		expect(nextPath('/notices?q=莫')).toBe('/notices?q=%E8%8E%AB');
	});

	it('answers null (then the landing decides) for none, other origins and control characters', () => {
		for (const bad of [null, '', 'https://evil.example', '//evil.example', '/\\evil', '/a\r\nX:1'])
			expect(nextPath(bad), String(bad)).toBeNull();
	});
});
