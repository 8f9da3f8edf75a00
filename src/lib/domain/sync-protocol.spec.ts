import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ATOMIC_FIELDS, emptyDraft } from './application-form.js';
import {
	acceptAck,
	acceptConflict,
	applyPush,
	buildPush,
	canonicalJson,
	diffFields,
	mergeFieldByField,
	resolveConflict,
	sameContent,
	type ClientSyncState,
	type FieldChoice,
	type Push,
	type ServerRecord
} from './sync-protocol.js';

const ID = '6f1c2f5e-8d3b-4b7a-9c1e-2a4b6c8d0e1f';
const push = <C>(baseVersion: number, content: C, clientId = 'A'): Push<C> => ({
	id: ID,
	baseVersion,
	content,
	clientId,
	updatedAt: '2024-05-01T08:00:00.000Z'
});
const record = <C>(version: number, content: C, clientId = 'A'): ServerRecord<C> => ({
	id: ID,
	version,
	content,
	clientId,
	updatedAt: '2024-05-01T08:00:00.000Z'
});

describe('applyPush (server rule)', () => {
	it('creates a new draft at version 1', () => {
		expect(applyPush(undefined, push(0, { a: 1 }))).toEqual({
			status: 'created',
			record: record(1, { a: 1 })
		});
	});

	it('never lowers a client’s version when the record is gone', () => {
		const out = applyPush(undefined, push(4, { a: 1 }));
		expect(out.status === 'created' && out.record.version).toBe(5);
	});

	it('updates when based on the current version, bumping it by one', () => {
		expect(applyPush(record(3, { a: 1 }), push(3, { a: 2 }, 'B'))).toEqual({
			status: 'updated',
			record: record(4, { a: 2 }, 'B')
		});
	});

	it('stores a replayed push once (no version bump), whatever the key order', () => {
		const first = applyPush(record(3, { a: 1 }), push(3, { a: 2, b: 'x' }));
		if (first.status === 'conflict') throw new Error('unexpected conflict');
		const replay = applyPush(first.record, push(3, { b: 'x', a: 2 }));
		expect(replay).toEqual({ status: 'unchanged', record: first.record });
	});

	it('answers an edit based on an old version with a conflict and writes nothing', () => {
		const server = record(5, { a: 1 });
		expect(applyPush(server, push(4, { a: 2 }))).toEqual({ status: 'conflict', server });
		expect(applyPush(server, push(6, { a: 2 }))).toEqual({ status: 'conflict', server });
	});
});

describe('client reactions', () => {
	it('stays unsynced when the content changed while the push was in flight', () => {
		const state: ClientSyncState = { version: 2, content: { a: 'newer' } };
		expect(acceptAck(state, { a: 'sent' }, 3)).toEqual({
			state: { version: 3, content: { a: 'newer' } },
			synced: false
		});
		expect(acceptAck(state, { a: 'newer' }, 1)).toEqual({ state, synced: false });
	});

	it('recognises its own lost write instead of reporting a conflict', () => {
		const state: ClientSyncState = { version: 2, content: { a: 'typed later' } };
		expect(acceptConflict(state, record(3, { a: 'sent' }, 'A'), 'A')).toEqual({
			ownWrite: true,
			state: { version: 3, content: { a: 'typed later' } },
			synced: false
		});
		expect(acceptConflict(state, record(3, { a: 'sent' }, 'B'), 'A')).toEqual({ ownWrite: false });
		expect(acceptConflict(state, record(4, { a: 'sent' }, 'A'), 'A')).toEqual({ ownWrite: false });
	});

	it('rebases a resolution on the server version', () => {
		expect(resolveConflict(record(7, { a: 1 }), { a: 2 })).toEqual({
			state: { version: 7, content: { a: 2 } },
			synced: false
		});
	});
});

