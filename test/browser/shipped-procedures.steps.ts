// The walk-through of every shipped procedure (definitions/<department>/<name>.yaml) that
// shipped-procedures.test.ts drives in Chromium: who starts it, what they enter in the generated
// form of its initial stage, and what happens next on the record page (an action, an approval,
// a colleague's edit in a later stage). Fields, options, stages, actions and approvals are named
// by their English labels, as the definition gives them; the test shows them in the walk-through's
// language (a Chinese walk-through finds each field by its Chinese label).
//
// The people are the demo users of `procedo demo` (server/src/services/demo.service.ts). What a
// form links to (an approved budget, a qualified supplier, a finished market study) is created
// through the GraphQL API first, as those people would have done it before.

export type Language = 'en' | 'zh-CN';

/**
 * What a person enters in one field, by the field's type in the definition: text for text,
 * numbers, money and dates; an option's label for a select; option labels for a multiselect;
 * true or false for a checkbox; a username for a user field; a department's label; a piece of
 * the linked record's title for a link; rows (column label → value) for a table.
 */
export type Scalar = string | boolean | readonly string[];
export type Value = Scalar | readonly Readonly<Record<string, Scalar>>[];
/** Field label (English) → what is entered, in the order a person fills the form. */
export type Entries = Readonly<Record<string, Value>>;

export type Step =
  /** Takes an action from the record page's Actions panel; the record then is in `reaches`. */
  | { readonly as: string; readonly take: string; readonly reaches: string; readonly comment?: string }
  /** Opens the record's edit form, enters these values and saves. */
  | { readonly as: string; readonly edit: Entries }
  /** Approves the person's pending approval of this gate (its label) in the Approvals panel. */
  | { readonly as: string; readonly approve: string; readonly comment?: string };

export interface Walkthrough {
  readonly procedure: string;
  readonly language: Language;
  /** Who starts it: a demo user the definition's `start:` admits. */
  readonly starter: string;
  /** The initial stage's form, as the starter fills it in. */
  readonly create: Entries;
  /** Further steps from the record page, each as the person who would take it. */
  readonly steps: readonly Step[];
}

/** Titles of the records created through the API before the walk-throughs, which forms link to. */
export const linked = {
  budget: 'Sales plan 2027',
  supplier: 'Wuxi Acoustic Components Co.',
  study: 'Smart speaker demand 2026 (final report)',
} as const;

