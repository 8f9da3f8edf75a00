/**
 * The city root key pinned in the app bundle, in the browser: the scanner keeps offline data
 * only when the served office keys are signed by the root it was built with, and it reads the
 * status list without DecompressionStream too (Safari before 16.4, older WeChat WebViews).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { getPublicKeyAsync } from '@noble/ed25519';
import { expect, test } from '@playwright/test';
import { fromBase64url, toBase64url } from '../../src/lib/domain/certificate-token.js';
import { signKeyAttestation } from '../../src/lib/domain/key-attestation.js';
import { keysFromJwks } from '../../src/lib/domain/offline-verification.js';
import { cityRootPublicKey } from '../../src/lib/server/crypto/city-root-key.js';

function files(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
		e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)]
	);
}

test('the city root’s public key ships in the app bundle, and the served JWKS is signed by it', async ({
	request
}) => {
	const root = cityRootPublicKey();
	const bundled = files('build/client/_app/immutable').filter(
		(f) => f.endsWith('.js') && readFileSync(f, 'utf8').includes(root)
	);
	expect(bundled.length).toBeGreaterThan(0);
	const jwks = await (await request.get('/.well-known/jwks.json')).json();
	expect(jwks.keys.length).toBeGreaterThan(0);
	expect((await keysFromJwks(jwks, fromBase64url(root)!)).size).toBe(jwks.keys.length);
});

test('the scanner keeps offline data from the real JWKS, and refuses a JWKS signed by another root', async ({
	page
}) => {
	await page.goto('/scan');
	await expect(page.getByTestId('offline-status')).toHaveAttribute('data-ready', 'true');

	const context = await page.context().browser()!.newContext();
	const forgedPage = await context.newPage();
	const attacker = new Uint8Array(32).fill(4);
	const attackerRoot = { privateKey: attacker, publicKey: await getPublicKeyAsync(attacker) };
	let forged = 0;
	await forgedPage.route('**/.well-known/jwks.json', async (route) => {
		forged++;
		const jwks = await (await route.fetch()).json();
		for (const k of jwks.keys) k.att = await signKeyAttestation(k, attackerRoot);
		await route.fulfill({ json: jwks });
	});
	await forgedPage.goto(new URL('/scan', page.url()).href);
	const status = forgedPage.getByTestId('offline-status');
	// the refresh finished (no longer "正在更新") and kept nothing: the keys were refused
	await expect(status).toHaveText(/尚未下载离线核验数据/);
	await expect(status).toHaveAttribute('data-ready', 'false');
	expect(forged).toBeGreaterThan(0);
	expect(await forgedPage.evaluate(() => localStorage.getItem('zc.verify.offline.v1'))).toBeNull();
	await context.close();
	expect(toBase64url(attackerRoot.publicKey)).not.toBe(cityRootPublicKey());
});

test('without DecompressionStream the scanner still verifies the status list (inflate library)', async ({
	browser,
	baseURL
}) => {
	const context = await browser.newContext();
	await context.addInitScript(() => {
		// @ts-expect-error: removed as in Safari before 16.4
		delete globalThis.DecompressionStream;
	});
	const page = await context.newPage();
	await page.goto(`${baseURL}/scan`);
	expect(await page.evaluate(() => typeof globalThis.DecompressionStream)).toBe('undefined');
	await expect(page.getByTestId('offline-status')).toHaveAttribute('data-ready', 'true');
	await context.close();
});
