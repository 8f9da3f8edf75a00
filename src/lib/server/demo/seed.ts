import { COUNTIES, SERIES } from '#lib/domain/catalogue.js';
import { creditCodeCheckChar, idNumberCheckChar, maskIdNumber } from '#lib/domain/identity.js';
import { recordAudit } from '../audit/record.js';
import { hashPassword } from '../auth/password.js';
import { registerCertificateEffects } from '../certificates/register-effects.js';
import { blindIndex, encrypt } from '../crypto/pii.js';
import type { Db } from '../db/index.js';
import { seedDemoApplications } from './applications.js';
import { organisations, users } from '../db/schema/index.js';
import { seedDemoCertificates } from './seed-certificates.js';
import { seedDemoNotice } from './seed-notice.js';

/** Every demo account uses this password; the README lists the sign-in names. */
export const DEMO_PASSWORD = 'Liuzhou@2026';

export function demoCreditCode(n: number): string {
	// 9 = industry & commerce, 1 = enterprise, 450200 = Liuzhou, then a 9-char organisation code.
	const body = `91450200MA5K${String(n).padStart(5, '0')}`;
	return body + creditCodeCheckChar(body);
}

export function demoIdNumber(region: string, birth: string, seq: number): string {
	const body = `${region}${birth}${String(seq).padStart(3, '0')}`;
	return body + idNumberCheckChar(body);
}

export const demoApplicants = [
	{ name: '韦丽琰', idNumber: demoIdNumber('450202', '19880314', 24), mobile: '13807720001' },
	{ name: '覃志堃', idNumber: demoIdNumber('450203', '19910722', 13), mobile: '13807720002' },
	{ name: '莫喆', idNumber: demoIdNumber('450204', '19850109', 57), mobile: '13807720003' }
];

export { isEmpty } from './is-empty.js';

/**
 * A realistic Liuzhou set-up: the city office, the ten county/district offices, six series
 * offices with their committees, supervisors and employers across tiers (one still pending),
 * applicants with applications, certificates and a running invalidation notice. Runs in one
 * transaction.
 */
export async function seedDemo(db: Db): Promise<void> {
	// The demo's final approvals and conferral issue certificates through the transitions, as
	// the server's: their handler must be there wherever the seed runs (scripts, benchmarks).
	registerCertificateEffects();
	const passwordHash = await hashPassword(DEMO_PASSWORD);
	await db.transaction(async (tx) => {
		const org = async (values: typeof organisations.$inferInsert) =>
			(await tx.insert(organisations).values(values).returning({ id: organisations.id }))[0].id;
		const staff = (
			organisationId: string,
			username: string,
			name: string,
			role: 'admin' | 'reviewer' = 'admin'
		) =>
			tx
				.insert(users)
				.values({ kind: 'staff', username, name, passwordHash, organisationId, role });

		const city = await org({
			type: 'cityOffice',
			name: '柳州市职称改革工作领导小组办公室',
			tier: 'city'
		});
		await staff(city, 'city', '李明华');
		await staff(city, 'city.reviewer', '周晓梅', 'reviewer');
		for (const c of COUNTIES) {
			const id = await org({
				type: 'countyOffice',
				name: `${c.name}职称改革工作领导小组办公室`,
				tier: c.code
			});
			await staff(id, `county.${c.code}`, `${c.name}职改办管理员`.slice(0, 30));
		}
		for (const s of SERIES) {
			const office = await org({
				type: 'seriesOffice',
				name: `柳州市${s.name}系列职称改革工作办公室`,
				series: s.code,
				tier: 'city'
			});
			await staff(office, `series.${s.code}`, `${s.name}系列职改办管理员`);
			const committee = await org({
				type: 'committee',
				name: `柳州市${s.name}系列中级职称评审委员会`,
				series: s.code,
				tier: 'city'
			});
			await staff(committee, `committee.${s.code}`, `${s.name}评委会秘书`);
		}
		const supCity = await org({ type: 'supervisor', name: '柳州市工业和信息化局', tier: 'city' });
		await staff(supCity, 'sup.gxj', '黄建国');
		const supHealth = await org({ type: 'supervisor', name: '柳州市卫生健康委员会', tier: 'city' });
		await staff(supHealth, 'sup.wjw', '蓝秀英');
		const supCounty = await org({ type: 'supervisor', name: '柳江区教育局', tier: 'liujiang' });
		await staff(supCounty, 'sup.ljjy', '梁文斌');

		const employers = [
			{
				name: '柳州钢铁集团有限公司',
				tier: 'city',
				sup: supCity,
				user: 'emp.liugang',
				contact: '陆海涛',
				status: 'active' as const
			},
			{
				name: '柳州市工人医院',
				tier: 'city',
				sup: supHealth,
				user: 'emp.gryy',
				contact: '唐慧敏',
				status: 'active' as const
			},
			{
				name: '柳江区第一中学',
				tier: 'liujiang',
				sup: supCounty,
				user: 'emp.ljyz',
				contact: '罗振宇',
				status: 'active' as const
			},
			{
				name: '柳州螺蛳粉产业发展有限公司',
				tier: 'liujiang',
				sup: supCity,
				user: 'emp.lsf',
				contact: '谢春燕',
				status: 'pending' as const
			}
		];
		for (const [i, e] of employers.entries()) {
			const id = await org({
				type: 'employer',
				name: e.name,
				tier: e.tier,
				supervisorId: e.sup,
				creditCode: demoCreditCode(i + 1),
				status: e.status,
				contactName: e.contact,
				contactMobileEnc: encrypt(`1390772${String(1000 + i)}`)
			});
			await staff(id, e.user, e.contact);
		}
		for (const a of demoApplicants) {
			await tx.insert(users).values({
				kind: 'applicant',
				name: a.name,
				idNumberEnc: encrypt(a.idNumber),
				idNumberHmac: blindIndex('id', a.idNumber),
				idNumberMasked: maskIdNumber(a.idNumber, 'staff'),
				mobileEnc: encrypt(a.mobile),
				mobileHmac: blindIndex('mobile', a.mobile),
				passwordHash
			});
		}
		// Applications in realistic states: every reviewer has work on first sign-in.
		await seedDemoApplications(tx, passwordHash);
		// Issued certificates of both styles (and archive forms) for the first two applicants.
		await seedDemoCertificates(tx);
		// A running invalidation notice (声明作废) of 莫喆's registered paper certificate.
		await seedDemoNotice(tx);
		await recordAudit(tx, { action: 'demo.seed', result: 'ok' });
	});
}
