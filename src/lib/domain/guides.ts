/**
 * Guides (办事指南): one per procedure, derived from the state graph (procedures.ts), the form's
 * required materials (application-form.ts) and the service levels (sla.ts), so a guide can never
 * describe a process the platform does not run. Pure: the pages and the PDF both read it.
 */
import { ATTACHMENT_PURPOSES, REQUIRED_ATTACHMENTS, sections } from './application-form.js';
import {
	PERIOD_WORKING_DAYS,
	procedureLabels,
	stateLabels,
	transitions,
	type EventType,
	type ProcedureKind,
	type Role,
	type State,
	type TransitionRow
} from './procedures.js';
import { levelLabels, roleLabels, type StepRole } from './routing.js';
import { levelsByKind, PROCEDURE_KINDS } from './procedures.js';
import { SLA_WORKING_DAYS } from './sla.js';

/** One guide per procedure, named by its kind. */
export const GUIDE_SLUGS: readonly ProcedureKind[] = PROCEDURE_KINDS;
export type GuideSlug = ProcedureKind;
export const isGuideSlug = (s: string): s is GuideSlug =>
	(GUIDE_SLUGS as readonly string[]).includes(s);

/** Events that move an application forward on its main path (not return/reject/withdraw). */
const FORWARD: readonly EventType[] = [
	'publishNotice',
	'submit',
	'approve',
	'committeeDecide',
	'publicityComplete',
	'confer',
	'paperMailed',
	'paperReceived'
];

export function roleName(role: Role): string {
	if (role === 'applicant') return '申请人';
	if (role === 'system') return '平台（自动）';
	return roleLabels[role as StepRole];
}

export interface GuideStep {
	from: State;
	to: State;
	event: EventType;
	role: Role;
	/** What happens, in Chinese. */
	text: string;
	/** Working days the role has (SLA) or the period lasts. */
	limit: string | null;
	/** This step also offers 退回修改 / 不予通过. */
	reviews: boolean;
}

/** The main path through the graph from draft to the final state. */
export function mainPath(kind: ProcedureKind): TransitionRow[] {
	const rows = transitions[kind];
	const path: TransitionRow[] = [];
	let state: State = 'draft';
	for (let guard = 0; guard < 20; guard++) {
		const next = rows.find(
			(r) =>
				r.from === state &&
				FORWARD.includes(r.event) &&
				(r.event !== 'committeeDecide' || r.guard === 'committeePassed')
		);
		if (!next) break;
		path.push(next);
		state = next.to;
	}
	return path;
}

function stepText(kind: ProcedureKind, row: TransitionRow): string {
	const who = roleName(row.actor);
	switch (row.event) {
		case 'publishNotice':
			return `${who}在平台发布证书声明作废，公示 ${PERIOD_WORKING_DAYS} 个工作日（发布当日不计入）。公示期满前系统不接受提交。`;
		case 'submit':
			return kind === 'reissue'
				? `公示期满后，${who}提交补办申请。`
				: `${who}填写申请（可离线填写），上传材料后提交。`;
		case 'approve':
			return `${who}审核${row.effects?.includes('seal') ? '并加盖电子印章' : ''}${row.effects?.includes('issueCertificate') ? '；审批通过后发放职称电子证书' : ''}${row.effects?.includes('voidOldCertificate') ? '，原证书同时作废' : ''}。`;
		case 'committeeDecide':
			return `${who}评审并录入表决结果；通过的进入评审结果公示（${PERIOD_WORKING_DAYS} 个工作日）。`;
		case 'publicityComplete':
			return `评审结果公示 ${PERIOD_WORKING_DAYS} 个工作日期满，无异议的进入发文。`;
		case 'confer':
			return `${who}按批次发文授予（发文文号），并发放职称电子证书、生成评审表。`;
		case 'paperMailed':
			return `${who}将原纸质职称证书寄送至职改办，并在平台登记快递单号。`;
		case 'paperReceived':
			return `${who}签收原证书，办结。`;
		default:
			return `${who}：${row.event}`;
	}
}

