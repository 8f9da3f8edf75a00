import {
	importSigningIdentity,
	parsePemPair,
	parsePkcs12
} from '#lib/server/certificates/import-identity.js';
import { rotateTokenKeyAs } from '#lib/server/certificates/token-keys.js';
import { issuingOfficesWithKeys } from '#lib/server/certificates/queries.js';
import { attempt, authorizeForm, requireActor, str } from '#lib/server/http/form.js';
import { AppError } from '#lib/domain/errors.js';
import type { Actions, PageServerLoad } from './$types';

const MAX_FILE = 64 * 1024;
const platform = { type: 'platform' } as const;

async function fileText(data: FormData, name: string): Promise<Uint8Array | null> {
	const f = data.get(name);
	if (!(f instanceof File) || f.size === 0) return null;
	if (f.size > MAX_FILE)
		throw new AppError('VALIDATION', { [name]: '文件过大，证书文件一般小于 64 KB' });
	return new Uint8Array(await f.arrayBuffer());
}

export const load: PageServerLoad = async ({ locals, url }) => {
	return { offices: await issuingOfficesWithKeys(requireActor(locals, url)) };
};

export const actions: Actions = {
	rotate: async ({ request, locals, url }) => {
		const { actor, refused } = await authorizeForm(locals, url, 'certificate.keys', platform);
		if (refused) return refused;
		const data = await request.formData();
		return attempt(data, async () => {
			const kid = await rotateTokenKeyAs(actor, str(data, 'organisationId'));
			return { done: `已启用新的二维码签名密钥 ${kid}；旧密钥继续用于查验已发证书。` };
		});
	},
	// Authorized before the body is read: parsing a key file derives keys (see kdf-cost.ts).
	import: async ({ request, locals, url }) => {
		const { actor, refused } = await authorizeForm(locals, url, 'certificate.keys', platform);
		if (refused) return refused;
		const data = await request.formData();
		return attempt(data, async () => {
			const p12 = await fileText(data, 'p12');
			const cert = await fileText(data, 'certPem');
			const key = await fileText(data, 'keyPem');
			const text = (b: Uint8Array | null) => (b ? new TextDecoder().decode(b) : '');
			const identity = p12
				? await parsePkcs12(p12, str(data, 'password'))
				: cert && key
					? parsePemPair(text(cert), text(key), str(data, 'password'))
					: null;
			if (!identity)
				throw new AppError('VALIDATION', {
					file: '请选择 PKCS#12 文件，或同时选择 PEM 证书和私钥文件'
				});
			const { subject } = await importSigningIdentity(actor, str(data, 'organisationId'), identity);
			return { done: `已导入签名证书：${subject}。此后下载的证书由该证书签名。` };
		});
	}
};
