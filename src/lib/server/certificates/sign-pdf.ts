/**
 * PDF digital signature (adbe.pkcs7.detached) by the issuing office, with the signature field's
 * widget over the seal so a reader shows the signature where the stamp is.
 *
 * Written directly on pdf-lib + pkijs instead of @signpdf: its pdf-lib placeholder writes
 * /Name and /Reason as Latin-1 literals (Chinese comes out garbled) and its P12Signer is
 * single-use. The document is saved without object streams so the signature dictionary is a
 * plain indirect object whose placeholders can be patched in place.
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { PDFDocument, PDFHexString, PDFInvalidObject, PDFName, PDFString } from 'pdf-lib';
import { importRsaPrivateKey, type OrgSigningIdentity } from './keys.js';
import { SEAL_RECT } from './layout.js';
import type { Rect } from './types.js';

/** CMS overhead beyond the certificates it carries: signer info, attributes, RSA signature. */
const CMS_OVERHEAD = 1536;
const BYTE_RANGE_PLACEHOLDER = '[0 /ZcByteRange0000 /ZcByteRange0000 /ZcByteRange0000]';

export interface SignOptions {
	/** Widget rectangle; defaults to the seal on the certificate. */
	widgetRect?: Rect;
	reason?: string;
	location?: string;
	signingTime?: Date;
}

const keyCache = new WeakMap<Uint8Array, Promise<CryptoKey>>();

export async function signPdf(
	pdfBytes: Uint8Array,
	signer: OrgSigningIdentity,
	opts: SignOptions = {}
): Promise<Uint8Array> {
	const doc = await PDFDocument.load(pdfBytes, { updateMetadata: false });
	return signDocument(doc, signer, opts);
}

/**
 * Signs a document still open in pdf-lib: the signature field is added and the file saved
 * once (no parse + second save as with `signPdf`, ~7 ms less per certificate).
 */
export async function signDocument(
	doc: PDFDocument,
	signer: OrgSigningIdentity,
	opts: SignOptions = {}
): Promise<Uint8Array> {
	const signingTime = opts.signingTime ?? new Date();
	const { signerName } = await signerTemplate(signer);
	// sized to the certificates carried, so the hex placeholder does not bloat every PDF
	const room = [signer.certificate, ...signer.chain].reduce(
		(sum, c) => sum + c.length,
		CMS_OVERHEAD
	);
	addPlaceholder(doc, { ...opts, signingTime, signerName, room });
	const pdf = Buffer.from(await doc.save({ useObjectStreams: false }));

	const rangeAt = pdf.indexOf(BYTE_RANGE_PLACEHOLDER);
	const contentsAt = pdf.indexOf('<', pdf.indexOf('/Contents', rangeAt));
	const contentsEnd = pdf.indexOf('>', contentsAt) + 1;
	if (rangeAt < 0 || contentsAt < 0) throw new Error('signature placeholder not found');
	const byteRange = [0, contentsAt, contentsEnd, pdf.length - contentsEnd];
	const rangeText = `[${byteRange.join(' ')}]`.padEnd(BYTE_RANGE_PLACEHOLDER.length, ' ');
	pdf.write(rangeText, rangeAt, 'latin1');

	const signed = Buffer.concat([pdf.subarray(0, contentsAt), pdf.subarray(contentsEnd)]);
	const cms = await fastCmsSignature(signed, signer, signingTime);
	if (cms.length > room) throw new Error('signature larger than its placeholder');
	pdf.write(
		Buffer.from(cms)
			.toString('hex')
			.padEnd(room * 2, '0'),
		contentsAt + 1,
		'latin1'
	);
	return new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.length);
}

