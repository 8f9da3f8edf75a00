import type { SmsKind } from '#lib/domain/sms-kinds.js';

/** One text message handed to a provider: its kind (a template), the number, the parameters. */
export interface SmsProvider {
	readonly name: 'aliyun' | 'tencent' | 'demo';
	/** Resolves with the provider's message id; throws SmsSendError when it refused. */
	send(kind: SmsKind, phone: string, params: Record<string, string>): Promise<string>;
}

/** A refusal by the provider; `code` is the provider's error code (never personal data). */
export class SmsSendError extends Error {
	constructor(readonly code: string) {
		super(`SMS provider refused: ${code}`);
		this.name = 'SmsSendError';
	}
}
