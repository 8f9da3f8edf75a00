/**
 * The API description (issue 15 point 5) against the API itself:
 * - `/api/v1/openapi.json` is a valid OpenAPI 3.1 document (@seriousme/openapi-schema-validator);
 * - every route under src/routes/api/v1 is in it, or listed in UNDOCUMENTED_V1_ROUTES with why;
 * - every documented operation is called for real (the public ones on a server holding the shared
 *   certificate vectors, the internal sync and audit ones on the suite's demo server, signed in),
 *   and each answer's status must be documented and its body and headers valid against the
 *   documented schema (ajv, JSON Schema 2020-12, formats checked).
 */
import { createHash, randomUUID } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type APIResponse } from '@playwright/test';
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import sharp from 'sharp';
import { emptyDraft } from '../../src/lib/domain/application-form.js';
import { UNDOCUMENTED_V1_ROUTES } from '../../src/lib/server/api/openapi.js';
import { signIn } from './observability.js';
import { startVerifyServer, type VerifyServer } from './verify-server.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => void;
const port = Number(process.env.E2E_PORT ?? 4173) + 3;

type Doc = {
	paths: Record<string, Record<string, Operation>>;
	components: { schemas: Record<string, unknown> };
};
type Media = { schema?: object };
type Operation = {
	operationId: string;
	responses: Record<
		string,
		{ content?: Record<string, Media>; headers?: Record<string, { schema: object }> }
	>;
};
const METHODS = ['get', 'put', 'post', 'patch', 'delete', 'head'];

/** Route files under src/routes/api/v1 as OpenAPI path templates. */
function v1Routes(dir = 'src/routes/api/v1'): string[] {
	const out: string[] = [];
	for (const name of readdirSync(dir)) {
		const full = path.join(dir, name);
		if (statSync(full).isDirectory()) out.push(...v1Routes(full));
		else if (name === '+server.ts')
			out.push(
				'/' +
					path
						.relative('src/routes', dir)
						.split(path.sep)
						.map((s) => s.replace(/^\[(.+)\]$/, '{$1}'))
						.join('/')
			);
	}
	return out;
}

function responseChecker(doc: Doc) {
	const ajv = new Ajv2020({ strict: false, allErrors: true });
	addFormats(ajv);
	const local = (o: unknown) =>
		JSON.parse(JSON.stringify(o).replaceAll('#/components/schemas/', 'zc#/$defs/')) as object;
	ajv.addSchema({ $id: 'zc', $defs: local(doc.components.schemas) });
	const seen = new Set<string>();
	const check = async (method: string, template: string, res: APIResponse) => {
		const op = doc.paths[template]?.[method];
		expect(op, `${method.toUpperCase()} ${template} is documented`).toBeTruthy();
		const documented = op.responses[String(res.status())];
		expect(
			documented,
			`${op.operationId}: status ${res.status()} is documented (${Object.keys(op.responses)})`
		).toBeTruthy();
		for (const [name, h] of Object.entries(documented.headers ?? {})) {
			const value = res.headers()[name.toLowerCase()];
			if (value === undefined) continue;
			const valid = ajv.compile(local(h.schema));
			expect(
				valid(value),
				`${op.operationId}: header ${name} ${JSON.stringify(valid.errors)}`
			).toBe(true);
		}
		if (documented.content && method !== 'head') {
			const type = (res.headers()['content-type'] ?? '').split(';')[0].trim();
			const media = documented.content[type];
			expect(media, `${op.operationId}: ${res.status()} as ${type} is documented`).toBeTruthy();
			if (media.schema && (type.endsWith('json') || type.endsWith('jwt'))) {
				const text = await res.text();
				const body: unknown = type.endsWith('json') ? JSON.parse(text) : text;
				const valid = ajv.compile(local(media.schema));
				expect(
					valid(body),
					`${op.operationId}: body ${JSON.stringify(valid.errors)} of ${text.slice(0, 300)}`
				).toBe(true);
			}
		}
		seen.add(`${method} ${template}`);
	};
	const operations = Object.entries(doc.paths).flatMap(([p, item]) =>
		Object.keys(item)
			.filter((m) => METHODS.includes(m))
			.map((m) => `${m} ${p}`)
	);
	return { check, unseen: () => operations.filter((o) => !seen.has(o)) };
}