export const walkthroughs: readonly Walkthrough[] = [
  {
    procedure: 'market.research',
    language: 'en',
    starter: 'mia',
    create: {
      'Study title': 'Smart speaker demand in East China',
      'Research goals': 'Find the price point and the features customers expect of a smart speaker.',
      'Research content': ['Customer needs', 'Product preferences'],
      'Research methods': ['Questionnaire survey', 'Interviews'],
      'Timetable of milestones': [
        { Milestone: 'Questionnaire sent out', 'Due date': '2026-05-15' },
        { Milestone: 'Report written', 'Due date': '2026-06-30' },
      ],
    },
    steps: [
      { as: 'mia', take: 'Approve plan and start collecting', reaches: 'Data collection and cleaning' },
      {
        as: 'max',
        edit: {
          'Records collected': '500',
          'Invalid records removed': '20',
          'Data entered and audited': true,
          'Preliminary data report (classified and summarised)': 'Answers grouped by region and by age group.',
        },
      },
      { as: 'mia', take: 'Finish collection and start analysis', reaches: 'Analysis of the results' },
    ],
  },
  {
    procedure: 'rnd.product-development',
    language: 'zh-CN',
    starter: 'rita',
    create: {
      'Project name': '智能音箱 S1',
      'Market research': linked.study,
      'Market-need analysis': '客户希望以中端价格获得语音控制，竞争产品缺少售后服务。',
      'Technical feasibility': '沿用现有音频平台，新增唤醒词模块。',
      'Economic feasibility': '销量达到四万台后收回投入。',
      'Market feasibility': '两个区域的渠道伙伴已承诺销售。',
      'Estimated budget': '1800000',
      'Target launch date': '2027-03-01',
    },
    steps: [
      { as: 'rita', take: 'Submit for project approval', reaches: 'Project approval' },
      { as: 'ceo', approve: 'Project approval by management', comment: '同意立项。' },
      { as: 'rita', take: 'Start design', reaches: 'Design' },
      {
        as: 'raj',
        edit: {
          Functions: '语音助手、音乐播放、智能家居中枢。',
          Performance: '唤醒延迟低于 300 毫秒。',
          Appearance: '织物圆柱外观，三种颜色。',
          Structure: '上下两层结构，底部为低音单元。',
        },
      },
    ],
  },
  {
    procedure: 'production.supplier-qualification',
    language: 'en',
    starter: 'bob',
    create: {
      'Supplier name': 'Suzhou Precision Parts Co.',
      'Contact person': 'Zhang Min',
      'Contact phone': '0512-6688 1234',
      'Materials supplied': ['Parts and components'],
      'Selection method': 'Tender',
      'Why this supplier': 'Lowest bid in the tender for the speaker housings, with ISO 9001 certification.',
    },
    steps: [
      { as: 'bob', take: 'Submit for evaluation', reaches: 'Evaluation' },
      { as: 'quinn', edit: { 'Quality score (0–100)': '88', 'Quality evaluation': 'Sample batch within tolerance; ISO 9001 certificate checked.' } },
    ],
  },
  {
    procedure: 'production.order',
    language: 'zh-CN',
    starter: 'pia',
    create: {
      'Sales order no.': 'SO-2026-0418',
      Customer: '华东电子有限公司',
      Product: '智能音箱 S1',
      'Product specification': '黑色织物外观，中文语音，配电源适配器。',
      'Quantity required': '1000',
      'Delivery date': '2026-09-30',
      'Equipment capacity sufficient': true,
      'Staffing sufficient': true,
      'Material supply assured': true,
      Batches: [
        { Batch: 'B1', Quantity: '600', Start: '2026-08-01', End: '2026-08-20', Workshop: '一车间' },
        { Batch: 'B2', Quantity: '400', Start: '2026-08-21', End: '2026-09-10', Workshop: '二车间' },
      ],
    },
    steps: [
      { as: 'pia', take: 'Release the plan', reaches: 'Material procurement' },
      {
        as: 'bob',
        edit: {
          'Purchase order lines': [
            {
              Material: '扬声器单元',
              Kind: 'Part or component',
              Quantity: '1000',
              'Needed by': '2026-07-25',
              'Supplier (qualified list)': linked.supplier,
              'Purchase order no.': 'PO-2026-0077',
              Amount: '25000',
              Delivered: true,
            },
          ],
        },
      },
      { as: 'bob', take: 'Start production', reaches: 'Production control' },
    ],
  },
  {
    procedure: 'sales.opportunity',
    language: 'en',
    starter: 'sam',
    create: {
      Customer: 'Hangzhou Home Electronics',
      'Contact person': 'Ms. Wang',
      'Contact phone': '0571-8765 4321',
      'Sales channel': 'Distributor',
      'Channel partner': 'East Trade Ltd.',
      Product: 'Smart speaker S1',
      'Estimated amount': '250000',
      'Lead follow-up': 'Met at the Hangzhou trade fair; wants 1000 units for the autumn season.',
    },
    steps: [
      { as: 'sam', take: 'Visit the customer', reaches: 'Customer visit' },
      { as: 'sal', edit: { Visits: [{ Date: '2026-05-20', 'Person visited': 'Ms. Wang', Summary: 'Showed the S1 samples; price list requested.' }] } },
      { as: 'sam', take: 'Negotiate a contract', reaches: 'Contract' },
    ],
  },
  {
    procedure: 'sales.target',
    language: 'zh-CN',
    starter: 'sam',
    create: {
      Period: 'Annual',
      Year: '2027',
      'Total sales target': '1000000',
      'Basis (strategy and market)': '华东市场增长百分之十五，新增华南经销商。',
      'By sales region': [
        { 'Sales region': '华东', Target: '600000' },
        { 'Sales region': '华南', Target: '400000' },
      ],
      'By salesperson': [
        { Salesperson: 'sam', Target: '600000' },
        { Salesperson: 'sara', Target: '400000' },
      ],
    },
    steps: [
      { as: 'sam', take: 'Submit', reaches: 'Sales manager approval' },
      { as: 'sal', approve: 'Sales manager approval', comment: '目标合理。' },
      { as: 'sal', take: 'Approve', reaches: 'Approved' },
    ],
  },
  {
    procedure: 'service.inquiry',
    language: 'en',
    starter: 'cleo',
    create: {
      Channel: 'Phone',
      Customer: 'Li Na',
      'Contact details': '138 0000 1234',
      Question: 'The speaker loses the Wi-Fi connection every evening.',
      Category: 'Technical',
      'Responsible department': 'Customer service',
      Handler: 'carl',
    },
    steps: [
      { as: 'cleo', take: 'Route to the responsible department', reaches: 'Being handled' },
      {
        as: 'carl',
        edit: {
          'Progress reported to the customer': [{ Date: '2026-05-06', Progress: 'Firmware 1.2 fixes the router issue; update sent.', 'Reported to the customer': true }],
          Resolution: 'The customer updated the firmware; the connection is stable.',
        },
      },
      { as: 'carl', take: 'Problem solved', reaches: 'Result feedback' },
    ],
  },
  {
    procedure: 'service.complaint',
    language: 'zh-CN',
    starter: 'cleo',
    create: {
      Customer: '王先生',
      'Contact details': '139 1234 5678',
      'What the complaint is about': '收到的音箱外壳有裂纹。',
      'What the customer asks for': '更换一台新的音箱。',
      'Received on': '2026-05-08',
    },
    steps: [
      { as: 'cleo', take: 'Start investigation', reaches: 'Investigation' },
      { as: 'carl', edit: { Cause: '运输包装不足，外壳受压开裂。', 'Responsible department': 'Manufacturing', 'Responsible person': 'quinn' } },
      { as: 'carl', take: 'Hand over for handling', reaches: 'Handling' },
    ],
  },
  {
    procedure: 'service.revisit',
    language: 'en',
    starter: 'cleo',
    create: {
      Period: 'Quarterly',
      'Revisits done by': '2026-06-30',
      'Customers to revisit': [
        { Customer: 'Hangzhou Home Electronics', 'Product or service bought': 'Smart speaker S1', 'Planned on': '2026-06-10', Method: 'Phone', Agent: 'cleo' },
        { Customer: 'Li Na', 'Planned on': '2026-06-12', Method: 'Email' },
      ],
    },
    steps: [
      { as: 'cleo', take: 'Submit the plan', reaches: 'Plan approval' },
      { as: 'carl', approve: 'Revisit plan approval' },
      { as: 'cleo', take: 'Start revisiting', reaches: 'Revisiting' },
      { as: 'carl', edit: { 'Revisit records': [{ Customer: 'Li Na', 'Revisited on': '2026-06-12', Satisfaction: 'Satisfied', Feedback: 'Happy since the firmware update.' }] } },
    ],
  },
  {
    procedure: 'finance.budget',
    language: 'zh-CN',
    starter: 'sal',
    create: {
      'Budget year': '2028',
      'Basis of the budget': '2028 年销售计划：华东扩张。',
      'Budget lines': [
        { Category: 'Marketing', Item: '展会', Amount: '300000' },
        { Category: 'Travel', Item: '客户拜访', Amount: '80000', Note: '华东区域' },
      ],
    },
    steps: [
      { as: 'sal', take: 'Submit to finance', reaches: 'Finance review and consolidation' },
      { as: 'fiona', edit: { 'Finance review opinion': '与 2027 年相比展会费用合理。' } },
      { as: 'fiona', take: 'Reviewed: submit to management', reaches: 'Management approval' },
    ],
  },
  {
    procedure: 'finance.budget-adjustment',
    language: 'en',
    starter: 'sam',
    create: {
      'Budget to adjust': linked.budget,
      'Budget year': '2027',
      Reason: 'Market environment changed',
      'Current approved amount': '500000',
      'Requested amount': '560000',
      Explanation: 'A competitor entered the northern market: two more trade fairs are needed.',
      'Adjusted budget lines': [
        { Item: 'Trade fairs', Amount: '500000' },
        { Item: 'Two northern trade fairs', Amount: '60000' },
      ],
    },
    steps: [
      { as: 'sam', take: 'Submit for approval', reaches: 'Finance and management approval' },
      { as: 'fiona', approve: 'Adjustment approval', comment: 'The quotes are in order.' },
    ],
  },
  {
    procedure: 'finance.payment',
    language: 'zh-CN',
    starter: 'sam',
    create: {
      Budget: linked.budget,
      Payee: '杭州会展中心',
      Purpose: '秋季展会展位费。',
      Amount: '12000',
      'Payment method': 'Bank transfer',
      'Pay by': '2026-07-31',
    },
    steps: [
      { as: 'sam', take: 'Submit', reaches: 'Approval' },
      { as: 'sal', approve: 'Payment approval' },
      { as: 'fred', approve: 'Payment approval' },
      { as: 'fiona', take: 'Release for payment', reaches: 'Payment' },
      { as: 'fiona', edit: { 'Paid on': '2026-07-20', 'Bank reference': 'ICBC-20260720-0042' } },
    ],
  },
  {
    procedure: 'hr.recruitment',
    language: 'en',
    starter: 'hana',
    create: {
      Post: 'Embedded software engineer',
      'Hiring department': 'Product R&D',
      "Hiring department's manager": 'raj',
      Headcount: '2',
      Duties: 'Firmware of the smart speaker: audio pipeline and Wi-Fi.',
      Qualifications: 'Three years of embedded C; experience with audio DSPs.',
      'Work location': 'Suzhou',
      Channels: ['Job sites', 'Campus recruitment'],
    },
    steps: [
      { as: 'hana', take: 'Publish the opening', reaches: 'Publishing and screening' },
      {
        as: 'hugo',
        edit: {
          'Opening published on': '2026-05-12',
          Candidates: [{ Name: 'Zhou Lei', Contact: 'zhou.lei@example.com', Channel: 'Job sites', 'Screening result': 'Shortlisted' }],
          'Candidate interviewed': 'Zhou Lei',
        },
      },
      { as: 'hana', take: 'Invite to interviews', reaches: 'Interviews' },
    ],
  },
  {
    procedure: 'hr.training',
    language: 'zh-CN',
    starter: 'hana',
    create: {
      Year: '2027',
      'Training needs': [
        { Department: 'Manufacturing', Topic: '5S 现场管理', People: '12' },
        { Department: 'Customer service', Topic: '投诉沟通技巧', People: '6' },
      ],
    },
    steps: [
      { as: 'hana', take: 'Draw up the plan', reaches: 'Annual plan' },
      {
        as: 'hana',
        edit: {
          'Training objectives': '提升现场管理与客户沟通能力。',
          Courses: [{ Course: '5S 现场管理', Kind: 'Internal training', 'Scheduled on': '2027-03-15', Trainer: '王工', Budget: '5000' }],
        },
      },
      { as: 'hana', take: 'Submit the plan', reaches: 'Plan approval' },
      { as: 'hugo', approve: 'Annual plan approval' },
    ],
  },
  {
    procedure: 'hr.performance-review',
    language: 'en',
    starter: 'sal',
    create: {
      'Employee reviewed': 'sam',
      Post: 'Salesperson',
      'Review cycle': 'Quarterly',
      'End of the period reviewed': '2026-06-30',
      Indicators: [
        { Indicator: 'Sales volume', Aspect: 'Work results', 'Measurable target': '1.2 million CNY signed in the quarter', 'Weight (%)': '60' },
        { Indicator: 'Customer visits', Aspect: 'Work attitude', 'Measurable target': '30 visits recorded', 'Weight (%)': '40' },
      ],
      'Peer rater': 'sara',
      'Customer-side rater': 'cleo',
    },
    steps: [
      { as: 'sal', take: 'Start the review', reaches: 'Multi-rater review' },
      { as: 'sam', edit: { 'Self-assessment score': '85' } },
      { as: 'sal', edit: { "Supervisor's score": '80' } },
    ],
  },
];

