/** Read models for the city office's certificate screens. */
import { desc, eq, ilike, inArray, isNull, or } from 'drizzle-orm';
import { isValidIdNumber } from '../../domain/identity.js';
import type { Actor } from '../../domain/policy.js';
import { authorize } from '../auth/actor.js';
import { blindIndex } from '../crypto/pii.js';
import { db } from '../db/index.js';
import {
	certificateSigningIdentities,
	certificateTokenKeys,
	certificates,
	organisations
} from '../db/schema/index.js';

/** By certificate or management number, name, or a complete ID number (blind index). */
export async function searchCertificates(actor: Actor, q: string) {
	await authorize(actor, 'certificate.revoke', {
		type: 'certificate',
		holderUserId: '',
		issuerOrgId: ''
	});
	const term = q.trim().slice(0, 40);
	const idNumber = term.toUpperCase();
	const where = !term
		? undefined
		: isValidIdNumber(idNumber)
			? eq(certificates.idNumberHmac, blindIndex('id', idNumber))
			: or(
					eq(certificates.certificateNo, term),
					eq(certificates.managementNo, term),
					ilike(certificates.holderName, `%${term.replace(/[%_\\]/g, '\\$&')}%`)
				);
	return db()
		.select({
			id: certificates.id,
			certificateNo: certificates.certificateNo,
			managementNo: certificates.managementNo,
			holderName: certificates.holderName,
			idNumberMasked: certificates.idNumberMasked,
			qualification: certificates.qualification,
			issuerName: certificates.issuerName,
			issuedOn: certificates.issuedOn,
			status: certificates.status,
			revokeReason: certificates.revokeReason
		})
		.from(certificates)
		.where(where)
		.orderBy(desc(certificates.createdAt))
		.limit(50);
}

/** Issuing offices with their current token key and PDF-signing identity (keys admin screen). */
export async function issuingOfficesWithKeys(actor: Actor) {
	await authorize(actor, 'certificate.keys', { type: 'platform' });
	const offices = await db()
		.select({ id: organisations.id, name: organisations.name, type: organisations.type })
		.from(organisations)
		.where(inArray(organisations.type, ['cityOffice', 'countyOffice']))
		.orderBy(organisations.type, organisations.name);
	const keys = await db()
		.select({
			kid: certificateTokenKeys.kid,
			organisationId: certificateTokenKeys.organisationId,
			notBefore: certificateTokenKeys.notBefore,
			retiredAt: certificateTokenKeys.retiredAt
		})
		.from(certificateTokenKeys);
	const identities = await db()
		.select({
			organisationId: certificateSigningIdentities.organisationId,
			source: certificateSigningIdentities.source,
			subject: certificateSigningIdentities.subject,
			notAfter: certificateSigningIdentities.notAfter
		})
		.from(certificateSigningIdentities)
		.where(isNull(certificateSigningIdentities.retiredAt));
	return offices.map((o) => ({
		...o,
		currentKid: keys.find((k) => k.organisationId === o.id && !k.retiredAt)?.kid ?? null,
		retiredKeys: keys.filter((k) => k.organisationId === o.id && k.retiredAt).length,
		identity: identities.find((i) => i.organisationId === o.id) ?? null
	}));
}

/** The certificate an application's final decision issued, if any (for the deciding office). */
export async function certificateOfApplication(applicationId: string) {
	const [row] = await db()
		.select({
			id: certificates.id,
			certificateNo: certificates.certificateNo,
			managementNo: certificates.managementNo,
			issuedOn: certificates.issuedOn,
			status: certificates.status
		})
		.from(certificates)
		.where(eq(certificates.applicationId, applicationId));
	return row;
}
