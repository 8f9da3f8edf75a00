/**
 * The text messages the platform sends. Chinese SMS providers only send templates approved in
 * advance, so each kind maps to one template (configured per provider, see the README) and
 * carries named parameters in a fixed order: Alibaba Cloud takes them by name, Tencent Cloud by
 * position ({1}, {2}, …). `text` renders the same message for the demo outbox, and is the
 * suggested template wording. `essential` kinds (codes, security notices) go out even to people
 * who turned SMS notifications off.
 */
export interface SmsKindSpec {
	params: readonly string[];
	essential: boolean;
	/** Short Chinese label for lists. */
	label: string;
	text: (p: Record<string, string>) => string;
}

export const smsKinds = {
	verificationCode: {
		params: ['code'],
		essential: true,
		label: '验证码',
		text: (p) => `您的验证码为 ${p.code}，5 分钟内有效。如非本人操作请忽略，切勿告诉他人。`
	},
	passwordChanged: {
		params: [],
		essential: true,
		label: '密码已修改',
		text: () => '您在职称服务平台的账号密码已修改。如非本人操作，请立即联系市职改办。'
	},
	returned: {
		params: ['number', 'reason'],
		essential: false,
		label: '退回修改',
		text: (p) =>
			`您的职称申请${p.number}已退回修改：${p.reason}。请登录职称服务平台修改后重新提交。`
	},
	rejected: {
		params: ['number'],
		essential: false,
		label: '不予通过',
		text: (p) => `您的职称申请${p.number}未获通过，原因请登录职称服务平台查看。`
	},
	certificateReady: {
		params: ['number'],
		essential: false,
		label: '证书已签发',
		text: (p) => `您的职称申请${p.number}已审批通过，电子证书已签发，请登录职称服务平台下载。`
	},
	noticeComplete: {
		params: ['number'],
		essential: false,
		label: '公示期满',
		text: (p) =>
			`您的补办申请${p.number}的声明作废公示期已满，现在可以登录职称服务平台提交补办申请。`
	},
	publicityStarted: {
		params: ['number', 'endsOn'],
		essential: false,
		label: '结果公示',
		text: (p) => `您的职称评审结果已开始公示（申请${p.number}），公示至${p.endsOn}。`
	}
} as const satisfies Record<string, SmsKindSpec>;

export type SmsKind = keyof typeof smsKinds;
export const SMS_KINDS = Object.keys(smsKinds) as SmsKind[];

export function isSmsKind(s: string): s is SmsKind {
	return Object.hasOwn(smsKinds, s);
}

/** Template variables are short (providers cap each at 20–35 characters): cut with an ellipsis. */
export function shorten(text: string, max = 20): string {
	const chars = Array.from(text.replace(/\s+/g, ' ').trim());
	return chars.length <= max ? chars.join('') : chars.slice(0, max - 1).join('') + '…';
}

/** Every parameter the kind needs, as strings, in the template's order. */
export function orderedParams(kind: SmsKind, params: Record<string, string>): string[] {
	return smsKinds[kind].params.map((name) => params[name] ?? '');
}

export function renderSms(kind: SmsKind, params: Record<string, string>): string {
	return (smsKinds[kind] as SmsKindSpec).text(params);
}