test.describe('the OpenAPI document against the real API', () => {
	let server: VerifyServer;
	test.beforeAll(async () => {
		test.setTimeout(120_000);
		server = await startVerifyServer(port);
	});
	test.afterAll(async () => server?.stop());

	test('is valid OpenAPI 3.1, covers every /api/v1 route, and every operation answers as documented', async ({
		request,
		baseURL
	}) => {
		test.setTimeout(120_000);
		const base = baseURL!;
		const res = await request.get(`${base}/api/v1/openapi.json`);
		expect(res.status()).toBe(200);
		const doc = (await res.json()) as Doc;
		const validation = await new Validator().validate(
			doc as unknown as Parameters<Validator['validate']>[0]
		);
		expect(validation.errors ?? [], 'OpenAPI 3.1 structure').toEqual([]);
		expect(validation.valid).toBe(true);

		const missing = v1Routes().filter((r) => !(r in doc.paths) && !(r in UNDOCUMENTED_V1_ROUTES));
		expect(missing, 'routes under src/routes/api/v1 not documented').toEqual([]);

		const { check, unseen } = responseChecker(doc);
		const pub = server.origin;
		// Public verification: every shared vector's verdict, and the archive form.
		for (const v of server.data.vectors)
			await check(
				'get',
				'/api/v1/verify/{token}',
				await request.get(`${pub}/api/v1/verify/${v.token}`)
			);
		await check(
			'get',
			'/api/v1/verify/{token}',
			await request.get(`${pub}/api/v1/verify/${server.data.vectors[0].token}?via=scan`)
		);
		await check(
			'get',
			'/api/v1/verify/f/{token}',
			await request.get(`${pub}/api/v1/verify/f/${server.data.formToken}`)
		);
		await check(
			'get',
			'/api/v1/verify/f/{token}',
			await request.get(`${pub}/api/v1/verify/f/forged`)
		);
		await check('get', '/.well-known/jwks.json', await request.get(`${pub}/.well-known/jwks.json`));
		const list = await request.get(`${pub}/api/v1/status-list`);
		await check('get', '/api/v1/status-list', list);
		await check(
			'get',
			'/api/v1/status-list',
			await request.get(`${pub}/api/v1/status-list`, {
				headers: { 'if-none-match': list.headers().etag }
			})
		);
		await check('get', '/api/v1/health', await request.get(`${pub}/api/v1/health`));
		await check('get', '/api/v1/ping', await request.get(`${pub}/api/v1/ping`));

		// Internal: the audit tree head for the city office, unauthenticated and a bad size too.
		await check(
			'get',
			'/api/v1/audit/tree-head',
			await request.get(`${base}/api/v1/audit/tree-head`)
		);
		await signIn(request, base, 'city');
		await expect
			.poll(async () => (await request.get(`${base}/api/v1/audit/tree-head`)).status(), {
				timeout: 30_000
			})
			.toBe(200);
		await check(
			'get',
			'/api/v1/audit/tree-head',
			await request.get(`${base}/api/v1/audit/tree-head`)
		);
		await check(
			'get',
			'/api/v1/audit/tree-head',
			await request.get(`${base}/api/v1/audit/tree-head?size=x`)
		);

		// Internal: the offline client's sync and upload calls, as a demo applicant.
		await signIn(request, base, '13807720005');
		const headers = { origin: base };
		await check('get', '/api/drafts', await request.get(`${base}/api/drafts`));
		const draftId = randomUUID();
		await check(
			'put',
			'/api/drafts/{id}',
			await request.put(`${base}/api/drafts/${draftId}`, {
				headers,
				data: {
					baseVersion: 0,
					updatedAt: new Date().toISOString(),
					clientId: 'openapi-test',
					content: emptyDraft('recognition')
				}
			})
		);
		// A second push from the same base version: the documented conflict.
		await check(
			'put',
			'/api/drafts/{id}',
			await request.put(`${base}/api/drafts/${draftId}`, {
				headers,
				data: {
					baseVersion: 0,
					updatedAt: new Date().toISOString(),
					clientId: 'openapi-test-other',
					content: emptyDraft('recognition')
				}
			})
		);
		await check(
			'post',
			'/api/drafts/{id}/submit',
			await request.post(`${base}/api/drafts/${draftId}/submit`, { headers, data: { version: 1 } })
		);
		const png = await sharp({ create: { width: 16, height: 16, channels: 3, background: '#c33' } })
			.png()
			.toBuffer();
		const id = randomUUID();
		await check(
			'post',
			'/api/uploads',
			await request.post(`${base}/api/uploads`, {
				headers,
				data: {
					id,
					draftId,
					name: 'photo.png',
					mime: 'image/png',
					size: png.length,
					sha256: createHash('sha256').update(png).digest('hex')
				}
			})
		);
		await check('head', '/api/uploads/{id}', await request.head(`${base}/api/uploads/${id}`));
		await check(
			'patch',
			'/api/uploads/{id}',
			await request.patch(`${base}/api/uploads/${id}`, {
				headers: {
					...headers,
					'content-type': 'application/offset+octet-stream',
					'upload-offset': '0'
				},
				data: png
			})
		);
		await check('get', '/api/uploads/{id}', await request.get(`${base}/api/uploads/${id}`));
		await check(
			'get',
			'/api/uploads/{id}/content',
			await request.get(`${base}/api/uploads/${id}/content`)
		);
		await check(
			'get',
			'/api/uploads/{id}',
			await request.get(`${base}/api/uploads/${randomUUID()}`)
		);

		expect(unseen(), 'documented operations never called').toEqual([]);

		// The checker is not vacuous: a document that says ping answers {"ok": false} fails it,
		// and so does an answer with an undocumented status.
		const tampered = structuredClone(doc);
		const ping = tampered.paths['/api/v1/ping'].get.responses['200'].content!['application/json'];
		ping.schema = { type: 'object', properties: { ok: { const: false } } };
		const strict = responseChecker(tampered).check;
		await expect(
			strict('get', '/api/v1/ping', await request.get(`${pub}/api/v1/ping`))
		).rejects.toThrow(/body/);
		delete tampered.paths['/api/v1/health'].get.responses['200'];
		await expect(
			strict('get', '/api/v1/health', await request.get(`${pub}/api/v1/health`))
		).rejects.toThrow(/status 200 is documented/);
	});
});
