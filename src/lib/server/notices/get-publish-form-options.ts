/** What the applicant picks from when publishing a notice: reissue drafts and certificates. */
import { and, desc, eq } from 'drizzle-orm';
import { seriesName } from '#lib/domain/catalogue.js';
import { formatDate } from '#lib/domain/date-format.js';
import { db } from '../db/index.js';
import { applications, certificates, users } from '../db/schema/index.js';
import { paperCertificatesOf } from '../legacy/import-paper-certificates.js';

export async function publishFormOptions(applicantId: string) {
	const drafts = await db()
		.select({
			id: applications.id,
			version: applications.version,
			updatedAt: applications.updatedAt,
			content: applications.content
		})
		.from(applications)
		.where(
			and(
				eq(applications.applicantId, applicantId),
				eq(applications.kind, 'reissue'),
				eq(applications.state, 'draft')
			)
		)
		.orderBy(desc(applications.updatedAt))
		.limit(20);
	const electronic = await db()
		.select({
			id: certificates.id,
			certificateNo: certificates.certificateNo,
			series: certificates.series,
			qualification: certificates.qualification,
			issuedOn: certificates.issuedOn
		})
		.from(certificates)
		.where(and(eq(certificates.holderUserId, applicantId), eq(certificates.status, 'valid')))
		.orderBy(desc(certificates.issuedOn));
	const [me] = await db()
		.select({ hmac: users.idNumberHmac })
		.from(users)
		.where(eq(users.id, applicantId));
	const paper = await paperCertificatesOf(me?.hmac ?? null);
	return {
		drafts: drafts.map((d) => {
			const title = (d.content as { title?: { qualification?: string } }).title;
			const employer = (d.content as { employment?: { employerId?: string } }).employment;
			return {
				value: `${d.id}:${d.version}`,
				id: d.id,
				label: `补办申请草稿 ${title?.qualification || '（未填资格名称）'} · ${formatDate(d.updatedAt)}`,
				hasEmployer: !!employer?.employerId
			};
		}),
		electronic: electronic.map((c) => ({
			id: c.id,
			label: `${seriesName(c.series)} ${c.qualification} · 证书编号 ${c.certificateNo} · ${formatDate(c.issuedOn)}`
		})),
		paper: paper.map((p) => ({
			id: p.id,
			label: `${seriesName(p.series)} ${p.qualification} · 纸质证书 ${p.certificateNo} · ${p.issuingOffice}`
		}))
	};
}
