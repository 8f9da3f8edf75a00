import * as tencentSms from 'tencentcloud-sdk-nodejs-sms';
import { orderedParams, type SmsKind } from '#lib/domain/sms-kinds.js';
import { SmsSendError, type SmsProvider } from './provider.js';

export interface TencentConfig {
	secretId: string;
	secretKey: string;
	/** The SMS application (SdkAppId, 1400…). */
	sdkAppId: string;
	signName: string;
	templates: Partial<Record<SmsKind, string>>;
	/** Default ap-guangzhou. */
	region?: string;
	/** Host[:port]; default sms.tencentcloudapi.com. */
	endpoint?: string;
	protocol?: 'https://' | 'http://';
}

/**
 * Tencent Cloud SMS (SendSms 2021-01-11) through the official SDK, which signs each request
 * with TC3-HMAC-SHA256. Template parameters are positional ({1}, {2}, …), in the kind's order.
 */
export function tencentProvider(config: TencentConfig): SmsProvider {
	const Client = tencentSms.sms.v20210111.Client;
	const client = new Client({
		credential: { secretId: config.secretId, secretKey: config.secretKey },
		region: config.region ?? 'ap-guangzhou',
		profile: {
			httpProfile: {
				endpoint: config.endpoint ?? 'sms.tencentcloudapi.com',
				protocol: config.protocol ?? 'https://',
				reqTimeout: 10
			}
		}
	});
	return {
		name: 'tencent',
		async send(kind, phone, params) {
			const templateId = config.templates[kind];
			if (!templateId) throw new SmsSendError('TemplateNotConfigured');
			let response;
			try {
				response = await client.SendSms({
					PhoneNumberSet: [`+86${phone}`],
					SmsSdkAppId: config.sdkAppId,
					SignName: config.signName,
					TemplateId: templateId,
					TemplateParamSet: orderedParams(kind, params)
				});
			} catch (e) {
				// The SDK throws TencentCloudSDKHttpException with the API's error code.
				const code = (e as { code?: unknown }).code;
				throw new SmsSendError(typeof code === 'string' ? code : 'RequestFailed');
			}
			const status = response.SendStatusSet?.[0];
			if (status?.Code !== 'Ok') throw new SmsSendError(status?.Code ?? 'NoResponse');
			return status.SerialNo ?? response.RequestId ?? '';
		}
	};
}
