/**
 * Builds and signs the status list (an IETF Token Status List; format: domain/status-list.ts)
 * from the in-memory status registry. Rebuilt only when a status changed or the last one is older than MAX_AGE_S (so an
 * offline verdict's "status as of" is never older than that plus the client's cache time);
 * otherwise every request gets the same signed bytes (with an ETag).
 *
 * Signed by the city office's current QR-token key, published in the JWKS like every key.
 */
import { createHash } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import { toBase64url } from '../../domain/certificate-token.js';
import {
	deflate,
	IETF_STATUS_CODE,
	packStatuses,
	signStatusList,
	type StatusListClaims
} from '../../domain/status-list.js';
import { statusIndexOf, type CertificateStatus } from '../../domain/verification.js';
import { tokenKeyFor } from '../certificates/token-keys.js';
import { now } from '../clock.js';
import { db } from '../db/index.js';
import { organisations } from '../db/schema/index.js';
import { issuerNames } from './key-ring.js';
import { allCertificateNumbers, nonValidStatuses, statusVersion } from './status-registry.js';

/**
 * How long a verifier may rely on a fetched list (the token's `ttl`): a day, as the EU DCC's
 * trust lists. Past it the offline scanner says in large words that its data is out of date
 * (trust-freshness.ts). Online, the list is re-fetched far sooner: HTTP max-age is 60 s and the
 * scanner refreshes whenever the network comes back. A revocation thus reaches an offline
 * verifier within a day of its last connection — the scanner shows the data's time on every
 * verdict. (It was 300 s: any check five minutes after leaving the network said "out of date".)
 */
export const STATUS_LIST_TTL_S = 86_400;
const MAX_AGE_S = 60;
/** Lists grow in blocks, so the size reveals the register's size only roughly. */
const BLOCK = 16_384;

export interface SignedStatusList {
	jws: string;
	etag: string;
	iat: number;
}

let cached: (SignedStatusList & { version: number; origin: string }) | undefined;
let building: Promise<SignedStatusList> | undefined;

export async function currentStatusList(origin: string): Promise<SignedStatusList> {
	const fresh = cached && now().getTime() / 1000 - cached.iat < MAX_AGE_S;
	if (cached && fresh && cached.version === statusVersion() && cached.origin === origin)
		return cached;
	building ??= build(origin).finally(() => (building = undefined));
	return building;
}

async function build(origin: string): Promise<SignedStatusList> {
	const statuses = await nonValidStatuses();
	const version = statusVersion();
	let max = -1;
	for (const no of allCertificateNumbers()) max = Math.max(max, statusIndexOf(no) ?? -1);
	const size = Math.ceil((max + 1) / BLOCK) * BLOCK || BLOCK;
	const indexed: [number, CertificateStatus][] = [];
	const other: Record<string, number> = {};
	for (const [no, s] of statuses) {
		const index = statusIndexOf(no);
		if (index === undefined) other[no] = IETF_STATUS_CODE[s.status];
		else indexed.push([index, s.status]);
	}
	const iat = Math.floor(now().getTime() / 1000);
	const claims: StatusListClaims = {
		iss: origin,
		sub: `${origin}/api/v1/status-list`,
		iat,
		ttl: STATUS_LIST_TTL_S,
		status_list: { bits: 2, lst: toBase64url(deflate(packStatuses(indexed, size))) },
		other,
		issuers: await issuerNames()
	};
	const jws = await signStatusList(claims, await cityKey());
	const etag = `"${createHash('sha256').update(jws).digest('base64url').slice(0, 22)}"`;
	cached = { jws, etag, iat, version, origin };
	return cached;
}

/** The city office's current token key (created at first use, like any issuing office's). */
async function cityKey() {
	return db().transaction(async (tx) => {
		const [city] = await tx
			.select({ id: organisations.id })
			.from(organisations)
			.where(eq(organisations.type, 'cityOffice'))
			.orderBy(asc(organisations.createdAt), asc(organisations.id))
			.limit(1);
		if (!city) throw new Error('no city office: the status list has no signer');
		return tokenKeyFor(tx, city.id);
	});
}

/** For tests: forget the cached list. */
export function clearStatusListCache(): void {
	cached = undefined;
}
