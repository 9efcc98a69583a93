// UI wording in one place (zh-CN), keyed by the values stored in the database.

export const TASK_STATUS: Record<string, string> = {
  NOT_STARTED: "未启动",
  IN_PROGRESS: "推进中",
  COMPLETED: "已完成（办结）",
  BLOCKED: "受阻",
  CLOSED: "已销号",
};

export const ROLE: Record<string, string> = { LEAD: "牵头", CO: "配合" };

export const UNIT_KIND: Record<string, string> = {
  DEPARTMENT: "政府部门",
  AGENCY: "直属机构",
  CENTRAL_BRANCH: "中央驻地机构",
  FINANCIAL: "金融机构",
  GOVERNMENT: "地方政府",
  COLLECTIVE: "集合（多个单位）",
  OTHER: "其他",
  UNKNOWN: "未识别",
};

export const DOCUMENT_STATUS: Record<string, string> = {
  DRAFT: "征求意见稿",
  IN_FORCE: "现行有效",
};

/** Where a task comes from (任务来源): a policy document's measure, or a meeting's decision. */
export const TASK_SOURCE = { DOCUMENT: "政策文件", MEETING: "会议议定" } as const;

export const DUE_SOURCE: Record<string, string> = {
  MEASURE: "措施原文",
  DOCUMENT: "文件总体目标",
  MANUAL: "督办部门设定",
};

export const AUDIT_EVENT: Record<string, string> = {
  "task.seeded": "由文件导入",
  "task.imported": "审核员导入文件，建立任务",
  "task.decided": "会议议定事项，建立任务",
  "task.archived": "文件新版本中已无此项，任务归档",
  "task.restored": "文件新版本中重新列入此项，任务恢复",
  "task.updated_from_document": "文件原文修订，任务已同步",
  "task.missing_from_document": "文件修订后原文中已无此项",
  "assignment.removed_by_document": "文件修订后移除责任单位",
  "report.filed": "配合单位报送进展",
  "report.consolidated": "牵头单位报送汇总进展",
  "assignment.set": "督办部门调整责任单位",
  "assignment.removed": "督办部门移除责任单位",
  "task.due_date_set": "督办部门设定完成时限",
  "task.closed": "销号",
  "task.reopened": "重新打开",
  "task.urged": "催办",
  "task.adopted": "贯彻落实上级文件，新增本地区任务",
  "task.linked": "关联上级措施",
  "task.unlinked": "取消关联上级措施",
  "assignment.merged": "单位合并，责任分工移至现单位",
  "assignment.acknowledged": "责任单位签收",
  "extension.requested": "牵头单位申请延期",
  "extension.approved": "督办部门批准延期",
  "extension.refused": "督办部门不予批准延期",
  "milestone.added": "分解节点",
  "milestone.edited": "修改节点",
  "milestone.completed": "完成节点",
  "task.sent_back": "办结审核未通过，退回重办",
  "report.sent_back": "报送被退回重办",
  "light.overridden": "审核人员调整督办灯",
  "light.override_lifted": "撤销督办灯调整",
  "cycle.set": "设定报送周期",
  "slot.reopened": "重新开放报送期",
  "escalation.remind": "督办升级：提醒",
  "escalation.urge": "督办升级：催办",
  "escalation.letter": "督办升级：发出督办函",
  "escalation.talk": "督办升级：约谈",
  "escalation.listed": "挂牌督办",
  "escalation.lifted": "解除挂牌督办",
  "instruction.written": "领导批示",
};

export const ROLE_NAME: Record<string, string> = {
  LIAISON: "联络员",
  REVIEWER: "督办审核员",
  ADMIN: "管理员",
  LEADER: "分管领导",
};

/** What an email is, as the outbox lists it (`Email.kind`). */
export const EMAIL_KIND: Record<string, string> = {
  REMINDER: "报送提醒",
  ESCALATION: "逾期督办",
  URGE: "催办",
  DIGEST: "督办周报",
  ROLLUP: "汇总报告",
  INVITE: "账号邀请",
  RESET: "重置密码",
  NOTICE: "督办通知",
};

export const REPORT_STATUS: Record<string, string> = {
  NOT_STARTED: "未启动",
  IN_PROGRESS: "推进中",
  COMPLETED: "已完成",
  BLOCKED: "受阻",
};

/** An extension request's state (ExtensionRequest.status). */
export const EXTENSION_STATUS: Record<string, string> = {
  PENDING: "待审核",
  APPROVED: "已批准",
  REFUSED: "未批准",
};

/** A leader's instruction (领导批示), derived: answered by a lead report that was not sent back. */
export const INSTRUCTION_STATE: Record<"OPEN" | "ANSWERED", string> = {
  OPEN: "待落实",
  ANSWERED: "已落实",
};
