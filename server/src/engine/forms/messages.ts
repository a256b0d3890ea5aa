/**
 * The field error messages of form data, in both languages the product ships (the API picks the
 * caller's). Each says what would be accepted, not only what is wrong.
 */
import type { Label } from '../../definitions/definition.types.js';

function label(en: string, zh: string): Label {
  return { en, 'zh-CN': zh };
}

const list = (values: readonly unknown[]) => values.map((v) => String(v)).join(', ');

export const FormMessage = {
  unknownField: (key: string) => label(`this form has no field "${key}"`, `此表单没有字段“${key}”`),
  computed: () => label('is computed from other fields and cannot be set', '由其他字段计算得出，不能填写'),
  notWritable: () => label('you may not change this field in this stage', '您不能在当前阶段修改此字段'),
  required: () => label('is required', '必填'),
  notAnAmount: (scale: number) =>
    label(`must be an amount such as ${example(scale)}`, `必须是金额，例如 ${example(scale)}`),
  tooManyDecimals: (scale: number) =>
    scale === 0
      ? label('must be a whole amount, without decimals', '必须是整数金额，不能有小数')
      : label(`must have at most ${scale} decimal places`, `最多只能有 ${scale} 位小数`),
  computeFailed: (detail: string) => label(`could not be computed: ${detail}`, `无法计算：${detail}`),
  computedNotAmount: () => label('could not be computed: the expression gave no number', '无法计算：表达式的结果不是数字'),
  minimum: (limit: string) => label(`must be at least ${limit}`, `不能小于 ${limit}`),
  maximum: (limit: string) => label(`must be at most ${limit}`, `不能大于 ${limit}`),
  exclusiveMinimum: (limit: string) => label(`must be greater than ${limit}`, `必须大于 ${limit}`),
  exclusiveMaximum: (limit: string) => label(`must be less than ${limit}`, `必须小于 ${limit}`),
  notBefore: (limit: string) => label(`must be on or after ${limit}`, `不能早于 ${limit}`),
  notAfter: (limit: string) => label(`must be on or before ${limit}`, `不能晚于 ${limit}`),
  type: (expected: string) => label(`must be ${TYPE_EN[expected] ?? expected}`, `必须是${TYPE_ZH[expected] ?? expected}`),
  minLength: (n: number) => label(`must be at least ${n} characters long`, `长度不能少于 ${n} 个字符`),
  maxLength: (n: number) => label(`must be at most ${n} characters long`, `长度不能超过 ${n} 个字符`),
  pattern: (pattern: string) => label(`must match the pattern ${pattern}`, `格式不正确，须符合 ${pattern}`),
  format: (format: string) => label(`must be ${FORMAT_EN[format] ?? `in the format ${format}`}`, `必须是${FORMAT_ZH[format] ?? `${format} 格式`}`),
  oneOf: (allowed: readonly unknown[]) => label(`must be one of ${list(allowed)}`, `必须是以下之一：${list(allowed)}`),
  minItems: (n: number) => label(`must have at least ${n} ${n === 1 ? 'entry' : 'entries'}`, `至少需要 ${n} 项`),
  maxItems: (n: number) => label(`must have at most ${n} ${n === 1 ? 'entry' : 'entries'}`, `最多只能有 ${n} 项`),
  uniqueItems: () => label('must not contain the same value twice', '不能包含重复的值'),
  unknownProperty: (key: string) => label(`has no column "${key}"`, `没有“${key}”这一列`),
  invalid: () => label('is not valid', '无效'),
  unknownUser: (id: string) => label(`no user has the id ${id}`, `不存在 ID 为 ${id} 的用户`),
  userNotInRoles: (roles: readonly string[]) =>
    label(`only a person with the role ${list(roles)} may be named here`, `此处只能填写角色为 ${list(roles)} 的人员`),
  userNotInDepartments: (departments: readonly string[]) =>
    label(`only a person of the department ${list(departments)} may be named here`, `此处只能填写 ${list(departments)} 部门的人员`),
  unknownDepartment: (key: string, known: readonly string[]) =>
    label(`"${key}" is not a department: use one of ${list(known)}`, `“${key}”不是部门，请使用：${list(known)}`),
  linkMissing: (id: string) => label(`no record has the id ${id}`, `不存在 ID 为 ${id} 的记录`),
  linkWrongProcedure: (procedure: string) =>
    label(`only records of ${procedure} may be linked`, `只能关联 ${procedure} 的记录`),
  linkWrongStage: (procedure: string, stages: readonly string[]) =>
    label(
      `only records of ${procedure} in stage ${list(stages)} may be linked`,
      `只能关联处于 ${list(stages)} 阶段的 ${procedure} 记录`,
    ),
  fileType: (accept: readonly string[]) => label(`must be a file of type ${list(accept)}`, `文件类型必须是 ${list(accept)}`),
  fileSize: (maxMb: number) => label(`must be at most ${maxMb} MB`, `文件不能超过 ${maxMb} MB`),
};

function example(scale: number): string {
  return scale === 0 ? '1500' : `1500.${'0'.repeat(scale)}`;
}

const TYPE_EN: Record<string, string> = {
  string: 'text',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
};
const TYPE_ZH: Record<string, string> = {
  string: '文本',
  number: '数字',
  integer: '整数',
  boolean: '是或否',
  array: '列表',
  object: '对象',
};
const FORMAT_EN: Record<string, string> = {
  date: 'a date such as 2026-03-31',
  'date-time': 'a date and time such as 2026-03-31T09:30:00Z',
  uuid: 'an id (UUID)',
};
const FORMAT_ZH: Record<string, string> = {
  date: '日期，例如 2026-03-31',
  'date-time': '日期时间，例如 2026-03-31T09:30:00Z',
  uuid: 'ID（UUID）',
};
