import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aliyunProvider } from '../../src/lib/server/sms/aliyun.js';
import { SmsSendError } from '../../src/lib/server/sms/provider.js';
import { tencentProvider } from '../../src/lib/server/sms/tencent.js';
import { startSigningServer, type SigningServer } from '../fixtures/sms/signing-server.js';

const secrets = { aliyun: 'aliyun-secret-for-tests', tencent: 'tencent-secret-for-tests' };
let server: SigningServer;
beforeAll(async () => {
	server = await startSigningServer(secrets);
});
afterAll(async () => server.close());

const at = () => {
	const url = new URL(server.url);
	return { endpoint: url.host };
};

describe('Alibaba Cloud SMS adapter, through the SDK against a signature-checking server', () => {
	const templates = { verificationCode: 'SMS_100001', returned: 'SMS_100002' };
	it('sends SendSms with an ACS3-HMAC-SHA256 signature the server recomputes', async () => {
		const provider = aliyunProvider({
			accessKeyId: 'LTAI-test',
			accessKeySecret: secrets.aliyun,
			signName: '柳州市职改办',
			templates,
			...at(),
			protocol: 'http'
		});
		const id = await provider.send('returned', '13807720001', {
			number: 'PJ-2026-0001',
			reason: '请补充 论文原件 & 证明*'
		});
		expect(id).toMatch(/^biz-/);
		const call = server.calls.at(-1)!;
		expect(call).toMatchObject({ provider: 'aliyun', ok: true, action: 'SendSms' });
		expect(call.params).toMatchObject({
			PhoneNumbers: '13807720001',
			SignName: '柳州市职改办',
			TemplateCode: 'SMS_100002'
		});
		expect(JSON.parse(String(call.params.TemplateParam))).toEqual({
			number: 'PJ-2026-0001',
			reason: '请补充 论文原件 & 证明*'
		});
	});

	it('is refused by the server with a wrong secret (the check is real)', async () => {
		const provider = aliyunProvider({
			accessKeyId: 'LTAI-test',
			accessKeySecret: 'wrong-secret',
			signName: '柳州市职改办',
			templates,
			...at(),
			protocol: 'http'
		});
		const error = await provider.send('verificationCode', '13807720001', { code: '123456' }).then(
			() => null,
			(e: unknown) => e
		);
		expect(error).toBeInstanceOf(SmsSendError);
		expect((error as SmsSendError).code).toBe('SignatureDoesNotMatch');
		expect(server.calls.at(-1)).toMatchObject({ provider: 'aliyun', ok: false });
	});

	it('reports the provider error code of a refused message', async () => {
		const provider = aliyunProvider({
			accessKeyId: 'LTAI-test',
			accessKeySecret: secrets.aliyun,
			signName: '柳州市职改办',
			templates,
			...at(),
			protocol: 'http'
		});
		server.failNext('isv.BUSINESS_LIMIT_CONTROL');
		await expect(
			provider.send('verificationCode', '13807720001', { code: '123456' })
		).rejects.toMatchObject({ code: 'isv.BUSINESS_LIMIT_CONTROL' });
		await expect(provider.send('rejected', '13807720001', { number: 'x' })).rejects.toMatchObject({
			code: 'TemplateNotConfigured'
		});
	});
});

describe('Tencent Cloud SMS adapter, through the SDK against a signature-checking server', () => {
	const templates = { verificationCode: '2000001', publicityStarted: '2000002' };
	it('sends SendSms with a TC3-HMAC-SHA256 signature the server recomputes', async () => {
		const provider = tencentProvider({
			secretId: 'AKID-test',
			secretKey: secrets.tencent,
			sdkAppId: '1400000001',
			signName: '柳州市职改办',
			templates,
			...at(),
			protocol: 'http://'
		});
		const id = await provider.send('publicityStarted', '13807720002', {
			number: 'PJ-2026-0002',
			endsOn: '2026年12月10日'
		});
		expect(id).toMatch(/^serial-/);
		const call = server.calls.at(-1)!;
		expect(call).toMatchObject({ provider: 'tencent', ok: true, action: 'SendSms' });
		expect(call.params).toEqual({
			PhoneNumberSet: ['+8613807720002'],
			SmsSdkAppId: '1400000001',
			SignName: '柳州市职改办',
			TemplateId: '2000002',
			// positional, in the kind's order
			TemplateParamSet: ['PJ-2026-0002', '2026年12月10日']
		});
	});

	it('is refused by the server with a wrong secret (the check is real)', async () => {
		const provider = tencentProvider({
			secretId: 'AKID-test',
			secretKey: 'wrong-secret',
			sdkAppId: '1400000001',
			signName: '柳州市职改办',
			templates,
			...at(),
			protocol: 'http://'
		});
		await expect(
			provider.send('verificationCode', '13807720002', { code: '654321' })
		).rejects.toMatchObject({ code: 'AuthFailure.SignatureFailure' });
		expect(server.calls.at(-1)).toMatchObject({ provider: 'tencent', ok: false });
	});

	it('reports the per-number status code of a refused message', async () => {
		const provider = tencentProvider({
			secretId: 'AKID-test',
			secretKey: secrets.tencent,
			sdkAppId: '1400000001',
			signName: '柳州市职改办',
			templates,
			...at(),
			protocol: 'http://'
		});
		server.failNext('LimitExceeded.PhoneNumberDailyLimit');
		await expect(
			provider.send('verificationCode', '13807720002', { code: '654321' })
		).rejects.toMatchObject({ code: 'LimitExceeded.PhoneNumberDailyLimit' });
	});
});