export function guideSteps(kind: ProcedureKind): GuideStep[] {
	return mainPath(kind).map((row) => {
		const sla = SLA_WORKING_DAYS[row.from];
		const period =
			row.event === 'publishNotice' || row.event === 'publicityComplete'
				? `${PERIOD_WORKING_DAYS} 个工作日`
				: null;
		return {
			from: row.from,
			to: row.to,
			event: row.event,
			role: row.actor,
			text: stepText(kind, row),
			limit: sla ? `${sla} 个工作日内办理` : period,
			reviews: transitions[kind].some((r) => r.from === row.from && r.event === 'return')
		};
	});
}

export interface Guide {
	slug: GuideSlug;
	title: string;
	summary: string;
	levels: string;
	steps: GuideStep[];
	materials: string[];
	formSections: string[];
	timeLimits: string[];
	notes: string[];
}

const SUMMARIES: Record<GuideSlug, string> = {
	evaluation:
		'高、中、初级职称评审全部在平台网上申报，逐级审核上报：个人提交，单位审核签章，主管单位审核签章，系列职改办审核后提交评委会评审。',
	recognition:
		'中、初级职称认定：个人提交，单位审核签章，主管部门审核签章，按层级管理提交市职改办或县（区）职改办审批。',
	reconfirmation:
		'调入人员职称重新确认：流程同职称认定；审批完成后，单位须及时将原职称证书寄送至审批的职改办。',
	reissue:
		'中、初级职称证书遗失补办：先在平台公示声明作废 5 个工作日（不再登报），公示结束后提交；单位审核签章，主管部门审核签章，职改办审批，补发职称电子证书。'
};

export function guide(slug: GuideSlug): Guide {
	const kind = slug;
	const required = REQUIRED_ATTACHMENTS[kind].map((p) => ATTACHMENT_PURPOSES[p]);
	const timeLimits = guideSteps(kind)
		.filter((s) => s.limit)
		.map((s) =>
			s.event === 'publishNotice'
				? `${stateLabels[s.to]}：${s.limit}（发布当日不计入，期满后方可提交）`
				: s.event === 'publicityComplete'
					? `${stateLabels[s.from]}：${s.limit}`
					: `${stateLabels[s.from]}：${roleName(s.role)} ${s.limit}`
		);
	return {
		slug,
		title: procedureLabels[kind],
		summary: SUMMARIES[slug],
		levels: levelsByKind[kind].map((l) => levelLabels[l]).join('、'),
		steps: guideSteps(kind),
		materials: [
			...required.map((m) => `${m}（必须上传）`),
			'2 寸证件照（白底或蓝底，413×579 像素）',
			...(kind === 'reissue'
				? ['遗失证书的信息（系列、资格名称、证书编号、发证日期、发证单位）']
				: []),
			...(kind === 'reconfirmation' ? ['原职称证书（审批后由单位寄送原件）'] : []),
			'其他证明材料（PDF、JPEG 或 PNG，每个不超过 10 MB）'
		],
		formSections: sections(kind).map((s) => s.title),
		timeLimits: [
			...timeLimits,
			'工作日按国务院公布的法定节假日和调休安排计算；尚未公布的年份暂按周一至周五计算，日期标为“暂定”。'
		],
		notes: [
			'每一步审核都可以“审核通过”（签署意见并加盖电子印章）、“退回修改”（退回申请人，保留记录）或“不予通过”（写明原因，流程结束）。',
			'单位开始审核前，申请人可以撤回申请。'
		]
	};
}

// ---------------------------------------------------------------- diagram (inline SVG)

