/**
 * Online verification of an archive form's QR (`/v/f/<token>`, archive-form-token.ts): the
 * signature by a published key, then the register — the form number exists, was issued by the
 * key's organisation, and its content digest is the one signed (a form regenerated after the
 * application changed would not match).
 */
import { eq } from 'drizzle-orm';
import { formDigest, verifyArchiveFormToken } from '../../domain/archive-form-token.js';
import {
	formKindLabel,
	verdictLabels,
	type FormVerificationResult
} from '../../domain/verification.js';
import { now } from '../clock.js';
import { db } from '../db/index.js';
import { applications, archiveForms } from '../db/schema/index.js';
import { resolveKey } from './key-ring.js';
import { recordVerification } from './verification-log.js';
import type { VerifyContext } from './verify-certificate.js';

export async function verifyArchiveForm(
	token: string,
	ctx: VerifyContext
): Promise<FormVerificationResult> {
	const at = now();
	const checkedAt = at.toISOString();
	const invalid = (
		reason: NonNullable<FormVerificationResult['reason']>,
		subjectNo: string | null,
		archiveFormId: string | null = null
	): FormVerificationResult => {
		if (ctx.log !== false)
			recordVerification({
				archiveFormId,
				subjectNo,
				verdict: 'invalid',
				reason,
				channel: ctx.channel,
				verifierOrgId: ctx.verifierOrgId,
				clientAddress: ctx.clientAddress,
				at
			});
		return {
			verdict: 'invalid',
			label: verdictLabels.invalid,
			reason,
			form: null,
			checkedAt,
			mode: 'online'
		};
	};
	if (typeof token !== 'string' || token.length > 512) return invalid('malformed', null);
	let keyOrg: { id: string; name: string } | undefined;
	const checked = await verifyArchiveFormToken(token, async (kid) => {
		const key = await resolveKey(kid);
		keyOrg = key && { id: key.orgId, name: key.orgName };
		return key?.publicKey;
	});
	if (!checked.ok) return invalid(checked.reason, null);
	const { claim } = checked;
	const [row] = await db()
		.select({
			id: archiveForms.id,
			issuerOrgId: archiveForms.issuerOrgId,
			contentSha256: archiveForms.contentSha256,
			createdAt: archiveForms.createdAt,
			applicantName: applications.applicantName
		})
		.from(archiveForms)
		.innerJoin(applications, eq(applications.id, archiveForms.applicationId))
		.where(eq(archiveForms.formNo, claim.formNo));
	if (!row) return invalid('not-registered', claim.formNo);
	if (row.issuerOrgId !== keyOrg?.id || formDigest(row.contentSha256) !== claim.digest)
		return invalid('content-mismatch', claim.formNo, row.id);
	if (ctx.log !== false)
		recordVerification({
			archiveFormId: row.id,
			subjectNo: claim.formNo,
			verdict: 'valid',
			channel: ctx.channel,
			verifierOrgId: ctx.verifierOrgId,
			clientAddress: ctx.clientAddress,
			at
		});
	return {
		verdict: 'valid',
		label: verdictLabels.valid,
		reason: null,
		form: {
			formNo: claim.formNo,
			kindLabel: formKindLabel(claim.formNo),
			issuer: keyOrg?.name ?? null,
			applicantName: row.applicantName,
			createdOn: new Date(row.createdAt.getTime() + 8 * 3600_000).toISOString().slice(0, 10)
		},
		checkedAt,
		mode: 'online'
	};
}
