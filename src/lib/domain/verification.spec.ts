import { describe, expect, it } from 'vitest';
import {
	chinaDay,
	formatChinaTime,
	keyCoversIssueDate,
	parseScanned,
	statusIndexOf,
	verdictResult
} from './verification.js';

const token = 'AQEGa2lkMDAxkAABm9lT7QWCAAAAAAAA';

describe('parseScanned', () => {
	it('finds the token in a certificate URL of any origin, or a bare token', () => {
		expect(parseScanned(`https://zc.example.cn/v/${token}`)).toEqual({
			kind: 'certificate',
			token
		});
		expect(parseScanned(`http://127.0.0.1:4173/v/${token}/`)).toEqual({
			kind: 'certificate',
			token
		});
		expect(parseScanned(`  ${token}\n`)).toEqual({ kind: 'certificate', token });
	});

	it('reads the compact QR: an upper-case URL with the token in digits', () => {
		const digits = '2839471029384710293847102938471';
		expect(parseScanned(`HTTPS://ZC.EXAMPLE.CN/V/${digits}`)).toEqual({
			kind: 'certificate',
			token: digits
		});
	});

	it('recognises archive-form codes', () => {
		const form = 'F1.RDZC2026ABCDEF.kid001.AAAAAAAAAAAAAAAAAAAAAA.' + 'A'.repeat(86);
		expect(parseScanned(`https://zc.example.cn/v/f/${form}`)).toEqual({
			kind: 'form',
			token: form
		});
		expect(parseScanned(form)).toEqual({ kind: 'form', token: form });
	});

	it('treats anything else as not ours (and never as a URL to open)', () => {
		for (const text of [
			'https://evil.example/login',
			'https://zc.example.cn/v/',
			'https://zc.example.cn/v/a/b',
			'javascript:alert(1)',
			'WIFI:S:net;T:WPA;P:secret;;',
			'短文本',
			''
		]) {
			expect(parseScanned(text), text).toEqual({ kind: 'other' });
		}
	});
});

describe('status index', () => {
	it('is the serial of a scheme certificate number, and undefined otherwise', () => {
		expect(statusIndexOf('4502202621000123')).toBe(123);
		expect(statusIndexOf('45022026110001234')).toBe(1234);
		expect(statusIndexOf('GX2018-JS-01427')).toBeUndefined();
		expect(statusIndexOf('4502202631000123')).toBeUndefined();
	});
});

describe('key validity', () => {
	const retiredNoonChina = Date.parse('2026-03-10T04:00:00Z') / 1000;
	it('a retired key still covers certificates issued up to the China day it was retired', () => {
		expect(keyCoversIssueDate({ retired: retiredNoonChina }, '2026-03-10')).toBe(true);
		expect(keyCoversIssueDate({ retired: retiredNoonChina }, '2025-12-01')).toBe(true);
		expect(keyCoversIssueDate({ retired: retiredNoonChina }, '2026-03-11')).toBe(false);
		expect(keyCoversIssueDate({ exp: retiredNoonChina }, '2026-03-11')).toBe(false);
		expect(keyCoversIssueDate({}, '2099-01-01')).toBe(true);
	});

	it('uses the China calendar day, not UTC', () => {
		expect(chinaDay(new Date('2026-03-10T17:00:00Z'))).toBe('2026-03-11');
	});
});

describe('results', () => {
	it('formats the check time in China time', () => {
		expect(formatChinaTime('2026-11-25T11:53:10Z')).toBe('2026年11月25日 19:53:10');
	});

	it('never carries certificate fields with an invalid verdict', () => {
		const r = verdictResult('invalid', {
			checkedAt: 'x',
			reason: 'bad-signature',
			certificate: { name: '伪造' } as never
		});
		expect(r.certificate).toBeNull();
		expect(r.label).toBe('无法验证');
	});
});
