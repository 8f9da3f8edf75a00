// Syncing drafts over loopback exactly as a phone does (../src/lib/client/drafts/sync.ts):
// per file POST declare (idempotent, answers the offset) → PATCH 256 KB chunks, then PUT the
// draft; one phone, one request at a time. 100 drafts with 3 photos each (two document photos and the 2-inch photo),
// and per-draft times at 25 / 50 / 100 drafts to show the cost stays linear.
import { createHash, randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { signIn, startServer } from './support/server.js';

const CHUNK = 256 * 1024;
const sha256 = (b) => createHash('sha256').update(b).digest('hex');

/** A phone-compressed photo (~200 KB); a per-file suffix after the JPEG end makes each unique. */
async function basePhotos() {
	const make = (w, h, seed) =>
		sharp({
			create: {
				width: w,
				height: h,
				channels: 3,
				background: '#dddddd',
				noise: { type: 'gaussian', mean: 120 + seed, sigma: 25 }
			}
		})
			.jpeg({ quality: 80 })
			.toBuffer();
	return [await make(640, 480, 1), await make(640, 480, 2), await make(413, 579, 3)];
}

function draftContent(employerId, files) {
	const [a, b, photo] = files;
	const ref = (f, purpose) => ({
		id: f.id,
		name: `${purpose}.jpg`,
		mime: 'image/jpeg',
		size: f.bytes.length,
		sha256: f.sha256,
		purpose
	});
	return {
		formVersion: 1,
		kind: 'recognition',
		personal: {
			name: '韦丽琰',
			sex: 'female',
			idNumber: '',
			birthDate: '1988-03-14',
			education: 'bachelor',
			mobile: '13807720001'
		},
		employment: { employerId, post: '设备工程师', yearsInProfession: 9 },
		title: {
			series: 'engineering',
			level: 'intermediate',
			qualification: '工程师',
			specialty: '电气工程'
		},
		educationHistory: [
			{ school: '广西大学', major: '电气工程', degree: 'bachelor', from: '2006-09', to: '2010-07' }
		],
		workHistory: [
			{ employer: '柳州钢铁集团有限公司', post: '设备工程师', from: '2010-08', to: '' }
		],
		titlesHeld: [],
		achievements: [],
		attachments: [ref(a, 'diploma'), ref(b, 'other')],
		photo: {
			id: photo.id,
			mime: 'image/jpeg',
			size: photo.bytes.length,
			sha256: photo.sha256,
			width: 413,
			height: 579
		}
	};
}

function client(origin, cookie) {
	const call = async (method, path, init = {}) => {
		const response = await fetch(origin + path, {
			method,
			...init,
			headers: { origin, cookie, ...init.headers }
		});
		if (!response.ok && !(method === 'HEAD' && response.status === 404)) {
			throw new Error(`${method} ${path}: HTTP ${response.status} ${await response.text()}`);
		}
		return response;
	};
	return {
		async upload(draftId, f) {
			// As the phone does: declaring is idempotent and answers the resume offset.
			const declared = await call('POST', '/api/uploads', {
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({
					id: f.id,
					draftId,
					name: 'photo.jpg',
					mime: 'image/jpeg',
					size: f.bytes.length,
					sha256: f.sha256
				})
			});
			let received = (await declared.json()).received;
			while (received < f.bytes.length) {
				const chunk = f.bytes.subarray(received, received + CHUNK);
				const r = await call('PATCH', `/api/uploads/${f.id}`, {
					headers: {
						'content-type': 'application/offset+octet-stream',
						'upload-offset': String(received)
					},
					body: chunk
				});
				received = Number(r.headers.get('upload-offset'));
			}
		},
		async push(id, content) {
			const r = await call('PUT', `/api/drafts/${id}`, {
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({
					baseVersion: 0,
					updatedAt: new Date().toISOString(),
					clientId: 'bench-phone',
					content
				})
			});
			return (await r.json()).version;
		}
	};
}

async function syncDrafts(api, employerId, photos, count) {
	const started = performance.now();
	for (let i = 0; i < count; i++) {
		const id = randomUUID();
		const files = photos.map((base) => {
			const bytes = Buffer.concat([base, Buffer.from(randomUUID())]);
			return { id: randomUUID(), bytes, sha256: sha256(bytes) };
		});
		for (const f of files) await api.upload(id, f);
		if ((await api.push(id, draftContent(employerId, files))) !== 1)
			throw new Error('unexpected version');
	}
	return (performance.now() - started) / 1000;
}

export async function run() {
	const server = await startServer(4393);
	try {
		const cookie = await signIn(server.origin, '13807720001');
		const api = client(server.origin, cookie);
		const options = await (await fetch(`${server.origin}/api/options`)).json();
		const employerId = options.employers.find((e) => e.name === '柳州钢铁集团有限公司').id;
		const photos = await basePhotos();
		await syncDrafts(api, employerId, photos, 5); // warm-up: JIT, first queries
		const per = {};
		for (const n of [25, 50]) per[n] = ((await syncDrafts(api, employerId, photos, n)) / n) * 1000;
		const total = await syncDrafts(api, employerId, photos, 100);
		per[100] = (total / 100) * 1000;
		const mb = (photos.reduce((s, p) => s + p.length, 0) * 100) / 1024 / 1024;
		const linear = per[100] <= per[25] * 1.5;
		return [
			{
				metric: `sync 100 drafts × 3 photos (${mb.toFixed(0)} MB) over loopback`,
				value: total,
				unit: 's',
				goal: '≤ 10 s',
				ok: total <= 10
			},
			{ metric: 'per draft, 25 drafts', value: per[25], unit: 'ms' },
			{ metric: 'per draft, 50 drafts', value: per[50], unit: 'ms' },
			{
				metric: 'per draft, 100 drafts',
				value: per[100],
				unit: 'ms',
				goal: '≤ 1.5 × the 25-draft figure (linear)',
				ok: linear
			}
		];
	} finally {
		await server.stop();
	}
}
