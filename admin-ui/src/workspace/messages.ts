// Strings of the workspace (inbox, start, records, record page, generated forms), in every language.
import type { Messages } from '../shell/i18n';

interface WorkspaceMessages {
  loading: string;
  yes: string;
  no: string;
  failed: string;
  retry: string;
  paging: { label: string; previous: string; next: string; showing: (from: number, to: number, total: number) => string };
  inbox: {
    title: string;
    intro: string;
    empty: string;
    record: string;
    procedure: string;
    stage: string;
    due: string;
    waiting: string;
    overdue: string;
    approval: (gate: string) => string;
    action: string;
    count: (n: number) => string;
  };
  start: { title: string; intro: string; none: string; open: string; newRecord: (label: string) => string; create: string; cancel: string; notAllowed: string };
  record: {
    notFound: string;
    created: (who: string, when: string) => string;
    department: string;
    assignee: string;
    due: string;
    overdue: string;
    closed: string;
    version: string;
    progress: string;
    current: string;
    data: string;
    edit: string;
    save: string;
    cancelEdit: string;
    saved: string;
    actions: string;
    noActions: string;
    blocked: string;
    actionComment: string;
    commentRequired: string;
    done: (action: string) => string;
    conflict: string;
    liveUpdate: string;
    approvals: string;
    noApprovals: string;
    level: (n: number) => string;
    row: (n: number) => string;
    approvers: string;
    decidedBy: (who: string, when: string) => string;
    states: Record<string, string>;
    decisionComment: string;
    approve: string;
    reject: string;
    rejectNeedsComment: string;
    decided: string;
    waitingOnYou: string;
    history: string;
    historyTypes: Record<string, string>;
    by: (who: string) => string;
    system: string;
    changed: string;
    comments: string;
    noComments: string;
    newComment: string;
    addComment: string;
    commentEmpty: string;
    commentAdded: string;
  };
  records: {
    title: string;
    procedure: string;
    chooseProcedure: string;
    stage: string;
    anyStage: string;
    search: string;
    filterField: string;
    noField: string;
    operator: string;
    value: string;
    apply: string;
    clear: string;
    record: string;
    created: string;
    updated: string;
    due: string;
    count: (n: number) => string;
    none: string;
    sortBy: (column: string) => string;
    operators: Record<string, string>;
  };
  form: { choose: string; refused: string; addRow: string; row: (n: number) => string };
  picker: {
    /** Placeholder of a user field's search box. */
    person: string;
    /** Placeholder of a link field's search box. */
    record: string;
    /** The name of the list of matches, after the field's label. */
    suggestions: (field: string) => string;
    none: string;
    failed: string;
    count: (n: number) => string;
    /** A person or record the reader may not look up (left, or not theirs to see). */
    unknown: (shortId: string) => string;
    /** The button that takes one of several choices out. */
    remove: (name: string) => string;
  };
}

