/** The UI's Simplified Chinese text, in one place. */
export const t = {
	appName: '职称服务平台',
	cityName: '柳州市',
	pwa: {
		updateReady: '有新版本，点击刷新',
		updating: '正在更新…',
		updateSafe: '未同步的草稿保存在本机，更新后仍在。'
	},
	drafts: {
		nav: '填写申请',
		title: '我的申请草稿',
		new: '新建申请',
		chooseKind: '选择要办理的事项',
		empty: '这台手机上还没有申请草稿。点击“新建申请”开始填写，没有网络也可以填写。',
		syncNow: '立即同步',
		syncing: '正在同步…',
		online: '已联网',
		offline: '当前没有网络：填写的内容保存在本机，联网后自动同步。',
		updated: '最近修改',
		open: '继续填写',
		resolve: '处理冲突',
		submitted: '已提交的申请',
		returned: '已退回修改',
		export: '导出未同步草稿',
		exportHint: '把尚未同步的草稿和附件保存为一个文件，可在其他浏览器导入。',
		import: '导入草稿文件',
		imported: (n: number, copies: number) =>
			`已导入 ${n} 份草稿` + (copies ? `，其中 ${copies} 份与本机草稿不同，已作为副本保存。` : '。'),
		nothingToExport: '没有未同步的草稿需要导出。',
		storagePersistent: '已开启持久存储：浏览器不会自动清除本机草稿。',
		storageNotPersistent:
			'浏览器未允许持久存储，空间不足时可能清除本机数据。请尽快联网同步，或导出未同步草稿。',
		storageUnknown: '无法确认本机存储是否持久，请尽快联网同步草稿。',
		notOnThisPhone: '这台手机上没有这份草稿。可能已在其他设备上提交或已被删除。',
		back: '返回我的申请',
		previous: '上一步',
		next: '下一步',
		review: '检查并提交',
		step: (n: number, total: number) => `第 ${n} 步，共 ${total} 步`,
		saved: '已保存在本机',
		add: '添加一项',
		remove: '删除',
		choose: '请选择',
		submit: '提交申请',
		submitting: '正在提交…',
		submitNeedsNetwork: '提交申请需要联网。草稿已保存在本机，联网后再提交。',
		submitNotSynced: '请等待草稿同步完成后再提交。',
		submitIncomplete: '以下内容还需要补充或修改：',
		submittedOk: (n: string) => `申请已提交（编号 ${n}），等待所在单位审核。`,
		goFix: '去修改',
		attachments: {
			choose: '选择文件',
			camera: '拍照',
			purpose: '材料类型',
			uploading: '正在上传',
			uploaded: '已上传',
			waiting: '等待上传',
			onServer: '已在服务器',
			hint: 'PDF、JPEG 或 PNG，每个不超过 10 MB。照片会在手机上压缩并去除拍摄位置信息。'
		},
		photo: {
			choose: '选择照片',
			camera: '拍摄证件照',
			zoom: '缩放',
			horizontal: '左右位置',
			vertical: '上下位置',
			use: '使用这张照片',
			current: '当前证件照',
			hint: '白底或蓝底、正面免冠。照片会裁剪为 2 寸（413×579 像素）。'
		},
		conflict: {
			title: '处理冲突',
			intro:
				'这份草稿在其他设备上也修改过。请逐项选择保留哪个版本，未选择的项目保留本机内容。',
			local: '本机',
			server: '服务器（其他设备）',
			apply: '合并并保存',
			none: '两个版本内容一致，无需处理。'
		}
	},
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
