import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { ATTACHMENT_PURPOSES, REQUIRED_ATTACHMENTS } from './application-form.js';
import { GUIDE_SLUGS, guide, mainPath, processSvg } from './guides.js';
import { stateLabels, transitions } from './procedures.js';
import { SLA_WORKING_DAYS } from './sla.js';

describe('guides are derived from the state graph', () => {
	it('the reissue guide starts with the invalidation notice and ends approved', () => {
		const path = mainPath('reissue');
		expect(path[0]).toMatchObject({ from: 'draft', event: 'publishNotice', to: 'noticePublic' });
		expect(path[1]).toMatchObject({ event: 'submit', guard: 'noticeComplete' });
		expect(path.at(-1)?.to).toBe('approved');
	});

	it('the evaluation guide passes through committee, results publicity and conferral', () => {
		expect(mainPath('evaluation').map((r) => r.to)).toEqual([
			'awaitingEmployer',
			'awaitingSupervisor',
			'awaitingSeriesOffice',
			'awaitingCommittee',
			'publicity',
			'awaitingConferral',
			'conferred'
		]);
	});

	for (const slug of GUIDE_SLUGS) {
		it(`${slug}: every step of the diagram is a real transition and every state is drawn`, () => {
			for (const row of mainPath(slug)) expect(transitions[slug]).toContain(row);
			const svg = processSvg(slug);
			expect(XMLValidator.validate(svg)).toBe(true);
			for (const state of ['draft' as const, ...mainPath(slug).map((r) => r.to)])
				expect(svg).toContain(stateLabels[state]);
		});

		it(`${slug}: lists the required materials and the service levels`, () => {
			const g = guide(slug);
			for (const p of REQUIRED_ATTACHMENTS[slug])
				expect(g.materials.join()).toContain(ATTACHMENT_PURPOSES[p]);
			for (const step of g.steps) {
				const sla = SLA_WORKING_DAYS[step.from];
				if (sla) expect(step.limit).toBe(`${sla} 个工作日内办理`);
			}
		});
	}

	it('the 5-working-day periods appear in the guides that have them', () => {
		expect(guide('reissue').timeLimits.join()).toContain('5 个工作日');
		expect(guide('evaluation').timeLimits.join()).toContain('评审结果公示中');
	});
});