/** GraphQL as one of the demo users. */
export type As = <T = Record<string, unknown>>(username: string, query: string, variables?: Record<string, unknown>) => Promise<T>;

/**
 * The records the walk-throughs link to, made through the API by the people who would have made
 * them: the sales department's approved 2027 budget, a qualified supplier and a market study
 * whose report is final. `ids` are the users' ids by username.
 */
export async function createLinkedRecords(as: As, ids: Readonly<Record<string, string>>): Promise<void> {
  const create = async (who: string, procedure: string, data: Record<string, unknown>) =>
    (await as<{ createRecord: { id: string } }>(who, 'mutation($p: String!, $data: JSON!) { createRecord(procedure: $p, data: $data) { id } }', { p: procedure, data })).createRecord.id;
  const version = async (who: string, id: string) => (await as<{ record: { version: number } }>(who, 'query($id: ID!) { record(id: $id) { version } }', { id })).record.version;
  const move = async (who: string, id: string, action: string) =>
    as(who, 'mutation($id: ID!, $a: String!, $v: Int!) { transition(id: $id, action: $a, expectedVersion: $v) { id } }', { id, a: action, v: await version(who, id) });
  const update = async (who: string, id: string, data: Record<string, unknown>) =>
    as(who, 'mutation($id: ID!, $v: Int!, $data: JSON!) { updateRecord(id: $id, expectedVersion: $v, data: $data) { id } }', { id, v: await version(who, id), data });
  const approve = async (who: string, id: string) => {
    const { record } = await as<{ record: { approvals: { id: string; state: string; approvers: { id: string }[] }[] } }>(
      who,
      'query($id: ID!) { record(id: $id) { approvals { id state approvers { id } } } }',
      { id },
    );
    const mine = record.approvals.find((a) => a.state === 'PENDING' && a.approvers.some((p) => p.id === ids[who]));
    if (!mine) throw new Error(`${who} has no pending approval on ${id}`);
    await as(who, 'mutation($id: ID!) { decideApproval(id: $id, decision: APPROVE) { id } }', { id: mine.id });
  };

  const budget = await create('sal', 'finance.budget', { budgetYear: 2027, basis: linked.budget, lines: [{ category: 'marketing', item: 'Trade fairs', amount: '500000' }] });
  await move('sal', budget, 'submit');
  await move('fiona', budget, 'forward');
  await approve('ceo', budget);
  await move('ceo', budget, 'approve');

  const supplier = await create('bob', 'production.supplier-qualification', {
    supplierName: linked.supplier,
    contactPerson: 'Qian Hao',
    materialKinds: ['component'],
    selectionMethod: 'inquiry',
  });
  await move('bob', supplier, 'submit');
  await update('quinn', supplier, { qualityScore: 90, qualityNote: 'Sample speakers within tolerance.' });
  await update('bob', supplier, { deliveryScore: 85, priceScore: 80 });
  await approve('quinn', supplier);
  await approve('pete', supplier);
  await move('pete', supplier, 'approve');

  const study = await create('mia', 'market.research', {
    title: linked.study,
    goals: 'Price point and features customers expect.',
    content: ['customer-needs'],
    methods: ['survey'],
    milestones: [{ milestone: 'Report', dueDate: '2026-04-30' }],
  });
  await move('mia', study, 'start-collection');
  await update('mia', study, { collectedCount: 400, rejectedCount: 10, dataAudited: true, preliminaryReport: 'Grouped by region.' });
  await move('mia', study, 'start-analysis');
  await update('mia', study, {
    analysisReport: 'Customers want voice control under 400 CNY.',
    discussionDate: '2026-05-02',
    // People of two departments (market and R&D, as the directory has them) discussed the report.
    participants: [{ person: ids.mia }, { person: ids.raj }],
  });
  await move('mia', study, 'finalise-report');
}
