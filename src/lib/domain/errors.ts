/**
 * The one documented list of application error codes.
 *
 * `lib` code throws `AppError(code)`; routes map the code to an HTTP status and show the
 * Chinese message, which always says what the person should do next. Add new codes here,
 * never ad-hoc strings elsewhere.
 */
export const errorCatalogue = {
	VALIDATION: { status: 400, message: '提交的内容有误，请按提示修改后重试。' },
	UNAUTHENTICATED: { status: 401, message: '请先登录。' },
	FORBIDDEN: { status: 403, message: '您没有权限进行此操作。' },
	NOT_FOUND: { status: 404, message: '找不到该记录，请确认链接是否正确。' },
	CONFLICT: { status: 409, message: '该记录已被他人修改，请刷新后重试。' },
	DUPLICATE_ID_NUMBER: { status: 409, message: '该身份证号已注册，请直接登录或找回密码。' },
	DUPLICATE_CREDIT_CODE: { status: 409, message: '该统一社会信用代码已注册，请直接登录。' },
	DUPLICATE_USERNAME: { status: 409, message: '该登录名已被使用，请换一个。' },
	INVALID_CREDENTIALS: { status: 400, message: '账号或密码错误。' },
	ACCOUNT_LOCKED: {
		status: 423,
		message: '登录失败次数过多，账号已临时锁定 15 分钟，请稍后再试。'
	},
	ACCOUNT_DISABLED: { status: 403, message: '账号已停用，请联系所在单位或市职改办。' },
	RATE_LIMITED: { status: 429, message: '操作过于频繁，请稍后再试。' },
	ORGANISATION_PENDING: { status: 403, message: '单位注册尚在审核中，审核通过后才能办理业务。' },
	ORGANISATION_REJECTED: { status: 403, message: '单位注册未通过审核，请查看原因后重新注册。' },
	UPLOAD_TOO_LARGE: { status: 413, message: '文件过大，请上传不超过 10 MB 的文件。' },
	UPLOAD_BAD_TYPE: { status: 415, message: '文件格式不支持，请上传 PDF、JPEG 或 PNG 文件。' },
	UPLOAD_CHECKSUM: {
		status: 422,
		message: '文件校验失败：服务器收到的内容与手机上的文件不一致，请删除该文件后重新上传。'
	},
	UPLOAD_OFFSET: { status: 409, message: '上传进度不一致，请从服务器已收到的位置继续上传。' },
	INVALID_STATE: { status: 409, message: '当前状态下不能进行此操作，请刷新查看最新状态。' },
	CERTIFICATE_NO_SIGNING_IDENTITY: {
		status: 503,
		message: '发证单位尚未导入电子签名证书，暂时无法下载证书，请联系市职改办。'
	},
	CERTIFICATE_NOT_AVAILABLE: {
		status: 409,
		message: '该证书已作废或已撤销，不能再下载，请查看证书状态。'
	},
	SMS_CODE_WRONG: { status: 400, message: '验证码不正确，请检查短信后重新输入。' },
	SMS_CODE_EXPIRED: {
		status: 400,
		message: '验证码已失效（超过 5 分钟、已使用或输错 5 次），请重新获取验证码。'
	},
	SMS_CODE_TOO_SOON: { status: 429, message: '验证码发送过于频繁，请 60 秒后再获取。' },
	SMS_DAILY_LIMIT: { status: 429, message: '今天获取验证码的次数已达上限，请明天再试。' },
	MOBILE_NOT_VERIFIED: {
		status: 400,
		message: '请先获取短信验证码，并填写收到的 6 位验证码。'
	},
	ARCHIVE_FORM_NOT_READY: {
		status: 409,
		message: '存档材料要在各审核部门全部盖章后才能下载，请稍后再试。'
	}
} as const satisfies Record<string, { status: number; message: string }>;

export type AppErrorCode = keyof typeof errorCatalogue;

export class AppError extends Error {
	readonly code: AppErrorCode;
	readonly status: number;
	/** Field-level messages (Chinese), keyed by form field name. */
	readonly fields: Record<string, string>;

	constructor(code: AppErrorCode, fields: Record<string, string> = {}, message?: string) {
		super(message ?? errorCatalogue[code].message);
		this.name = 'AppError';
		this.code = code;
		this.status = errorCatalogue[code].status;
		this.fields = fields;
	}
}

export function isAppError(e: unknown): e is AppError {
	return e instanceof AppError;
}
