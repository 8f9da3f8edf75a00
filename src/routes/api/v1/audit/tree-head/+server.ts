import { error } from '@sveltejs/kit';
import { authorize } from '#lib/server/auth/actor.js';
import {
	auditPublicKeys,
	latestTreeHead,
	toSignedTreeHead,
	treeHeadOfSize
} from '#lib/server/audit/tree-head.js';
import { db } from '#lib/server/db/index.js';
import type { RequestHandler } from './$types';

/**
 * The audit log's signed tree head (the latest, or `?size=N`), with the public keys, for office
 * staff to keep outside the platform and hand to `npm run audit:verify -- --head FILE`.
 */
export const GET: RequestHandler = async ({ locals, url }) => {
	await authorize(locals.actor, 'audit.treeHead', { type: 'platform' });
	const param = url.searchParams.get('size');
	let row;
	if (param === null) row = await latestTreeHead(db());
	else {
		if (!/^\d{1,15}$/.test(param))
			error(400, { message: 'size 须为非负整数', code: 'BAD_REQUEST' });
		row = await treeHeadOfSize(db(), Number(param));
	}
	if (!row) error(404, { message: '没有这个大小的已签名树头', code: 'NOT_FOUND' });
	const keys = await auditPublicKeys(db());
	return Response.json(
		{
			...toSignedTreeHead(row),
			keys: [...keys].map(([kid, x]) => ({ kty: 'OKP', crv: 'Ed25519', kid, x }))
		},
		{ headers: { 'Cache-Control': 'private, no-store' } }
	);
};
