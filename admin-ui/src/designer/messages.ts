// Strings of the procedure designer, in every language of the UI.
import type { Messages } from '../shell/i18n';
import type { FieldType, OutcomeType } from './definition';

interface DesignerMessages {
  title: string;
  intro: string;
  newProcedure: string;
  loading: string;
  loadFailed: string;
  notFound: (key: string) => string;
  list: { procedure: string; key: string; status: string; records: string; published: (v: number) => string; draft: (v: number) => string; none: string; empty: string; edit: string };
  create: { title: string; department: string; name: string; nameHelp: string; submit: string; cancel: string; exists: string };
  tabs: { overview: string; form: string; flow: string; gates: string; rules: string; versions: string };
  editorTitle: string;
  newTitle: string;
  status: { draft: (v: number) => string; published: (v: number) => string; unsaved: string; new: string };
  toolbar: { validate: string; save: string; publish: string; back: string };
  feedback: { valid: string; saved: (v: number) => string; published: (v: number) => string; problems: (n: number) => string; failed: string; saveFirst: string };
  problems: { title: string; show: string; here: string };
  common: { key: string; label: string; labelEn: string; labelZh: string; description: string; help: string; remove: string; moveUp: string; moveDown: string; add: string; none: string; yes: string; no: string; select: string };
  overview: { key: string; department: string; start: string; readers: string; readersHelp: string };
  who: { entry: (n: number) => string; addEntry: string; anyone: string; creator: string; assignee: string; departmentManager: string; roles: string; departments: string; users: string; usersHelp: string; userField: string; summaryNone: string; or: string; and: string };
  form: { fields: string; addField: string; type: string; noFields: string; editField: string; selectField: string; required: string; requiredWhen: string; visibleWhen: string; computed: string; computedHelp: string; default: string; options: string; addOption: string; optionValue: string; columns: string; addColumn: string; column: (n: number) => string; limits: string; min: string; max: string; minLength: string; maxLength: string; pattern: string; currency: string; scale: string; minItems: string; maxItems: string; minRows: string; maxRows: string; procedure: string; stages: string; multiple: string; accept: string; maxSizeMb: string; conditionNone: string; addCondition: string; preview: string; previewNote: string; previewProblems: string; previewEmpty: string; userPlaceholder: string; shownWhen: string };
  types: Record<FieldType, string>;
  flow: { diagram: string; diagramHelp: string; stages: string; actions: string; addStage: string; addAction: string; initial: string; final: string; dueIn: string; dueKind: string; dueNone: string; dueIso: string; dueWorking: string; dueIsoHelp: string; responsible: string; from: string; to: string; by: string; requiresGates: string; comment: string; commentNone: string; commentOptional: string; commentRequired: string; guard: string; noStages: string; noActions: string; connect: string; connectHelp: string; newActionLabel: (to: string) => string; requiresFields: string };
  gates: { title: string; add: string; none: string; levels: string; level: (n: number) => string; addLevel: string; approvers: string; quorum: string; quorumAny: string; quorumAll: string; quorumCount: string; quorumPercent: string; count: string; percent: string; when: string; selfApproval: string; onReject: string; onRejectNone: string; reopenOn: string; rows: string; rowsNone: string; requiredBy: string; notRequired: string };
  rules: { title: string; add: string; none: string; onActions: string; onEvents: string; events: Record<string, string>; when: string; then: string; addOutcome: string; outcome: string; outcomeTypes: Record<OutcomeType, string>; message: string; gate: string; field: string; value: string; expression: string; to: string; dueIn: string };
  condition: { all: string; any: string; none: string; group: string; addTest: string; addGroup: string; removeGroup: string; fact: string; field: string; operator: string; value: string; empty: string; remove: string; facts: Record<string, string>; path: string; compareWith: string; aValue: string; aFact: string };
  versions: { title: string; none: string; version: string; status: string; date: string; compareFrom: string; compareTo: string; compare: string; diffTitle: (a: string, b: string) => string; noChanges: string; export: string; exportHelp: string; draftName: string; publishedName: string; added: string; removed: string };
}