function addPlaceholder(
	doc: PDFDocument,
	o: SignOptions & { signingTime: Date; signerName: string; room: number }
): void {
	const page = doc.getPage(0);
	const r = o.widgetRect ?? SEAL_RECT;
	const text = (s: string) => PDFHexString.fromText(s).toString();
	const sigDict =
		`<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached ` +
		`/ByteRange ${BYTE_RANGE_PLACEHOLDER} /Contents <${'0'.repeat(o.room * 2)}> ` +
		`/M ${PDFString.fromDate(o.signingTime).toString()} /Name ${text(o.signerName)} ` +
		`/Reason ${text(o.reason ?? '职称电子证书签发')} /Location ${text(o.location ?? '中国广西柳州')} >>`;
	// An "invalid object" is written out verbatim, keeping the placeholders byte-exact.
	const sigRef = doc.context.register(PDFInvalidObject.of(Buffer.from(sigDict, 'latin1')));
	const appearance = doc.context.formXObject([], {
		BBox: [0, 0, r.width, r.height],
		Resources: {}
	});
	const widget = doc.context.register(
		doc.context.obj({
			Type: 'Annot',
			Subtype: 'Widget',
			FT: 'Sig',
			Rect: [r.x, r.y, r.x + r.width, r.y + r.height],
			V: sigRef,
			T: PDFHexString.fromText('发证单位签名'),
			F: 4,
			P: page.ref,
			AP: { N: doc.context.register(appearance) }
		})
	);
	page.node.addAnnot(widget);
	doc.catalog.set(PDFName.of('AcroForm'), doc.context.obj({ Fields: [widget], SigFlags: 3 }));
}

interface CmsTemplate {
	signerName: string;
	/** A CMS SignedData made by pkijs, its signing time, digest and signature to be patched. */
	der: Uint8Array;
	timeAt: number;
	digestAt: number;
	attrsAt: number;
	attrsLength: number;
	signatureAt: number;
	signatureLength: number;
}

const templates = new WeakMap<Uint8Array, Promise<CmsTemplate>>();
const MARK_TIME = new Date('2049-12-31T23:59:58Z');

/**
 * The CMS structure is the same for every signature of a signer but for three fields of fixed
 * length: the signing time (UTCTime, 13 characters), the content digest (32 bytes) and the RSA
 * signature (the modulus length). pkijs builds it once per signer (parsing and re-encoding the
 * certificates was a third of the signing time); each signature copies it, writes those three
 * and signs the signed attributes: byte for byte what pkijs would produce (PKCS #1 v1.5
 * signatures are deterministic; sign-pdf-template.spec.ts compares the two).
 */
function signerTemplate(signer: OrgSigningIdentity): Promise<CmsTemplate> {
	let template = templates.get(signer.certificate);
	if (!template) {
		template = buildTemplate(signer);
		templates.set(signer.certificate, template);
		template.catch(() => templates.delete(signer.certificate));
	}
	return template;
}

async function buildTemplate(signer: OrgSigningIdentity): Promise<CmsTemplate> {
	const cert = pkijs.Certificate.fromBER(signer.certificate as Uint8Array<ArrayBuffer>);
	const digest = new Uint8Array(32);
	crypto.getRandomValues(digest);
	const { der, signedData } = await cmsSignatureWithDigest(digest, signer, cert, MARK_TIME);
	const info = signedData.signerInfos[0];
	const signature = info.signature.valueBlock.valueHexView;
	// [0] IMPLICIT in the structure; the signature input is the same bytes tagged SET
	const attrs = new Uint8Array(info.signedAttrs!.toSchema().toBER());
	const time = new TextEncoder().encode('491231235958Z');
	const at = (needle: Uint8Array) => {
		const i = Buffer.from(der).indexOf(needle);
		if (i < 0 || Buffer.from(der).indexOf(needle, i + 1) >= 0)
			throw new Error(`CMS template field not found exactly once (${i}, ${needle.length})`);
		return i;
	};
	return {
		signerName: commonName(cert),
		der,
		timeAt: at(time),
		digestAt: at(digest),
		attrsAt: at(attrs),
		attrsLength: attrs.length,
		signatureAt: at(signature),
		signatureLength: signature.length
	};
}

/** UTCTime as pkijs writes it: YYMMDDHHMMSSZ, for 1950–2049. */
function utcTime(d: Date): string {
	const p = (v: number) => String(v).padStart(2, '0');
	return (
		p(d.getUTCFullYear() % 100) +
		p(d.getUTCMonth() + 1) +
		p(d.getUTCDate()) +
		p(d.getUTCHours()) +
		p(d.getUTCMinutes()) +
		p(d.getUTCSeconds()) +
		'Z'
	);
}

