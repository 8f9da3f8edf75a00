import { SMS_KINDS, type SmsKind } from '#lib/domain/sms-kinds.js';
import { databaseKind } from '../db/index.js';
import { aliyunProvider } from './aliyun.js';
import { demoProvider } from './demo.js';
import type { SmsProvider } from './provider.js';
import { tencentProvider } from './tencent.js';

type Env = Record<string, string | undefined>;

/** SMS_TEMPLATE_VERIFICATION_CODE for `verificationCode`, and so on. */
export function templateVariable(kind: SmsKind): string {
	return 'SMS_TEMPLATE_' + kind.replace(/[A-Z]/g, (c) => '_' + c).toUpperCase();
}

function required(env: Env, name: string): string {
	const value = env[name]?.trim();
	if (!value) throw new Error(`${name} must be set when SMS_PROVIDER=${env.SMS_PROVIDER}`);
	return value;
}

function templates(env: Env): Partial<Record<SmsKind, string>> {
	const out: Partial<Record<SmsKind, string>> = {};
	for (const kind of SMS_KINDS) {
		const id = env[templateVariable(kind)]?.trim();
		if (id) out[kind] = id;
	}
	// A missing verification-code template would lock everyone out of recovery: refuse to start.
	if (!out.verificationCode) required(env, templateVariable('verificationCode'));
	return out;
}

/** `http://host:port` → endpoint and protocol, for a gateway or a test server. */
function endpointOf(raw: string | undefined) {
	if (!raw) return {};
	const url = new URL(raw.includes('://') ? raw : `https://${raw}`);
	return { endpoint: url.host, protocol: url.protocol.replace(':', '') as 'http' | 'https' };
}

/**
 * The provider chosen by the environment. The embedded demo always uses the demo outbox; so
 * does a server with no SMS_PROVIDER (or `demo`). A half-configured provider is an error at
 * start-up, not a silent fallback.
 */
export function providerFromEnv(env: Env = process.env): SmsProvider {
	const choice = (env.SMS_PROVIDER ?? '').trim().toLowerCase();
	if (databaseKind() === 'pglite') return demoProvider;
	if (choice === '' || choice === 'demo') return demoProvider;
	if (choice === 'aliyun') {
		const at = endpointOf(env.ALIYUN_SMS_ENDPOINT);
		return aliyunProvider({
			accessKeyId: required(env, 'ALIYUN_SMS_ACCESS_KEY_ID'),
			accessKeySecret: required(env, 'ALIYUN_SMS_ACCESS_KEY_SECRET'),
			signName: required(env, 'SMS_SIGN_NAME'),
			templates: templates(env),
			...at
		});
	}
	if (choice === 'tencent') {
		const at = endpointOf(env.TENCENT_SMS_ENDPOINT);
		return tencentProvider({
			secretId: required(env, 'TENCENT_SMS_SECRET_ID'),
			secretKey: required(env, 'TENCENT_SMS_SECRET_KEY'),
			sdkAppId: required(env, 'TENCENT_SMS_SDK_APP_ID'),
			signName: required(env, 'SMS_SIGN_NAME'),
			templates: templates(env),
			region: env.TENCENT_SMS_REGION?.trim() || undefined,
			...(at.endpoint ? { endpoint: at.endpoint, protocol: `${at.protocol}://` as const } : {})
		});
	}
	throw new Error(`SMS_PROVIDER must be aliyun, tencent or demo, not "${env.SMS_PROVIDER}"`);
}

let current: SmsProvider | undefined;

export function smsProvider(): SmsProvider {
	current ??= providerFromEnv();
	return current;
}

/** For tests: use this provider (undefined: read the environment again). */
export function setSmsProvider(provider: SmsProvider | undefined): void {
	current = provider;
}

/** Whether messages end in the demo outbox (the admin page says so). */
export function isDemoOutbox(): boolean {
	return smsProvider().name === 'demo';
}
