/**
 * The draft sync protocol, pure: the server's rule for a push and the client's reactions to the
 * answers. The server endpoint, the IndexedDB store and the property tests all call these
 * functions, so there is one definition of "idempotent" and "conflict".
 *
 * - A draft has a client-generated UUID `id` and an integer `version`, the last version the
 *   server acknowledged (0 = never). A push carries the version its content is based on
 *   (`baseVersion`), the client's `updatedAt`, the `content` and the pushing device's `clientId`.
 * - Server (`applyPush`): no record → created at `baseVersion + 1` (so a client's version never
 *   goes down). Same content as stored → 'unchanged', no version bump: a replayed or retried
 *   push is stored once. `baseVersion === version` → updated to version + 1. Anything else →
 *   conflict (HTTP 409) with the server copy; nothing is written.
 * - Lost responses: the server may apply a push whose answer never arrives. The client keeps
 *   its old version, and its next push gets a conflict whose copy is version + 1 written by its
 *   own `clientId`. Every later local edit on that device descends from what it sent, so the
 *   client adopts that version and pushes again (`acceptConflict` → ownWrite) instead of
 *   showing the person a conflict with themselves.
 * - Real conflicts are resolved by the person: `diffFields` lists what differs, the person
 *   chooses per field, `mergeFieldByField` builds the content, `resolveConflict` rebases it on
 *   the server version so the next push applies.
 *
 * The endpoint around `applyPush` must, in this order: check the draft id belongs to the caller
 * (another user's UUID → 403, nothing written), `parseDraftPayload` the content, then read the
 * record FOR UPDATE, apply and write in one transaction, so two pushes on the same version
 * cannot both succeed.
 */

export interface ServerRecord<C = unknown> {
	id: string;
	version: number;
	updatedAt: string;
	content: C;
	/** The device whose push wrote this version. */
	clientId: string;
}

export interface Push<C = unknown> {
	id: string;
	baseVersion: number;
	updatedAt: string;
	content: C;
	clientId: string;
}

export type PushOutcome<C> =
	| { status: 'created' | 'updated' | 'unchanged'; record: ServerRecord<C> }
	| { status: 'conflict'; server: ServerRecord<C> };

/** JSON with object keys sorted: equal content gives an equal string whatever the key order. */
export function canonicalJson(value: unknown): string {
	return JSON.stringify(value, (_key, v: unknown) =>
		isPlainObject(v)
			? Object.fromEntries(
					Object.keys(v)
						.sort()
						.map((k) => [k, v[k]])
				)
			: v
	);
}

export function sameContent(a: unknown, b: unknown): boolean {
	return canonicalJson(a) === canonicalJson(b);
}

export function applyPush<C>(server: ServerRecord<C> | undefined, push: Push<C>): PushOutcome<C> {
	const write = (version: number): ServerRecord<C> => ({
		id: push.id,
		version,
		updatedAt: push.updatedAt,
		content: push.content,
		clientId: push.clientId
	});
	if (!server) return { status: 'created', record: write(Math.max(0, push.baseVersion) + 1) };
	if (server.id !== push.id) throw new Error('applyPush: record and push are different drafts');
	if (push.baseVersion <= server.version && sameContent(server.content, push.content)) {
		return { status: 'unchanged', record: server };
	}
	if (push.baseVersion === server.version) {
		return { status: 'updated', record: write(server.version + 1) };
	}
	return { status: 'conflict', server };
}

// ---------------------------------------------------------------- client side

export interface ClientSyncState<C = unknown> {
	/** Last version the server acknowledged; local content is based on it. */
	version: number;
	content: C;
}

export function buildPush<C>(
	id: string,
	state: ClientSyncState<C>,
	meta: { clientId: string; updatedAt: string }
): Push<C> {
	return { id, baseVersion: state.version, content: state.content, ...meta };
}

/**
 * The server stored `sent` as `version`. Synced only if nothing was edited meanwhile; a stale
 * answer (older than what the client already knows) changes nothing.
 */
export function acceptAck<C>(
	state: ClientSyncState<C>,
	sent: C,
	version: number
): { state: ClientSyncState<C>; synced: boolean } {
	if (version < state.version) return { state, synced: false };
	return { state: { ...state, version }, synced: sameContent(sent, state.content) };
}

/**
 * A 409. `ownWrite`: the server copy is this device's own lost write (or already equals the
 * local content), so there is nothing to choose; otherwise the person must resolve it.
 */
export function acceptConflict<C>(
	state: ClientSyncState<C>,
	server: ServerRecord<C>,
	clientId: string
): { ownWrite: true; state: ClientSyncState<C>; synced: boolean } | { ownWrite: false } {
	const same = sameContent(server.content, state.content);
	const lostAck = server.version === state.version + 1 && server.clientId === clientId;
	if (server.version > state.version && (same || lostAck)) {
		return { ownWrite: true, state: { ...state, version: server.version }, synced: same };
	}
	return { ownWrite: false };
}

/** After the person chose: the merged content, based on the server copy it was merged with. */
export function resolveConflict<C>(
	server: ServerRecord<C>,
	merged: C
): { state: ClientSyncState<C>; synced: boolean } {
	return {
		state: { version: server.version, content: merged },
		synced: sameContent(merged, server.content)
	};
}

// ---------------------------------------------------------------- field-by-field merge

export type FieldChoice = 'local' | 'server';
export interface DiffOptions {
	/** Object paths compared and taken whole (e.g. a photo reference). Arrays always are. */
	atomic?: readonly string[];
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Dot paths of the leaves (primitives, arrays, atomic objects) where `a` and `b` differ. */
export function diffFields(
	a: unknown,
	b: unknown,
	options: DiffOptions = {},
	prefix = ''
): string[] {
	const atomic = options.atomic ?? [];
	if (!isPlainObject(a) || !isPlainObject(b) || atomic.includes(prefix)) {
		return sameContent(a, b) ? [] : [prefix];
	}
	const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
	return keys.flatMap((key) =>
		diffFields(a[key], b[key], options, prefix ? `${prefix}.${key}` : key)
	);
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
	const parts = path.split('.');
	const last = parts.pop()!;
	let node = target;
	for (const part of parts) {
		if (!isPlainObject(node[part])) node[part] = {};
		node = node[part] as Record<string, unknown>;
	}
	if (value === undefined) delete node[last];
	else node[last] = value;
}

function getPath(source: unknown, path: string): unknown {
	return path
		.split('.')
		.reduce<unknown>((node, part) => (isPlainObject(node) ? node[part] : undefined), source);
}

/**
 * The server copy with the person's choices applied. A differing field without a choice keeps
 * the LOCAL value: what was typed on this phone is never dropped by omission.
 */
export function mergeFieldByField<C>(
	local: C,
	server: C,
	choices: Record<string, FieldChoice>,
	options: DiffOptions = {}
): C {
	const merged = structuredClone(server) as C;
	for (const path of diffFields(local, server, options)) {
		if ((choices[path] ?? 'local') === 'server') continue;
		const value = structuredClone(getPath(local, path));
		if (path === '') return value as C;
		setPath(merged as Record<string, unknown>, path, value);
	}
	return merged;
}
