/**
 * "Who checked my certificate?" — the verification log of one holder's certificates, newest
 * first. The verifier is named only by organisation (signed-in staff) or shown as anonymous;
 * nothing about anonymous verifiers is revealed.
 */
import { and, desc, eq, isNotNull, ne } from 'drizzle-orm';
import { db } from '../db/index.js';
import { certificates, organisations, verificationLog } from '../db/schema/index.js';

export interface HolderCheck {
	at: Date;
	firstAt: Date;
	count: number;
	certificateNo: string;
	qualification: string;
	verifier: string | null;
	channel: 'page' | 'api' | 'lookup' | 'scan';
	verdict: string;
}

export async function checksOfHolder(userId: string, limit = 100): Promise<HolderCheck[]> {
	const rows = await db()
		.select({
			at: verificationLog.lastAt,
			firstAt: verificationLog.firstAt,
			count: verificationLog.count,
			certificateNo: certificates.certificateNo,
			qualification: certificates.qualification,
			verifier: organisations.name,
			channel: verificationLog.channel,
			verdict: verificationLog.verdict
		})
		.from(verificationLog)
		.innerJoin(certificates, eq(certificates.id, verificationLog.certificateId))
		.leftJoin(organisations, eq(organisations.id, verificationLog.verifierOrgId))
		.where(
			and(
				eq(certificates.holderUserId, userId),
				isNotNull(verificationLog.certificateId),
				ne(verificationLog.verdict, 'invalid')
			)
		)
		.orderBy(desc(verificationLog.lastAt), desc(verificationLog.id))
		.limit(Math.min(limit, 500));
	return rows;
}
