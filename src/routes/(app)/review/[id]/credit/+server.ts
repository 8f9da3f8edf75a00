import { creditOfApplication } from '#lib/server/credit/queries.js';
import { requireActor } from '#lib/server/http/form.js';
import type { RequestHandler } from './$types';

/** The applicant's credit records for the reviewer's flag (CreditFlag.svelte); audited. */
export const GET: RequestHandler = async ({ locals, url, params }) => {
	const records = await creditOfApplication(requireActor(locals, url), params.id);
	return Response.json(
		records.map((r) => ({
			id: r.id,
			kindLabel: r.kindLabel,
			occurredOn: r.occurredOn,
			decisionDocument: r.decisionDocument,
			recordedBy: r.recordedBy,
			annotations: r.annotations.map((a) => `${a.kindLabel}：${a.text}`)
		})),
		{ headers: { 'cache-control': 'private, no-store' } }
	);
};