const esc = (s: string) =>
	s.replace(
		/[&<>"']/g,
		(c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!
	);

/**
 * The procedure's main path as a vertical flow chart: one box per state with the role that acts
 * on the arrow out of it, and the return/reject exits noted beside review states. Generated from
 * the graph, so the picture and the platform cannot disagree.
 */
export function processSvg(kind: ProcedureKind): string {
	const path = mainPath(kind);
	const states: State[] = ['draft', ...path.map((r) => r.to)];
	const W = 340;
	const boxW = 200;
	const boxH = 40;
	const gap = 46;
	const x = 20;
	const height = states.length * boxH + (states.length - 1) * gap + 20;
	const parts: string[] = [];
	states.forEach((state, i) => {
		const y = 10 + i * (boxH + gap);
		const final = i === states.length - 1;
		parts.push(
			`<rect x="${x}" y="${y}" width="${boxW}" height="${boxH}" rx="8" fill="${final ? '#e8f5e9' : '#fff'}" stroke="#b71c1c" stroke-width="1.5"/>`,
			`<text x="${x + boxW / 2}" y="${y + 25}" text-anchor="middle" font-size="14" fill="#222">${esc(stateLabels[state])}</text>`
		);
		const row = path[i];
		if (!row) return;
		const y1 = y + boxH;
		const y2 = y1 + gap;
		parts.push(
			`<line x1="${x + boxW / 2}" y1="${y1}" x2="${x + boxW / 2}" y2="${y2 - 6}" stroke="#555" stroke-width="1.5"/>`,
			`<polygon points="${x + boxW / 2 - 5},${y2 - 8} ${x + boxW / 2 + 5},${y2 - 8} ${x + boxW / 2},${y2}" fill="#555"/>`,
			`<text x="${x + boxW / 2 + 8}" y="${y1 + gap / 2 + 5}" font-size="12" fill="#b71c1c">${esc(roleName(row.actor))}</text>`
		);
		const reviews = transitions[kind].some((r) => r.from === state && r.event === 'return');
		if (reviews)
			parts.push(
				`<text x="${x + boxW + 8}" y="${y + 25}" font-size="11" fill="#666">↺ 退回 / ✕ 不通过</text>`
			);
	});
	return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${height}" width="100%" style="max-width:${W}px" role="img" aria-label="${esc(procedureLabels[kind])}流程图">${parts.join('')}</svg>`;
}

/** 关于职称电子证书使用的规定 — from the city notice (柳职办〔2019〕17号 四、五、六). */
export const electronicCertificateRules = {
	title: '职称电子证书使用须知',
	source: '依据《关于启用广西柳州市专业技术人员服务平台的通知》（柳职办〔2019〕17号）',
	rules: [
		'对从 2018 年起通过评审取得中、初级职称的人员，从 2019 年 4 月 15 日起通过职称认定、调入人员职称重新确认取得中、初级职称的人员，发放职称电子证书；从 2019 年 4 月 15 日起遗失往年发放的纸质证书的，补发职称电子证书。发放职称电子证书后，不再统一发放纸质证书。',
		'职称电子证书加盖证书签发单位的电子印章，并设置二维码等多重数字化防伪，可通过扫描二维码或登录服务平台查验证书信息真伪，与原纸质版职称证书具有同等效力，可作为评审职称、岗位聘任或执业注册的有效凭证。',
		'持职称电子证书的人员，可登录服务平台自行免费下载打印本人职称电子证书。',
		'此前取得的原纸质版职称证书继续有效，无需更换。',
		'职称评审表、职称认定表和职称重新确认审批表经相应审批部门加盖电子印章后，用人单位可登录服务平台下载打印，存入个人人事档案。',
		'持职称电子证书或相关电子表的专业技术人员应严格按照规定规范使用，严禁伪造、篡改、滥用。违规行为经查证属实的，记入个人信用记录，并交有关部门按照相关规定进行处理。',
		'中、初级职称证书声明作废不再登报，必须通过服务平台公示，公示期为 5 个工作日；未公示或公示时间不足的，系统自动禁止提交补办材料。'
	]
} as const;
