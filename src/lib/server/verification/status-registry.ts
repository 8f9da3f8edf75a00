/**
 * The status of every certificate, IN MEMORY, so that a verification costs no database query:
 * loaded once at start (one row per certificate: number, id, status), then refreshed by a poll
 * (every VERIFY_STATUS_POLL_MS, default 5 s) that re-reads only what can change — the few
 * non-valid certificates, the running invalidation notices and the key ring. A certificate
 * issued after the load is found on its first verification by one indexed lookup (then
 * remembered); numbers that are not in the register are remembered as such for a minute.
 *
 * Status precedence: revoked > void > notice > valid. Invalidation notices (声明作废, issue 7)
 * come from a NoticeSource (notice-source.ts; tests may install their own with setNoticeSource()).
 *
 * Each instance of a cluster keeps its own register: a change made on another instance is seen
 * here at the next poll, so within VERIFY_STATUS_POLL_MS. The signed status list, by contrast,
 * is built once and stored for all instances (get-status-list.ts).
 */
import { eq, inArray, ne } from 'drizzle-orm';
import type { CertificateStatus } from '../../domain/verification.js';
import { db } from '../db/index.js';
import { certificates } from '../db/schema/index.js';
import { onShutdown } from '../lifecycle.js';
import { refreshKeyRing } from './key-ring.js';
import { noticesTable, type NoticeEffect, type NoticeSource } from './notice-source.js';

export type { NoticeEffect, NoticeSource } from './notice-source.js';
import { errorName, logger } from '../observability/logger.js';

export interface RegisteredCertificate {
	id: string;
	certificateNo: string;
	holderUserId: string;
	/** Status in the certificates table itself. */
	status: 'valid' | 'void' | 'revoked';
	/** China day the certificate became void or was revoked. */
	since: string | null;
	photoAttachmentId: string | null;
}

export interface EffectiveStatus {
	status: CertificateStatus;
	/** China day from which this status holds, when known. */
	since: string | null;
	/** Last day of a running invalidation notice. */
	until: string | null;
}

const RANK: Record<CertificateStatus, number> = { valid: 0, notice: 1, void: 2, revoked: 3 };
const UNKNOWN_TTL_MS = 60_000;
const UNKNOWN_MAX = 10_000;

let byNo = new Map<string, RegisteredCertificate>();
let byId = new Map<string, RegisteredCertificate>();
let effective = new Map<string, EffectiveStatus>();
let unknown = new Map<string, number>();
let loaded: Promise<void> | undefined;
let timer: ReturnType<typeof setInterval> | undefined;
let version = 0;
let refreshedAt = new Date(0);
let noticeSource: NoticeSource = noticesTable;

const dayOf = (d: Date | null) =>
	d ? new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10) : null;

/** Installs where invalidation notices come from (and refreshes at once). */
export async function setNoticeSource(source: NoticeSource | undefined): Promise<void> {
	noticeSource = source ?? noticesTable;
	if (loaded) await refreshStatus();
}

const columns = {
	id: certificates.id,
	certificateNo: certificates.certificateNo,
	holderUserId: certificates.holderUserId,
	status: certificates.status,
	voidedAt: certificates.voidedAt,
	revokedAt: certificates.revokedAt,
	photoAttachmentId: certificates.photoAttachmentId
};

type Row = { [K in keyof typeof columns]: (typeof columns)[K]['_']['data'] | null };

function toEntry(r: Row): RegisteredCertificate {
	return {
		id: r.id!,
		certificateNo: r.certificateNo!,
		holderUserId: r.holderUserId!,
		status: r.status!,
		since: r.status === 'revoked' ? dayOf(r.revokedAt) : dayOf(r.voidedAt),
		photoAttachmentId: r.photoAttachmentId
	};
}

function combine(entry: RegisteredCertificate, notice?: NoticeEffect): EffectiveStatus {
	const own: EffectiveStatus = { status: entry.status, since: entry.since, until: null };
	if (!notice || RANK[notice.status] <= RANK[own.status]) return own;
	return notice;
}

async function loadAll(): Promise<void> {
	const rows = await db().select(columns).from(certificates);
	byNo = new Map();
	byId = new Map();
	for (const r of rows) remember(toEntry(r));
	await refreshStatus();
}

function remember(entry: RegisteredCertificate): void {
	byNo.set(entry.certificateNo, entry);
	byId.set(entry.id, entry);
}

