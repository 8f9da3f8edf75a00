/**
 * Builds and signs the status list (an IETF Token Status List; format: domain/status-list.ts)
 * from the in-memory status register, with the digest of the statuses it carries. Storing and
 * serving it, once for the whole cluster, is get-status-list.ts.
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
/** Lists grow in blocks, so the size reveals the register's size only roughly. */
const BLOCK = 16_384;

export interface SignedStatusList {
	jws: string;
	etag: string;
	iat: number;
	/** SHA-256 of the statuses carried (statusDigest()). */
	digest: string;
}

let digestOf: { version: number; digest: string } | undefined;

/**
 * The digest of every non-valid status the register holds now: two instances whose registers
 * agree compute the same one, and any change of a certificate's status changes it. The list's
 * size and issuer names are left out on purpose (they differ only until the next rebuild and
 * change no verdict: an index past the list reads valid).
 */
export async function statusDigest(): Promise<string> {
	const statuses = await nonValidStatuses();
	const version = statusVersion();
	if (digestOf?.version === version) return digestOf.digest;
	const entries = [...statuses].map(([no, s]) => `${no}:${IETF_STATUS_CODE[s.status]}`).sort();
	const digest = createHash('sha256').update(entries.join('\n')).digest('base64url');
	digestOf = { version, digest };
	return digest;
}

/** Signs a new list for `origin` (its `iss`; `sub` is the list's URL there). */
export async function buildStatusList(origin: string): Promise<SignedStatusList> {
	const statuses = await nonValidStatuses();
	const digest = await statusDigest();
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
	return { jws, etag, iat, digest };
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
