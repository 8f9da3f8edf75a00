import Dysmsapi, { SendSmsRequest } from '@alicloud/dysmsapi20170525';
import { $OpenApiUtil } from '@alicloud/openapi-core';
import type { SmsKind } from '#lib/domain/sms-kinds.js';
import { smsKinds } from '#lib/domain/sms-kinds.js';
import { SmsSendError, type SmsProvider } from './provider.js';

export interface AliyunConfig {
	accessKeyId: string;
	accessKeySecret: string;
	signName: string;
	templates: Partial<Record<SmsKind, string>>;
	/** Host[:port]; default dysmsapi.aliyuncs.com. */
	endpoint?: string;
	/** `https` unless a test server says otherwise. */
	protocol?: 'https' | 'http';
}

/**
 * Alibaba Cloud SMS (短信服务, SendSms 2017-05-25) through the official SDK, which signs each
 * request (ACS3-HMAC-SHA256 in SDK 4.x). Parameters go by name as the template's JSON.
 */
export function aliyunProvider(config: AliyunConfig): SmsProvider {
	// The SDK ships CommonJS with the class as `default`.
	const Client = ((Dysmsapi as unknown as { default?: typeof Dysmsapi }).default ??
		Dysmsapi) as typeof Dysmsapi;
	const client = new Client(
		new $OpenApiUtil.Config({
			accessKeyId: config.accessKeyId,
			accessKeySecret: config.accessKeySecret,
			endpoint: config.endpoint ?? 'dysmsapi.aliyuncs.com',
			protocol: config.protocol ?? 'https',
			readTimeout: 10_000,
			connectTimeout: 5_000
		})
	);
	return {
		name: 'aliyun',
		async send(kind, phone, params) {
			const templateCode = config.templates[kind];
			if (!templateCode) throw new SmsSendError('TemplateNotConfigured');
			const named: Record<string, string> = {};
			for (const p of smsKinds[kind].params) named[p] = params[p] ?? '';
			let response;
			try {
				response = await client.sendSms(
					new SendSmsRequest({
						phoneNumbers: phone,
						signName: config.signName,
						templateCode,
						templateParam: JSON.stringify(named)
					})
				);
			} catch (e) {
				// The SDK throws a ResponseError carrying the API's error code.
				const code = (e as { code?: unknown }).code;
				throw new SmsSendError(typeof code === 'string' ? code : 'RequestFailed');
			}
			const body = response.body;
			if (body?.code !== 'OK') throw new SmsSendError(body?.code ?? 'NoResponse');
			return body.bizId ?? body.requestId ?? '';
		}
	};
}
