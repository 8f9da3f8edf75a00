/**
 * Password-based key files (PKCS#12, encrypted PKCS#8 PEM) name their own cost: the iteration
 * count of each key derivation. A file with 4 000 000 iterations kept the server busy for 12 s
 * before the password was even known to be wrong, so every count is read from the file's
 * ASN.1 before any derivation runs, and refused above the cap.
 *
 * Exporters use 2048 (OpenSSL 3's default, for the MAC and both encryptions), 2000 (Windows),
 * 10 000 (Java keytool) and at most 600 000 (OWASP's figure for PBKDF2-SHA256): one derivation
 * may take up to 1 000 000 iterations and a whole file 2 000 000 (MAC + certificates + key at
 * 600 000 each fit).
 */
import * as asn1js from 'asn1js';
import type * as pkijs from 'pkijs';
import { AppError } from '../../domain/errors.js';

export const MAX_KDF_ITERATIONS = 1_000_000;
export const MAX_FILE_KDF_ITERATIONS = 2_000_000;

const PBES2 = '1.2.840.113549.1.5.13';
const PBKDF2 = '1.2.840.113549.1.5.12';
/** PKCS#5 v1 (1.2.840.113549.1.5.1–11) and PKCS#12 v1 PBE (1.2.840.113549.1.12.1.x). */
const PBE_V1 = /^1\.2\.840\.113549\.1\.(5\.([1-9]|1[01])|12\.1\.\d+)$/;

const bad = (message: string) => new AppError('VALIDATION', { file: message }, message);

const TOO_COSTLY = (n: number) =>
	bad(
		`证书文件的密钥派生迭代次数过高（${Number.isFinite(n) ? n : '超出范围'}，单次最多 ${MAX_KDF_ITERATIONS} 次，整个文件最多 ${MAX_FILE_KDF_ITERATIONS} 次），为保护服务器不予处理。请用 OpenSSL 3 的默认参数重新导出（例如 openssl pkcs12 -export，默认 2048 次）后再导入。`
	);
const UNSUPPORTED = bad(
	'证书文件使用了不支持的口令加密方式，请用 OpenSSL 3 的默认参数（PBKDF2 + AES）重新导出后再导入。'
);

const children = (node: unknown): asn1js.AsnType[] | undefined =>
	node instanceof asn1js.Sequence ? node.valueBlock.value : undefined;

/** An INTEGER's value; Infinity beyond 2^48 (no honest file comes near), NaN if not one. */
function integer(node: unknown): number {
	if (!(node instanceof asn1js.Integer)) return NaN;
	const bytes = node.valueBlock.valueHexView;
	if (bytes.length > 0 && bytes[0] & 0x80) return NaN; // negative
	const digits = bytes[0] === 0 ? bytes.subarray(1) : bytes;
	if (digits.length > 6) return Infinity;
	return digits.reduce((n, b) => n * 256 + b, 0);
}

/**
 * The iteration count of a password-based encryption algorithm; 0 for one that derives no key
 * from a password; NaN for one whose parameters cannot be read or whose KDF is not PBKDF2
 * (scrypt's memory cost is refused rather than bounded).
 */
export function kdfIterations(algorithmId: string, params: unknown): number {
	if (algorithmId === PBES2) {
		const kdf = children(children(params)?.[0]);
		const oid = kdf?.[0];
		if (!(oid instanceof asn1js.ObjectIdentifier) || oid.valueBlock.toString() !== PBKDF2)
			return NaN;
		return integer(children(kdf?.[1])?.[1]);
	}
	if (PBE_V1.test(algorithmId)) return integer(children(params)?.[1]);
	return 0;
}

/** Counts the derivations of one file; `spend` throws before the one that would exceed a cap. */
export function kdfBudget() {
	let total = 0;
	const spend = (iterations: number) => {
		if (Number.isNaN(iterations)) throw UNSUPPORTED;
		if (iterations > MAX_KDF_ITERATIONS) throw TOO_COSTLY(iterations);
		total += iterations;
		if (total > MAX_FILE_KDF_ITERATIONS) throw TOO_COSTLY(total);
	};
	const algorithm = (alg: pkijs.AlgorithmIdentifier) =>
		spend(kdfIterations(alg.algorithmId, alg.algorithmParams));
	return { spend, algorithm };
}
export type KdfBudget = ReturnType<typeof kdfBudget>;

/** An encrypted PKCS#8 key (DER EncryptedPrivateKeyInfo): its derivation's cost, checked. */
export function checkEncryptedKeyCost(der: Uint8Array): void {
	const parsed = asn1js.fromBER(der.slice().buffer as ArrayBuffer);
	const alg = children(children(parsed.result)?.[0]);
	const oid = alg?.[0];
	if (!(oid instanceof asn1js.ObjectIdentifier)) return; // not encrypted PKCS#8: Node decides
	kdfBudget().spend(kdfIterations(oid.valueBlock.toString(), alg?.[1]));
}