export const workspaceMessages: Messages<WorkspaceMessages> = {
  en: {
    loading: 'Loading…',
    yes: 'Yes',
    no: 'No',
    failed: 'Could not load this page',
    retry: 'Try again',
    paging: { label: 'Pages', previous: 'Previous page', next: 'Next page', showing: (from, to, total) => `${from}–${to} of ${total}` },
    inbox: {
      title: 'My tasks',
      intro: 'Records where an action or an approval waits on you.',
      empty: 'Nothing waits on you. Well done.',
      record: 'Record',
      procedure: 'Procedure',
      stage: 'Stage',
      due: 'Due',
      waiting: 'Waiting for',
      overdue: 'Overdue',
      approval: (gate) => `Your approval: ${gate}`,
      action: 'Your action',
      count: (n) => (n === 1 ? '1 task' : `${n} tasks`),
    },
    start: {
      title: 'Start a procedure',
      intro: 'The procedures you may start, by department.',
      none: 'There is no procedure you may start.',
      open: 'Start',
      newRecord: (label) => `New: ${label}`,
      create: 'Create',
      cancel: 'Cancel',
      notAllowed: 'You may not start this procedure.',
    },
    record: {
      notFound: 'This record does not exist or you may not read it.',
      created: (who, when) => `Created by ${who} on ${when}`,
      department: 'Department',
      assignee: 'Assignee',
      due: 'Due',
      overdue: 'Overdue',
      closed: 'Closed',
      version: 'Version',
      progress: 'Stages',
      current: 'current stage',
      data: 'Details',
      edit: 'Edit',
      save: 'Save changes',
      cancelEdit: 'Cancel',
      saved: 'Changes saved.',
      actions: 'Actions',
      noActions: 'There is nothing for you to do on this record now.',
      blocked: 'Not possible yet:',
      actionComment: 'Comment for the action',
      commentRequired: 'needs a comment',
      done: (action) => `Done: ${action}.`,
      conflict: 'Someone else changed this record meanwhile. It has been reloaded: check it and try again.',
      liveUpdate: 'This record was just updated.',
      approvals: 'Approvals',
      noApprovals: 'No approvals were requested.',
      level: (n) => `Level ${n}`,
      row: (n) => `Row ${n}`,
      approvers: 'Approvers',
      decidedBy: (who, when) => `${who}, ${when}`,
      states: { PENDING: 'Pending', APPROVED: 'Approved', REJECTED: 'Rejected', CANCELLED: 'Cancelled' },
      decisionComment: 'Comment on your decision',
      approve: 'Approve',
      reject: 'Reject',
      rejectNeedsComment: 'A rejection needs a comment: say what must change.',
      decided: 'Your decision is recorded.',
      waitingOnYou: 'Waiting on you',
      history: 'History',
      historyTypes: {
        created: 'Created',
        updated: 'Updated',
        transitioned: 'Moved',
        'approval-requested': 'Approval requested',
        'approval-decided': 'Approval decided',
        'gate-approved': 'Approval complete',
        'gate-rejected': 'Approval rejected',
        'gate-reopened': 'Approval restarted',
        assigned: 'Assigned',
        commented: 'Commented',
      },
      by: (who) => `by ${who}`,
      system: 'by the system',
      changed: 'Changes',
      comments: 'Comments',
      noComments: 'No comments yet.',
      newComment: 'New comment',
      addComment: 'Add comment',
      commentEmpty: 'Write something first.',
      commentAdded: 'Your comment was added.',
    },
    records: {
      title: 'Records',
      procedure: 'Procedure',
      chooseProcedure: 'Choose a procedure',
      stage: 'Stage',
      anyStage: 'Any stage',
      search: 'Search',
      filterField: 'Field',
      noField: 'No field filter',
      operator: 'Condition',
      value: 'Value',
      apply: 'Apply',
      clear: 'Clear filters',
      record: 'Record',
      created: 'Created',
      updated: 'Updated',
      due: 'Due',
      count: (n) => (n === 1 ? '1 record' : `${n} records`),
      none: 'No records match.',
      sortBy: (column) => `Sort by ${column}`,
      operators: { eq: 'is', ne: 'is not', contains: 'contains', gt: 'greater than', gte: 'at least', lt: 'less than', lte: 'at most' },
    },
    form: { choose: 'Choose…', refused: 'The server did not accept the form. Please correct the marked fields.', addRow: 'Add a row', row: (n) => `Row ${n}` },
    picker: {
      person: 'Type a name to search',
      record: 'Type to search',
      suggestions: (field) => `${field}: suggestions`,
      none: 'Nothing matches',
      failed: 'The suggestions could not be loaded',
      count: (n) => (n === 1 ? '1 suggestion' : `${n} suggestions`),
      unknown: (shortId) => `Unknown (${shortId})`,
      remove: (name) => `Remove ${name}`,
    },
  },
  'zh-CN': {
    loading: '加载中…',
    yes: '是',
    no: '否',
    failed: '无法加载此页面',
    retry: '重试',
    paging: { label: '分页', previous: '上一页', next: '下一页', showing: (from, to, total) => `第 ${from}–${to} 条，共 ${total} 条` },
    inbox: {
      title: '我的待办',
      intro: '等待你处理或审批的记录。',
      empty: '目前没有等待你处理的事项。',
      record: '记录',
      procedure: '流程',
      stage: '阶段',
      due: '截止时间',
      waiting: '待办事项',
      overdue: '已逾期',
      approval: (gate) => `待你审批：${gate}`,
      action: '待你处理',
      count: (n) => `共 ${n} 项待办`,
    },
    start: {
      title: '发起流程',
      intro: '你可以发起的流程，按部门分组。',
      none: '没有你可以发起的流程。',
      open: '发起',
      newRecord: (label) => `新建：${label}`,
      create: '创建',
      cancel: '取消',
      notAllowed: '你无权发起此流程。',
    },
    record: {
      notFound: '记录不存在，或你无权查看。',
      created: (who, when) => `由 ${who} 创建于 ${when}`,
      department: '部门',
      assignee: '负责人',
      due: '截止时间',
      overdue: '已逾期',
      closed: '已结束',
      version: '版本',
      progress: '阶段',
      current: '当前阶段',
      data: '详细信息',
      edit: '编辑',
      save: '保存修改',
      cancelEdit: '取消',
      saved: '修改已保存。',
      actions: '操作',
      noActions: '目前此记录没有需要你处理的操作。',
      blocked: '暂不能执行：',
      actionComment: '操作备注',
      commentRequired: '需要填写备注',
      done: (action) => `已完成：${action}。`,
      conflict: '此记录已被他人修改，已重新加载。请检查后重试。',
      liveUpdate: '此记录刚刚有更新。',
      approvals: '审批',
      noApprovals: '尚未发起审批。',
      level: (n) => `第 ${n} 级`,
      row: (n) => `第 ${n} 行`,
      approvers: '审批人',
      decidedBy: (who, when) => `${who}，${when}`,
      states: { PENDING: '待审批', APPROVED: '已批准', REJECTED: '已驳回', CANCELLED: '已取消' },
      decisionComment: '审批意见',
      approve: '批准',
      reject: '驳回',
      rejectNeedsComment: '驳回时须填写意见，说明需要修改的内容。',
      decided: '你的审批意见已记录。',
      waitingOnYou: '待你审批',
      history: '历史记录',
      historyTypes: {
        created: '创建',
        updated: '修改',
        transitioned: '流转',
        'approval-requested': '发起审批',
        'approval-decided': '审批决定',
        'gate-approved': '审批通过',
        'gate-rejected': '审批驳回',
        'gate-reopened': '重新审批',
        assigned: '指派',
        commented: '评论',
      },
      by: (who) => `操作人：${who}`,
      system: '系统操作',
      changed: '变更内容',
      comments: '评论',
      noComments: '暂无评论。',
      newComment: '新评论',
      addComment: '发表评论',
      commentEmpty: '请先填写内容。',
      commentAdded: '评论已发表。',
    },
    records: {
      title: '记录',
      procedure: '流程',
      chooseProcedure: '选择流程',
      stage: '阶段',
      anyStage: '全部阶段',
      search: '搜索',
      filterField: '字段',
      noField: '不按字段筛选',
      operator: '条件',
      value: '值',
      apply: '应用',
      clear: '清除筛选',
      record: '记录',
      created: '创建时间',
      updated: '更新时间',
      due: '截止时间',
      count: (n) => `共 ${n} 条记录`,
      none: '没有符合条件的记录。',
      sortBy: (column) => `按${column}排序`,
      operators: { eq: '等于', ne: '不等于', contains: '包含', gt: '大于', gte: '不小于', lt: '小于', lte: '不大于' },
    },
    form: { choose: '请选择…', refused: '服务器未接受此表单，请修改标出的字段。', addRow: '添加一行', row: (n) => `第 ${n} 行` },
    picker: {
      person: '输入姓名搜索',
      record: '输入关键字搜索',
      suggestions: (field) => `${field}：候选项`,
      none: '没有匹配的结果',
      failed: '无法加载候选项',
      count: (n) => `共 ${n} 个候选项`,
      unknown: (shortId) => `未知（${shortId}）`,
      remove: (name) => `移除 ${name}`,
    },
  },
};