export async function fastCmsSignature(
	content: Uint8Array,
	signer: OrgSigningIdentity,
	signingTime: Date
): Promise<Uint8Array> {
	const year = signingTime.getUTCFullYear();
	if (year < 1950 || year > 2049) {
		const cert = pkijs.Certificate.fromBER(signer.certificate as Uint8Array<ArrayBuffer>);
		return cmsSignature(content, signer, cert, signingTime);
	}
	const t = await signerTemplate(signer);
	const der = new Uint8Array(t.der);
	der.set(new TextEncoder().encode(utcTime(signingTime)), t.timeAt);
	der.set(
		new Uint8Array(await crypto.subtle.digest('SHA-256', content as BufferSource)),
		t.digestAt
	);
	const attrs = der.slice(t.attrsAt, t.attrsAt + t.attrsLength);
	attrs[0] = 0x31;
	const signature = new Uint8Array(
		await crypto.subtle.sign('RSASSA-PKCS1-v1_5', await privateKey(signer), attrs)
	);
	if (signature.length !== t.signatureLength) throw new Error('unexpected signature length');
	der.set(signature, t.signatureAt);
	return der;
}

function privateKey(signer: OrgSigningIdentity): Promise<CryptoKey> {
	let key = keyCache.get(signer.privateKey);
	if (!key) {
		key = importRsaPrivateKey(signer.privateKey);
		keyCache.set(signer.privateKey, key);
	}
	return key;
}

/** The CMS SignedData as pkijs builds it (the reference for the template above). */
export async function cmsSignature(
	content: Uint8Array,
	signer: OrgSigningIdentity,
	cert: pkijs.Certificate,
	signingTime: Date
): Promise<Uint8Array> {
	const digest = await crypto.subtle.digest('SHA-256', content as BufferSource);
	return (await cmsSignatureWithDigest(new Uint8Array(digest), signer, cert, signingTime)).der;
}

async function cmsSignatureWithDigest(
	digest: Uint8Array,
	signer: OrgSigningIdentity,
	cert: pkijs.Certificate,
	signingTime: Date
) {
	const attr = (type: string, value: asn1js.BaseBlock) =>
		new pkijs.Attribute({ type, values: [value] });
	const signedData = new pkijs.SignedData({
		version: 1,
		encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: '1.2.840.113549.1.7.1' }),
		signerInfos: [
			new pkijs.SignerInfo({
				version: 1,
				sid: new pkijs.IssuerAndSerialNumber({
					issuer: cert.issuer,
					serialNumber: cert.serialNumber
				}),
				signedAttrs: new pkijs.SignedAndUnsignedAttributes({
					type: 0,
					attributes: [
						attr(
							'1.2.840.113549.1.9.3',
							new asn1js.ObjectIdentifier({ value: '1.2.840.113549.1.7.1' })
						),
						attr('1.2.840.113549.1.9.5', new asn1js.UTCTime({ valueDate: signingTime })),
						attr(
							'1.2.840.113549.1.9.4',
							new asn1js.OctetString({ valueHex: digest as Uint8Array<ArrayBuffer> })
						)
					]
				})
			})
		],
		certificates: [
			cert,
			...signer.chain.map((der) => pkijs.Certificate.fromBER(der as Uint8Array<ArrayBuffer>))
		]
	});
	await signedData.sign(await privateKey(signer), 0, 'SHA-256');
	const info = new pkijs.ContentInfo({
		contentType: pkijs.ContentInfo.SIGNED_DATA,
		content: signedData.toSchema(true)
	});
	return { der: new Uint8Array(info.toSchema().toBER(false)), signedData };
}

function commonName(cert: pkijs.Certificate): string {
	const cn = cert.subject.typesAndValues.find((tv) => tv.type === '2.5.4.3');
	return cn ? String(cn.value.valueBlock.value) : 'Unknown';
}