/** Re-reads the non-valid certificates, the notices and the keys; bumps the version on change. */
export async function refreshStatus(): Promise<void> {
	const [changed, noticeMap] = await Promise.all([
		db().select(columns).from(certificates).where(ne(certificates.status, 'valid')),
		noticeSource(),
		refreshKeyRing()
	]);
	for (const r of changed) remember(toEntry(r));
	const missing = [...noticeMap.keys()].filter((id) => !byId.has(id));
	if (missing.length > 0) {
		const rows = await db()
			.select(columns)
			.from(certificates)
			.where(inArray(certificates.id, missing));
		for (const r of rows) remember(toEntry(r));
	}
	const next = new Map<string, EffectiveStatus>();
	for (const r of changed) next.set(r.certificateNo, combine(byNo.get(r.certificateNo)!));
	for (const [id, notice] of noticeMap) {
		const entry = byId.get(id);
		if (entry) next.set(entry.certificateNo, combine(entry, notice));
		// (a notice on a certificate that is already void or revoked changes nothing)
	}
	if (!sameStatuses(effective, next)) version++;
	effective = next;
	refreshedAt = new Date();
}

function sameStatuses(a: Map<string, EffectiveStatus>, b: Map<string, EffectiveStatus>) {
	if (a.size !== b.size) return false;
	for (const [no, s] of a) {
		const t = b.get(no);
		if (!t || t.status !== s.status || t.since !== s.since || t.until !== s.until) return false;
	}
	return true;
}

/**
 * Loads the register once (idempotent) and starts polling for changes; the server calls it
 * shortly after start, and the first verification would otherwise.
 */
export function ensureLoaded(): Promise<void> {
	loaded ??= loadAll()
		.then(startPolling)
		.catch((e) => {
			loaded = undefined;
			throw e;
		});
	return loaded;
}

function startPolling(): void {
	if (timer || process.env.VERIFY_STATUS_POLL_MS === '0') return;
	timer = setInterval(
		() => {
			refreshStatus().catch((e: unknown) =>
				logger.error({ err: errorName(e) }, 'certificate status refresh failed')
			);
		},
		Number(process.env.VERIFY_STATUS_POLL_MS ?? 5000)
	);
	timer.unref?.();
	if (!shutdownHooked) {
		onShutdown(stopStatusRegistry);
		shutdownHooked = true;
	}
}

let shutdownHooked = false;

export function stopStatusRegistry(): void {
	if (timer) clearInterval(timer);
	timer = undefined;
}

/** For tests: forget everything (a new database). */
export function resetStatusRegistry(): void {
	stopStatusRegistry();
	byNo = new Map();
	byId = new Map();
	effective = new Map();
	unknown = new Map();
	loaded = undefined;
	version++; // never back to an earlier value: digests are cached by it
}

/**
 * The registered certificate with this number, or undefined when the register has none. A
 * number seen for the first time costs one indexed query.
 */
export async function findCertificate(
	certificateNo: string
): Promise<RegisteredCertificate | undefined> {
	await ensureLoaded();
	const known = byNo.get(certificateNo);
	if (known) return known;
	const missUntil = unknown.get(certificateNo);
	if (missUntil && missUntil > Date.now()) return undefined;
	const [row] = await db()
		.select(columns)
		.from(certificates)
		.where(eq(certificates.certificateNo, certificateNo));
	if (!row) {
		if (unknown.size >= UNKNOWN_MAX) unknown = new Map();
		unknown.set(certificateNo, Date.now() + UNKNOWN_TTL_MS);
		return undefined;
	}
	const entry = toEntry(row);
	remember(entry);
	unknown.delete(certificateNo);
	if (entry.status !== 'valid') {
		effective.set(certificateNo, combine(entry));
		version++;
	}
	return entry;
}

export function statusOf(entry: RegisteredCertificate): EffectiveStatus {
	return effective.get(entry.certificateNo) ?? { status: 'valid', since: null, until: null };
}

/** Every non-valid certificate, for the status list. */
export async function nonValidStatuses(): Promise<Map<string, EffectiveStatus>> {
	await ensureLoaded();
	return effective;
}

/** The highest status index in use is at most this (the register's size bound). */
export function registerSize(): number {
	return byNo.size;
}

export function allCertificateNumbers(): IterableIterator<string> {
	return byNo.keys();
}

/** Changes whenever some certificate's status changes (status-list cache key). */
export function statusVersion(): number {
	return version;
}

/** When the statuses were last read from the database. */
export function statusRefreshedAt(): Date {
	return refreshedAt;
}