describe('diffFields and mergeFieldByField', () => {
	const local = {
		personal: { name: '张三', mobile: '138' },
		list: [1, 2],
		photo: { id: 'p1', size: 1 }
	};
	const server = {
		personal: { name: '张三', mobile: '139' },
		list: [1],
		photo: { id: 'p2', size: 2 }
	};

	it('lists leaf paths, taking arrays and atomic objects whole', () => {
		expect(diffFields(local, server)).toEqual([
			'personal.mobile',
			'list',
			'photo.id',
			'photo.size'
		]);
		expect(diffFields(local, server, { atomic: ATOMIC_FIELDS })).toEqual([
			'personal.mobile',
			'list',
			'photo'
		]);
		expect(diffFields(local, structuredClone(local))).toEqual([]);
	});

	it('applies choices field by field, keeping local where nothing was chosen', () => {
		const merged = mergeFieldByField(
			local,
			server,
			{ list: 'server', photo: 'server' },
			{
				atomic: ATOMIC_FIELDS
			}
		);
		expect(merged).toEqual({
			personal: { name: '张三', mobile: '138' },
			list: [1],
			photo: server.photo
		});
		expect(local.personal.mobile).toBe('138');
		expect(server.personal.mobile).toBe('139');
	});

	it('works on application drafts', () => {
		const a = emptyDraft('evaluation');
		const b = { ...emptyDraft('evaluation'), title: { ...a.title, specialty: '电气' } };
		expect(diffFields(a, b, { atomic: ATOMIC_FIELDS })).toEqual(['title.specialty']);
		expect(mergeFieldByField(a, b, { 'title.specialty': 'server' })).toEqual(b);
	});

	it('canonicalJson ignores key order', () => {
		expect(canonicalJson({ b: 1, a: { d: 1, c: 2 } })).toBe(
			canonicalJson({ a: { c: 2, d: 1 }, b: 1 })
		);
		expect(sameContent([1, 2], [2, 1])).toBe(false);
	});
});

// ---------------------------------------------------------------- property: a simulated world

type Content = { a: string; b: string; items: string[] };
type Net = 'ok' | 'lostRequest' | 'lostResponse';
type Action =
	| { t: 'edit'; d: number; field: 'a' | 'b' | 'items' }
	| { t: 'push'; d: number; net: Net }
	| { t: 'replay'; d: number; pick: number }
	| { t: 'resolve'; d: number; choices: Record<string, FieldChoice> };

interface Device {
	clientId: string;
	state: ClientSyncState<Content>;
	synced: boolean;
	conflict: ServerRecord<Content> | null;
	sent: Push<Content>[];
}

/** Two phones (or one), one server, a network that loses requests and answers. */
class World {
	server: ServerRecord<Content>;
	history: Content[];
	acks: { version: number; content: Content }[] = [];
	devices: Device[];
	conflictsSeen = 0;
	private tick = 0;

	constructor(deviceCount: number) {
		const content: Content = { a: '', b: '', items: [] };
		const created = applyPush(undefined, push(0, content, 'A'));
		if (created.status !== 'created') throw new Error('setup');
		this.server = created.record;
		this.history = [content];
		this.devices = ['A', 'B'].slice(0, deviceCount).map((clientId) => ({
			clientId,
			state: { version: 1, content: structuredClone(content) },
			synced: true,
			conflict: null,
			sent: []
		}));
	}

	run(action: Action): void {
		const dev = this.devices[action.d % this.devices.length];
		const before = dev.state.version;
		if (action.t === 'edit') this.edit(dev, action.field);
		if (action.t === 'push' && !dev.synced && !dev.conflict) this.push(dev, action.net);
		if (action.t === 'replay' && dev.sent.length) {
			this.toServer(dev.sent[action.pick % dev.sent.length]); // a stalled duplicate; answer lost
		}
		if (action.t === 'resolve' && dev.conflict) this.resolve(dev, action.choices);
		expect(dev.state.version).toBeGreaterThanOrEqual(before);
	}

	edit(dev: Device, field: 'a' | 'b' | 'items'): void {
		const value = `${dev.clientId}${++this.tick}`;
		const c = dev.state.content;
		dev.state = {
			...dev.state,
			content: field === 'items' ? { ...c, items: [...c.items, value] } : { ...c, [field]: value }
		};
		dev.synced = false;
	}

	push(dev: Device, net: Net): void {
		const sent = buildPush(ID, dev.state, { clientId: dev.clientId, updatedAt: String(this.tick) });
		dev.sent.push(sent);
		if (net === 'lostRequest') return;
		const out = this.toServer(sent);
		if (net === 'lostResponse') return;
		if (out.status === 'conflict') {
			const r = acceptConflict(dev.state, out.server, dev.clientId);
			if (!r.ownWrite) {
				this.conflictsSeen++;
				dev.conflict = out.server;
				return;
			}
			expect(r.state.version).toBeGreaterThan(dev.state.version);
			dev.state = r.state;
			dev.synced = r.synced;
			if (r.synced) this.ack(r.state.version, r.state.content);
			return;
		}
		const r = acceptAck(dev.state, sent.content, out.record.version);
		this.ack(out.record.version, sent.content);
		dev.state = r.state;
		dev.synced = r.synced;
	}

