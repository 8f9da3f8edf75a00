/**
 * Creates the real certificates behind the shared vectors (certificates.ts) in the current
 * database, through the real use cases only: recognition approvals issue, the city office
 * revokes, a reissue after a completed invalidation notice voids, a running notice, a key
 * rotation. Runs on a fixed timeline in February–March 2026 (an official 2026 calendar), except
 * the running notice, which must still be running when the vectors are checked: it is
 * published "now".
 */
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { toBase64url } from '../../src/lib/domain/certificate-token.js';
import { submitApplication } from '../../src/lib/server/applications/submit-application.js';
import { revokeCertificate } from '../../src/lib/server/certificates/issue-certificate.js';
import { rotateTokenKey, tokenKeyFor } from '../../src/lib/server/certificates/token-keys.js';
import { setClock } from '../../src/lib/server/clock.js';
import { db } from '../../src/lib/server/db/index.js';
import {
	applications,
	certificates,
	type Certificate
} from '../../src/lib/server/db/schema/index.js';
import { publishNotice } from '../../src/lib/server/notices/publish-notice.js';
import { completeDraft, employerWithApplicant, platform, reload } from '../helpers/applications.js';
import { approve, approvedRecognition, attachPhoto } from '../helpers/certificates.js';
import type { VectorSource } from './certificates.js';

type Who = Awaited<ReturnType<typeof employerWithApplicant>>;
type Offices = Awaited<ReturnType<typeof platform>>;

/** China 10:00 on the given day. */
const on = (day: string) => setClock(() => new Date(`${day}T02:00:00Z`));

async function certificateOf(applicationId: string): Promise<Certificate> {
	const [c] = await db()
		.select()
		.from(certificates)
		.where(eq(certificates.applicationId, applicationId));
	return c;
}

async function issued(offices: Offices, tier: string, level: 'junior' | 'intermediate' = 'junior') {
	const who = await employerWithApplicant(tier);
	const cert = await certificateOf((await approvedRecognition(offices, who, level)).id);
	return { who, cert };
}

async function reissueDraft(who: Who): Promise<string> {
	const id = randomUUID();
	const content = completeDraft('reissue', {
		name: who.applicant.user.name,
		idNumber: who.applicant.idNumber,
		mobile: who.applicant.mobile,
		employerId: who.employer.orgId,
		level: 'junior',
		qualification: '助理工程师'
	});
	await db()
		.insert(applications)
		.values({
			id,
			applicantId: who.applicant.user.id,
			kind: 'reissue',
			level: 'junior',
			series: 'engineering',
			applicantName: who.applicant.user.name,
			content: content as unknown as Record<string, unknown>
		});
	return id;
}

export async function materializeVectors(existing?: Offices): Promise<VectorSource> {
	const offices = existing ?? (await platform());
	try {
		on('2026-02-02');
		const valid = await issued(offices, 'city', 'intermediate');
		const revoked = await issued(offices, 'city');
		const notice = await issued(offices, 'city');
		const voided = await issued(offices, 'liujiang');
		const rotated = await issued(offices, 'liujiang', 'intermediate');

		on('2026-02-03');
		await revokeCertificate(
			offices.city.actor,
			revoked.cert.id,
			'经核查，申报材料中的学历证书系伪造'
		);

		// Lost → invalidation notice (Thu 02-12, complete after 02-26) → reissue voids the old one.
		on('2026-02-12');
		const draft = await reissueDraft(voided.who);
		await publishNotice(voided.who.applicant.actor, {
			applicationId: draft,
			expectedVersion: 1,
			subject: { type: 'electronic', certificateId: voided.cert.id }
		});
		on('2026-02-27');
		let app = (
			await submitApplication(voided.who.applicant.actor, draft, (await reload(draft)).version)
		).application;
		await attachPhoto(app);
		app = await approve(voided.who.employer.actor, app);
		app = await approve(voided.who.supervisor.actor, app);
		app = await approve(offices.county.actor, app, '遗失补办，同意');
		if (app.state !== 'approved') throw new Error('reissue not approved');

		// The county office rotates its key: `rotated` stays valid under the retired key.
		on('2026-03-02');
		const retired = await tokenKeyFor(db(), offices.county.orgId);
		await db().transaction((tx) => rotateTokenKey(tx, offices.county.orgId));
		const current = await tokenKeyFor(db(), offices.county.orgId);

		// A notice running today (whatever day the vectors are checked).
		setClock(undefined);
		const noticeDraft = await reissueDraft(notice.who);
		await publishNotice(notice.who.applicant.actor, {
			applicationId: noticeDraft,
			expectedVersion: 1,
			subject: { type: 'electronic', certificateId: notice.cert.id }
		});

		return {
			tokens: {
				valid: valid.cert.token,
				voided: voided.cert.token,
				revoked: revoked.cert.token,
				notice: notice.cert.token,
				rotated: rotated.cert.token
			},
			retiredKey: {
				kid: retired.kid,
				privateKey: toBase64url(retired.privateKey),
				dayAfterRetirement: '2026-03-03'
			},
			currentKey: { kid: current.kid, privateKey: toBase64url(current.privateKey) },
			idNumbers: [valid, revoked, notice, voided, rotated].map((x) => x.who.applicant.idNumber)
		};
	} finally {
		setClock(undefined);
	}
}