export const designerMessages: Messages<DesignerMessages> = {
  en: {
    title: 'Procedure designer',
    intro: 'Design the forms, stages, approvals and rules of the company’s procedures. Save a draft, check it, then publish it as a new version.',
    newProcedure: 'New procedure',
    loading: 'Loading…',
    loadFailed: 'Could not load',
    notFound: (key) => `There is no procedure “${key}”.`,
    list: { procedure: 'Procedure', key: 'Key', status: 'Versions', records: 'Records', published: (v) => `Published v${v}`, draft: (v) => `Draft v${v}`, none: '—', empty: 'No procedures in this department yet.', edit: 'Edit' },
    create: { title: 'New procedure', department: 'Department', name: 'Name', nameHelp: 'Lower-case words joined by “-”, e.g. lab-booking. The key becomes <department>.<name>.', submit: 'Create', cancel: 'Cancel', exists: 'A procedure with this key exists already.' },
    tabs: { overview: 'Overview', form: 'Form', flow: 'Stages and actions', gates: 'Approval gates', rules: 'Rules', versions: 'Versions' },
    editorTitle: 'Edit procedure',
    newTitle: 'New procedure',
    status: { draft: (v) => `Draft v${v}`, published: (v) => `Published v${v}`, unsaved: 'Unsaved changes', new: 'Not saved yet' },
    toolbar: { validate: 'Check', save: 'Save draft', publish: 'Publish', back: 'All procedures' },
    feedback: { valid: 'No problems found.', saved: (v) => `Draft v${v} saved.`, published: (v) => `Version ${v} published.`, problems: (n) => (n === 1 ? '1 problem to fix' : `${n} problems to fix`), failed: 'The server refused', saveFirst: 'Save the draft first.' },
    problems: { title: 'Problems', show: 'Show', here: 'Problem' },
    common: { key: 'Key', label: 'Label', labelEn: 'English', labelZh: '中文', description: 'Description', help: 'Help text', remove: 'Remove', moveUp: 'Move up', moveDown: 'Move down', add: 'Add', none: '(none)', yes: 'Yes', no: 'No', select: 'Choose…' },
    overview: { key: 'Procedure key', department: 'Department', start: 'Who may start it', readers: 'Who may also read every record', readersHelp: 'Besides the department and the people taking part.' },
    who: { entry: (n) => `Condition set ${n}`, addEntry: 'Add alternative', anyone: 'Anyone signed in', creator: 'The record’s creator', assignee: 'The assignee', departmentManager: 'The department’s manager', roles: 'Roles', departments: 'Departments', users: 'Usernames', usersHelp: 'Separated by commas', userField: 'The user in field', summaryNone: 'nobody chosen', or: 'or', and: 'and' },
    form: { fields: 'Fields', addField: 'Add field', type: 'Type', noFields: 'No fields yet. Add the first one.', editField: 'Field', selectField: 'Choose a field to edit it.', required: 'Required', requiredWhen: 'Required when', visibleWhen: 'Shown when', computed: 'Computed value', computedHelp: 'A JSONata expression over the form data, e.g. $sum(lines.amount)', default: 'Default value', options: 'Options', addOption: 'Add option', optionValue: 'Value', columns: 'Columns', addColumn: 'Add column', column: (n) => `Column ${n}`, limits: 'Limits', min: 'Minimum', max: 'Maximum', minLength: 'Minimum length', maxLength: 'Maximum length', pattern: 'Pattern (regular expression)', currency: 'Currency (ISO 4217)', scale: 'Decimal places', minItems: 'At least (items)', maxItems: 'At most (items)', minRows: 'At least (rows)', maxRows: 'At most (rows)', procedure: 'Linked procedure', stages: 'Only in stages', multiple: 'Several', accept: 'Accepted types', maxSizeMb: 'Maximum size (MB)', conditionNone: 'Always', addCondition: 'Add a condition', preview: 'Live preview', previewNote: 'Rendered from the JSON Schema the server will validate with.', previewProblems: 'The preview waits for these problems of the form:', previewEmpty: 'Add a field to see the form.', userPlaceholder: 'A user', shownWhen: 'Conditional' },
    types: { text: 'Text', textarea: 'Long text', number: 'Number', integer: 'Whole number', money: 'Money', boolean: 'Yes / no', date: 'Date', datetime: 'Date and time', select: 'Choice', multiselect: 'Multiple choice', user: 'User', department: 'Department', link: 'Link to a record', file: 'File', table: 'Table', section: 'Section heading' },
    flow: { diagram: 'Flow', diagramHelp: 'Stages are boxes, actions are arrows. Drag from the right edge of one stage to another to add an action; select a box or arrow to edit it below.', stages: 'Stages', actions: 'Actions', addStage: 'Add stage', addAction: 'Add action', initial: 'Records start here', final: 'Final (records end here)', dueIn: 'Due in', dueKind: 'Due time', dueNone: 'No due time', dueIso: 'Duration', dueWorking: 'Working days', dueIsoHelp: 'ISO 8601, e.g. P3D (3 days), PT4H (4 hours)', responsible: 'Responsible', from: 'From', to: 'To', by: 'Who may take it', requiresGates: 'Approvals needed first', comment: 'Comment', commentNone: 'No comment', commentOptional: 'Optional', commentRequired: 'Required', guard: 'Only when', noStages: 'No stages yet.', noActions: 'No actions yet.', connect: 'Add an action between stages', connectHelp: 'Or connect two stages in the diagram.', newActionLabel: (to) => `To ${to}`, requiresFields: 'Fields that must be filled to enter' },
    gates: { title: 'Approval gates', add: 'Add gate', none: 'No approval gates. A gate is needed by an action (“Approvals needed first”) or a rule.', levels: 'Levels (decided one after another)', level: (n) => `Level ${n}`, addLevel: 'Add level', approvers: 'Approvers', quorum: 'Quorum', quorumAny: 'Any one approver', quorumAll: 'All approvers', quorumCount: 'A number of approvers', quorumPercent: 'A percentage', count: 'Number', percent: 'Percent', when: 'Applies only when', selfApproval: 'The creator may approve their own record', onReject: 'A rejection sends the record to', onRejectNone: 'Stays where it is', reopenOn: 'Changing these fields reopens it', rows: 'Approve each row of', rowsNone: 'The whole record', requiredBy: 'Needed by', notRequired: 'Not needed by any action or rule yet' },
    rules: { title: 'Rules', add: 'Add rule', none: 'No rules.', onActions: 'On actions', onEvents: 'On events', events: { create: 'Create', update: 'Update', transition: 'Any action' }, when: 'When', then: 'Then', addOutcome: 'Add outcome', outcome: 'Outcome', outcomeTypes: { block: 'Block with a message', requireApproval: 'Require an approval', setField: 'Set a field', assign: 'Assign', setDue: 'Set the due time', notify: 'Notify' }, message: 'Message', gate: 'Gate', field: 'Field', value: 'Value', expression: 'Expression (JSONata)', to: 'To', dueIn: 'Due in' },
    condition: { all: 'All of these', any: 'Any of these', none: 'None of these', group: 'Group', addTest: 'Add test', addGroup: 'Add group', removeGroup: 'Remove group', fact: 'Fact', field: 'Field', operator: 'Operator', value: 'Value', empty: 'No tests yet.', remove: 'Remove test', facts: { data: 'Form data', previous: 'Previous data', actor: 'Acting user', record: 'Record', approvals: 'Approval', changes: 'Changed fields', percentChange: 'Change in %', now: 'Now', links: 'Linked record' }, path: 'Path', compareWith: 'Compared with', aValue: 'A value', aFact: 'Another fact' },
    versions: { title: 'Version history', none: 'Nothing saved yet.', version: 'Version', status: 'Status', date: 'Date', compareFrom: 'Compare', compareTo: 'with', compare: 'Show the differences', diffTitle: (a, b) => `Changes from ${a} to ${b}`, noChanges: 'The two versions are the same.', export: 'Export as YAML', exportHelp: 'Downloads the definition being edited as a YAML file for definitions/.', draftName: 'draft', publishedName: 'published', added: 'added', removed: 'removed' },
  },
  'zh-CN': {
    title: '流程设计',
    intro: '设计公司各流程的表单、阶段、审批和规则。先保存草稿并检查，再发布为新版本。',
    newProcedure: '新建流程',
    loading: '加载中…',
    loadFailed: '无法加载',
    notFound: (key) => `不存在流程“${key}”。`,
    list: { procedure: '流程', key: '标识', status: '版本', records: '记录数', published: (v) => `已发布 v${v}`, draft: (v) => `草稿 v${v}`, none: '—', empty: '本部门还没有流程。', edit: '编辑' },
    create: { title: '新建流程', department: '部门', name: '名称', nameHelp: '小写英文单词，用“-”连接，例如 lab-booking。流程标识为 <部门>.<名称>。', submit: '创建', cancel: '取消', exists: '已存在相同标识的流程。' },
    tabs: { overview: '概览', form: '表单', flow: '阶段与操作', gates: '审批关卡', rules: '规则', versions: '版本' },
    editorTitle: '编辑流程',
    newTitle: '新建流程',
    status: { draft: (v) => `草稿 v${v}`, published: (v) => `已发布 v${v}`, unsaved: '有未保存的修改', new: '尚未保存' },
    toolbar: { validate: '检查', save: '保存草稿', publish: '发布', back: '全部流程' },
    feedback: { valid: '未发现问题。', saved: (v) => `草稿 v${v} 已保存。`, published: (v) => `版本 ${v} 已发布。`, problems: (n) => `有 ${n} 个问题需要修正`, failed: '服务器拒绝了请求', saveFirst: '请先保存草稿。' },
    problems: { title: '问题', show: '查看', here: '问题' },
    common: { key: '标识', label: '名称', labelEn: 'English', labelZh: '中文', description: '说明', help: '帮助文字', remove: '删除', moveUp: '上移', moveDown: '下移', add: '添加', none: '（无）', yes: '是', no: '否', select: '请选择…' },
    overview: { key: '流程标识', department: '部门', start: '谁可以发起', readers: '还有谁可以查看所有记录', readersHelp: '本部门和参与人员之外。' },
    who: { entry: (n) => `条件组 ${n}`, addEntry: '添加另一种人员', anyone: '任何登录用户', creator: '记录的创建人', assignee: '记录的负责人', departmentManager: '部门经理', roles: '角色', departments: '部门', users: '用户名', usersHelp: '用逗号分隔', userField: '字段中的用户', summaryNone: '未选择', or: '或', and: '且' },
    form: { fields: '字段', addField: '添加字段', type: '类型', noFields: '还没有字段，请添加第一个。', editField: '字段', selectField: '选择一个字段进行编辑。', required: '必填', requiredWhen: '在以下情况必填', visibleWhen: '在以下情况显示', computed: '计算值', computedHelp: '基于表单数据的 JSONata 表达式，例如 $sum(lines.amount)', default: '默认值', options: '选项', addOption: '添加选项', optionValue: '值', columns: '列', addColumn: '添加列', column: (n) => `第 ${n} 列`, limits: '限制', min: '最小值', max: '最大值', minLength: '最短长度', maxLength: '最长长度', pattern: '格式（正则表达式）', currency: '币种（ISO 4217）', scale: '小数位数', minItems: '至少（项）', maxItems: '至多（项）', minRows: '至少（行）', maxRows: '至多（行）', procedure: '关联的流程', stages: '仅限阶段', multiple: '可多个', accept: '允许的类型', maxSizeMb: '最大大小（MB）', conditionNone: '总是', addCondition: '添加条件', preview: '实时预览', previewNote: '按服务器校验所用的 JSON Schema 渲染。', previewProblems: '表单有以下问题，修正后显示预览：', previewEmpty: '添加字段后即可看到表单。', userPlaceholder: '一位用户', shownWhen: '有条件' },
    types: { text: '文本', textarea: '长文本', number: '数字', integer: '整数', money: '金额', boolean: '是 / 否', date: '日期', datetime: '日期时间', select: '单选', multiselect: '多选', user: '用户', department: '部门', link: '关联记录', file: '文件', table: '表格', section: '分节标题' },
    flow: { diagram: '流程图', diagramHelp: '方框是阶段，箭头是操作。从一个阶段的右边缘拖到另一个阶段即可添加操作；选中方框或箭头后在下方编辑。', stages: '阶段', actions: '操作', addStage: '添加阶段', addAction: '添加操作', initial: '记录从这里开始', final: '最终阶段（记录在此结束）', dueIn: '期限', dueKind: '期限', dueNone: '无期限', dueIso: '时长', dueWorking: '工作日', dueIsoHelp: 'ISO 8601 格式，例如 P3D（3 天）、PT4H（4 小时）', responsible: '负责人', from: '从', to: '到', by: '谁可以执行', requiresGates: '需要先通过的审批', comment: '备注', commentNone: '无备注', commentOptional: '可选', commentRequired: '必填', guard: '仅在以下情况', noStages: '还没有阶段。', noActions: '还没有操作。', connect: '在阶段之间添加操作', connectHelp: '也可以在流程图中连接两个阶段。', newActionLabel: (to) => `转到${to}`, requiresFields: '进入前必须填写的字段' },
    gates: { title: '审批关卡', add: '添加关卡', none: '没有审批关卡。关卡需要被某个操作（“需要先通过的审批”）或规则引用。', levels: '审批层级（依次审批）', level: (n) => `第 ${n} 级`, addLevel: '添加层级', approvers: '审批人', quorum: '通过规则', quorumAny: '任意一人', quorumAll: '全部审批人', quorumCount: '指定人数', quorumPercent: '指定比例', count: '人数', percent: '百分比', when: '仅在以下情况适用', selfApproval: '创建人可以审批自己的记录', onReject: '驳回后记录转到', onRejectNone: '停留在当前阶段', reopenOn: '修改这些字段后重新审批', rows: '逐行审批表格', rowsNone: '整条记录', requiredBy: '被以下操作需要', notRequired: '尚未被任何操作或规则需要' },
    rules: { title: '规则', add: '添加规则', none: '没有规则。', onActions: '在以下操作时', onEvents: '在以下事件时', events: { create: '创建', update: '更新', transition: '任何操作' }, when: '条件', then: '结果', addOutcome: '添加结果', outcome: '结果', outcomeTypes: { block: '阻止并提示', requireApproval: '需要审批', setField: '设置字段', assign: '指派', setDue: '设置期限', notify: '通知' }, message: '提示信息', gate: '关卡', field: '字段', value: '值', expression: '表达式（JSONata）', to: '对象', dueIn: '期限' },
    condition: { all: '全部满足', any: '任一满足', none: '全部不满足', group: '条件组', addTest: '添加条件', addGroup: '添加条件组', removeGroup: '删除条件组', fact: '数据来源', field: '字段', operator: '运算符', value: '值', empty: '还没有条件。', remove: '删除条件', facts: { data: '表单数据', previous: '修改前数据', actor: '操作人', record: '记录', approvals: '审批', changes: '修改的字段', percentChange: '变化百分比', now: '当前时间', links: '关联记录' }, path: '路径', compareWith: '比较对象', aValue: '固定值', aFact: '其他数据' },
    versions: { title: '版本历史', none: '尚未保存。', version: '版本', status: '状态', date: '日期', compareFrom: '比较', compareTo: '与', compare: '显示差异', diffTitle: (a, b) => `从 ${a} 到 ${b} 的修改`, noChanges: '两个版本相同。', export: '导出为 YAML', exportHelp: '将正在编辑的定义下载为 YAML 文件，可放入 definitions/。', draftName: '草稿', publishedName: '已发布', added: '新增', removed: '删除' },
  },
};

/** Operators of conditions, as people read them. */
export const operatorLabels: Messages<Record<string, string>> = {
  en: { equal: 'is', notEqual: 'is not', lessThan: '<', lessThanInclusive: '≤', greaterThan: '>', greaterThanInclusive: '≥', in: 'is one of', notIn: 'is none of', contains: 'contains', doesNotContain: 'does not contain', before: 'is before', after: 'is after', onOrBefore: 'is on or before', onOrAfter: 'is on or after', withinNextDays: 'is within the next days', withinLastDays: 'is within the last days', isEmpty: 'is empty', isNotEmpty: 'is not empty', matches: 'matches' },
  'zh-CN': { equal: '等于', notEqual: '不等于', lessThan: '<', lessThanInclusive: '≤', greaterThan: '>', greaterThanInclusive: '≥', in: '属于', notIn: '不属于', contains: '包含', doesNotContain: '不包含', before: '早于', after: '晚于', onOrBefore: '不晚于', onOrAfter: '不早于', withinNextDays: '在未来若干天内', withinLastDays: '在过去若干天内', isEmpty: '为空', isNotEmpty: '不为空', matches: '匹配' },
};
