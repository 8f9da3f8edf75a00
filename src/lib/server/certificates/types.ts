/** What a certificate shows, in the order of the official template (附件2). */
export interface CertificateData {
	/** 姓名 */
	name: string;
	/** 性别 */
	sex: string;
	/** 身份证号 — printed in full on the holder's own certificate; the QR token only masks it. */
	idNumber: string;
	/** 获取方式: 评审 / 认定 / 重新确认 … */
	obtainedBy: string;
	/** 职称系列 */
	series: string;
	/** 资格名称 */
	qualification: string;
	/** 专业 */
	specialty: string;
	/** 授予时间, YYYY-MM-DD */
	conferredOn: string;
	/** 评委会名称 */
	committee: string;
	/** 发文文号 */
	documentNumber: string;
	/** 证书编号 */
	certificateNo: string;
	/** 管理号 */
	managementNo: string;
	/** 发证时间, YYYY-MM-DD */
	issuedOn: string;
}

export type CertificateStyle = 'junior' | 'intermediate';

export interface RenderOptions {
	style: CertificateStyle;
	/** `<origin>/v/<token>`, encoded in the QR code. */
	verifyUrl: string;
	/** 查询网址 printed for people who type; defaults to the verify URL's origin. */
	lookupUrl?: string;
	/** 2-inch photo, 413×579 px JPEG or PNG. */
	photo?: Uint8Array;
	issuer: { name: string; sealCode: string };
}

/** A rectangle in PDF points, origin bottom-left. */
export interface Rect {
	x: number;
	y: number;
	width: number;
	height: number;
}
