/** The UI's Simplified Chinese text, in one place. */
export const t = {
	appName: '职称服务平台',
	cityName: '柳州市',
	nav: {
		home: '首页',
		login: '登录',
		register: '注册',
		account: '我的账号',
		admin: '平台管理',
		logout: '退出登录',
		review: '待办审核',
		conferral: '发文授予',
		applications: '我的申请',
		notifications: '消息',
		certificates: '我的证书',
		archiveForms: '存档材料',
		adminCertificates: '证书管理'
	},
	login: {
		title: '登录',
		identifier: '账号',
		identifierHint: '个人用户填写身份证号或手机号；单位和机构用户填写登录名',
		password: '密码',
		submit: '登录',
		noAccount: '还没有账号？',
		registerApplicant: '个人注册',
		registerEmployer: '单位注册'
	},
	register: {
		title: '个人注册',
		name: '姓名',
		idNumber: '身份证号',
		idNumberHint: '18 位，最后一位可能是 X',
		mobile: '手机号码',
		password: '设置密码',
		passwordHint: '至少 8 位，不要使用常见密码、身份证号或手机号',
		passwordConfirm: '再次输入密码',
		submit: '注册并登录'
	},
	employer: {
		title: '用人单位注册',
		intro: '提交后由市职改办审核。审核通过前，单位账号可以登录查看审核状态，但不能办理业务。',
		name: '单位全称',
		creditCode: '统一社会信用代码',
		creditCodeHint: '18 位，见营业执照或事业单位法人证书',
		tier: '所属层级',
		supervisor: '主管部门',
		contactName: '联系人',
		contactMobile: '联系人手机',
		licence: '营业执照 / 法人证书',
		licenceHint: 'PDF、JPEG 或 PNG，不超过 10 MB。图片会去除拍摄位置等隐私信息。',
		username: '单位登录名',
		submit: '提交注册申请',
		choose: '请选择'
	},
	account: {
		title: '我的账号',
		changePassword: '修改密码',
		current: '当前密码',
		next: '新密码',
		confirm: '再次输入新密码',
		save: '保存新密码',
		pending: '单位注册正在审核中。审核通过后即可办理业务，请耐心等待市职改办审核。',
		rejected: '单位注册未通过审核。'
	},
	admin: {
		organisations: '机构管理',
		users: '用户管理',
		newOrganisation: '新建机构',
		approve: '审核通过',
		reject: '不通过',
		reason: '不通过的原因',
		disable: '停用账号',
		search: '搜索',
		viewLicence: '查看营业执照'
	},
	review: {
		queue: '待办审核',
		conferral: '发文授予',
		empty: '暂无待办。新的申请到达时会在这里和消息中提醒您。',
		approve: '审核通过并签章',
		return: '退回修改',
		reject: '不予通过',
		opinion: '审核意见',
		conflict: '该申请刚刚已被他人处理，下面显示的是最新状态，请核对后再操作。',
		shortcuts: '快捷键：A 审核通过，R 退回修改，J / K 下一份 / 上一份，Ctrl + Enter 提交'
	},
	myApplications: {
		title: '我的申请',
		empty: '您还没有申请。',
		edit: '去修改申请',
		withdraw: '撤回申请'
	},
	notifications: {
		title: '消息',
		empty: '没有消息。',
		markAll: '全部标为已读',
		unread: '未读'
	}
} as const;