	resolve(dev: Device, choices: Record<string, FieldChoice>): void {
		const server = dev.conflict!;
		expect(server.version).toBeGreaterThan(dev.state.version);
		const r = resolveConflict(
			server,
			mergeFieldByField(dev.state.content, server.content, choices)
		);
		dev.state = r.state;
		dev.synced = r.synced;
		dev.conflict = null;
	}

	toServer(p: Push<Content>) {
		const prev = this.server;
		const out = applyPush(prev, p);
		if (out.status === 'updated') {
			expect(out.record.version).toBe(prev.version + 1);
			expect(sameContent(out.record.content, prev.content)).toBe(false); // no duplicate versions
			this.server = out.record;
			this.history.push(out.record.content);
		} else if (out.status === 'unchanged') {
			expect(out.record).toBe(prev);
		} else {
			expect(out.status).toBe('conflict');
		}
		expect(this.server.version).toBe(this.history.length);
		return out;
	}

	ack(version: number, content: Content): void {
		expect(sameContent(this.history[version - 1], content)).toBe(true); // acks tell the truth
		this.acks.push({ version, content });
	}

	/** Network back for good: each phone pushes until synced, keeping its own values on conflict. */
	settle(): void {
		for (let round = 0; round < 10; round++) {
			for (const dev of this.devices) {
				if (dev.conflict) this.resolve(dev, {});
				if (!dev.synced) this.push(dev, 'ok');
			}
			if (this.devices.every((d) => d.synced && !d.conflict)) return;
		}
		throw new Error('sync did not settle');
	}
}

const actionArb = (devices: number): fc.Arbitrary<Action> => {
	const d = fc.nat({ max: devices - 1 });
	const side = fc.constantFrom<FieldChoice>('local', 'server');
	return fc.oneof(
		fc.record({ t: fc.constant('edit' as const), d, field: fc.constantFrom('a', 'b', 'items') }),
		fc.record({
			t: fc.constant('push' as const),
			d,
			net: fc.constantFrom<Net>('ok', 'ok', 'lostRequest', 'lostResponse')
		}),
		fc.record({ t: fc.constant('replay' as const), d, pick: fc.nat() }),
		fc.record({
			t: fc.constant('resolve' as const),
			d,
			choices: fc.record({ a: side, b: side, items: side })
		})
	);
};

function checkSettled(world: World): void {
	const before = world.devices.map((d) => structuredClone(d.state.content));
	world.settle();
	const last = world.acks.at(-1)!;
	expect(world.server.version).toBe(last.version);
	expect(sameContent(world.server.content, last.content)).toBe(true);
	for (const [i, dev] of world.devices.entries()) {
		expect(sameContent(dev.state.content, before[i])).toBe(true); // settling kept what was typed
		expect(sameContent(world.history[dev.state.version - 1], dev.state.content)).toBe(true);
	}
	for (const ack of world.acks) {
		expect(sameContent(world.history[ack.version - 1], ack.content)).toBe(true);
	}
}

describe('sync protocol under a lossy network (property)', () => {
	it('two phones: the server ends at the last acknowledged state; nothing acknowledged or typed is lost', () => {
		let conflicts = 0;
		fc.assert(
			fc.property(fc.array(actionArb(2), { maxLength: 40 }), (actions) => {
				const world = new World(2);
				for (const action of actions) world.run(action);
				world.edit(world.devices[0], 'a'); // at least one acknowledged write in every run
				checkSettled(world);
				conflicts += world.conflictsSeen;
			}),
			{ numRuns: 200 }
		);
		expect(conflicts).toBeGreaterThan(0); // the runs did exercise real conflicts
	});

	it('one phone: lost answers, retries and stale duplicates never cause a conflict', () => {
		fc.assert(
			fc.property(fc.array(actionArb(1), { maxLength: 40 }), (actions) => {
				const world = new World(1);
				for (const action of actions) world.run(action);
				world.edit(world.devices[0], 'b');
				checkSettled(world);
				expect(world.conflictsSeen).toBe(0);
			}),
			{ numRuns: 200 }
		);
	});
});
