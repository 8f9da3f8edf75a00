import { createHash } from 'node:crypto';
import type { Actor } from '../../src/lib/domain/policy.js';
import { recordCommitteeDecision } from '../../src/lib/server/applications/record-committee-decision.js';
import { conferBatch } from '../../src/lib/server/applications/confer-batch.js';
import { completeDuePublicity } from '../../src/lib/server/applications/complete-due-publicity.js';
import { transitionApplication } from '../../src/lib/server/applications/transition-application.js';
import { samplePhoto } from '../../src/lib/server/certificates/sample.js';
import { setClock } from '../../src/lib/server/clock.js';
import { db } from '../../src/lib/server/db/index.js';
import { attachments, type Application } from '../../src/lib/server/db/schema/index.js';
import { employerWithApplicant, platform, reload, submitted } from './applications.js';

type Who = Awaited<ReturnType<typeof employerWithApplicant>>;
type Offices = Awaited<ReturnType<typeof platform>>;

export async function approve(actor: Actor, app: Application, opinion = '同意') {
	return (
		await transitionApplication(actor, app.id, {
			event: { type: 'approve' },
			expectedVersion: app.version,
			opinion
		})
	).application;
}

/** Stores the 2-inch photo the form names, as the upload would have. */
export async function attachPhoto(app: Application): Promise<void> {
	const photo = (app.content as { photo?: { id: string } }).photo;
	if (!photo) return;
	const data = await samplePhoto();
	await db()
		.insert(attachments)
		.values({
			id: photo.id,
			ownerUserId: app.applicantId,
			applicationId: app.id,
			purpose: 'photo',
			name: 'photo.jpg',
			mime: 'image/jpeg',
			size: data.length,
			sha256: createHash('sha256').update(data).digest('hex'),
			received: data.length,
			complete: true,
			data
		});
}

/** A recognition approved by the tier office (county office for a liujiang employer). */
export async function approvedRecognition(
	offices: Offices,
	who: Who,
	level: 'junior' | 'intermediate' = 'junior'
) {
	let app = await submitted('recognition', who, {
		level,
		qualification: level === 'junior' ? '助理工程师' : '工程师'
	});
	await attachPhoto(app);
	app = await approve(who.employer.actor, app, '情况属实，同意推荐');
	app = await approve(who.supervisor.actor, app, '同意上报');
	const office = app.tier === 'city' ? offices.city : offices.county;
	return approve(office.actor, app, '经审核，符合认定条件，同意认定');
}

/** Evaluations up to awaitingConferral (committee passed, publicity over). */
export async function evaluationsAwaitingConferral(offices: Offices, count: number) {
	const apps: Application[] = [];
	setClock(() => new Date('2026-02-11T02:00:00Z'));
	try {
		for (let i = 0; i < count; i++) {
			const who = await employerWithApplicant('city');
			let app = await submitted('evaluation', who, { level: 'intermediate' });
			app = await approve(who.employer.actor, app);
			app = await approve(who.supervisor.actor, app);
			app = await approve(offices.seriesOffice.actor, app);
			app = (
				await recordCommitteeDecision(offices.committee.actor, app.id, app.version, {
					sessionName: '2026年第一次评审会议',
					heldOn: '2026-02-10',
					membersPresent: 15,
					votesFor: 12,
					votesAgainst: 2,
					abstentions: 1
				})
			).application;
			apps.push(app);
		}
		setClock(() => new Date('2026-02-26T02:00:00Z'));
		await completeDuePublicity();
	} finally {
		setClock(undefined);
	}
	return Promise.all(apps.map((a) => reload(a.id)));
}

export async function conferredEvaluation(offices: Offices, documentNumber: string) {
	const [app] = await evaluationsAwaitingConferral(offices, 1);
	const batch = await conferBatch(offices.city.actor, {
		documentNumber,
		conferredOn: '2026-02-27',
		applicationIds: [app.id]
	});
	return { app: await reload(app.id), conferralId: batch.conferralId };
}
