// Calls, proposals, boards and rankings as docs/calls.md shows them, for the UI tests.
import type { AssignmentBoard, Call, Proposal, Ranking, RubricTemplate } from '../../../src/api/types'

export const CRITERIA = [
  { id: 'significance', name: '临床意义', name_en: 'Significance', weight: 0.6, levels: ['很弱', '较弱', '一般', '较强', '很强'] },
  { id: 'approach', name: '技术路线', name_en: 'Approach', weight: 0.4, levels: ['不可行', '存疑', '可行', '扎实', '出色'] },
]

export const TEMPLATE: RubricTemplate = {
  id: 'nih_cai',
  name: 'NIH 临床评估指标',
  name_en: 'NIH CAI',
  source: 'NIH',
  scale: 5,
  criteria: [
    { id: 'significance', name: '临床意义', name_en: 'Significance', weight: 0.5, levels: ['1', '2', '3', '4', '5'] },
    { id: 'innovation', name: '创新性', name_en: 'Innovation', weight: 0.5, levels: ['1', '2', '3', '4', '5'] },
  ],
}

export function call(over: Partial<Call> = {}): Call {
  return {
    id: 3,
    tenant: 1,
    sponsor: { id: 5, name: '上海市生物医药科技产业促进中心' },
    kind: 'challenge',
    title: '房颤早筛可穿戴设备揭榜',
    scope: '面向社区人群的房颤早期筛查。',
    reward: '最高 200 万元及三甲医院试用场景',
    budget: 2000000,
    currency: 'CNY',
    needs: [12, 15],
    eligibility: { org_types: ['company', 'university'], regions: ['CN-SH'], trl_min: 3, trl_max: 7 },
    opens_at: '2026-12-01T01:00:00Z',
    closes_at: '2027-01-31T15:59:59Z',
    time_zone: 'Asia/Shanghai',
    rubric: { template: 'nih_cai', scale: 5, criteria: CRITERIA },
    review: { blind: true, per_proposal: 3, max_load: 15, mix: { clinician: 1, engineer: 1 }, coi_years: 3 },
    tier: 'public',
    state: 'open',
    version: 4,
    created_at: '2026-11-01T00:00:00Z',
    updated_at: '2026-11-01T00:00:00Z',
    proposals: 7,
    ...over,
  }
}

export function proposal(over: Partial<Proposal> = {}): Proposal {
  return {
    id: 9,
    call: 3,
    state: 'submitted',
    org: { id: 21, name: '岳川医疗科技有限公司' },
    created_by: 14,
    title: '基于 PPG 的房颤筛查手环',
    summary: '用光电容积脉搏波识别房颤。',
    budget: 800000,
    trl: 4,
    capabilities: [40, 41],
    team: [{ name: '岳川', role: 'engineering lead' }],
    milestones: [{ title: '样机', due: '2027-06-30', budget: 300000 }],
    attachments: [{ token: 'a'.repeat(32), name: 'plan.pdf', type: 'application/pdf', size: 81234, sha256: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08' }],
    submitted_at: '2027-01-10T02:00:00Z',
    decision: null,
    version: 2,
    blind: false,
    ...over,
  }
}

/** Two proposals × three reviewers: 9–30 assigned, 9–31 in conflict, 10–30 pinned by the server. */
export function board(over: Partial<AssignmentBoard> = {}): AssignmentBoard {
  const cell = (proposal: number, reviewer: number, o: Partial<AssignmentBoard['cells'][number]> = {}) => ({
    proposal,
    reviewer,
    score: 0.5,
    conflicts: [] as string[],
    assigned: false,
    pinned: false,
    forbidden: false,
    recused: false,
    reviewed: false,
    ...o,
  })
  return {
    settings: { per_proposal: 2, max_load: 15, mix: { clinician: 1, engineer: 1 }, coi_years: 3 },
    proposals: [
      { id: 9, title: '房颤筛查手环', org: { id: 21, name: '岳川医疗' } },
      { id: 10, title: '心电贴片', org: { id: 22, name: '明远电子' } },
    ],
    reviewers: [
      { user: 30, name: '周明远', discipline: 'clinician', load: 2 },
      { user: 31, name: '盛媛', discipline: 'engineer', load: 1 },
      { user: 32, name: '柏文静', discipline: 'engineer', load: 0 },
    ],
    cells: [
      cell(9, 30, { score: 0.9, assigned: true }),
      cell(9, 31, { score: 0.7, conflicts: ['same organisation as the applicant', 'co-authored a paper in 2025'] }),
      cell(9, 32, { score: 0.1 }),
      cell(10, 30, { score: 0.6, assigned: true, pinned: true }),
      cell(10, 31, { score: 0.4, assigned: true }),
      cell(10, 32, { score: 0.2 }),
    ],
    complete: false,
    total_score: 1.9,
    shortfalls: [{ proposal: 9, group: 'engineer', missing: 1, eligible: 0 }],
    ...over,
  }
}

export const RANKING: Ranking = {
  criteria: [
    { id: 'significance', name: '临床意义', name_en: 'Significance', weight: 0.6 },
    { id: 'approach', name: '技术路线', name_en: 'Approach', weight: 0.4 },
  ],
  items: [
    { rank: 1, proposal: { id: 9, title: '房颤筛查手环', org: { id: 21, name: '岳川医疗' }, state: 'submitted' }, reviews: 3, raw: 4.2, normalised: 0.83, criteria: { significance: 4.3, approach: 4.05 }, spread: 1.0, disagreement: false, tie: '' },
    { rank: 2, proposal: { id: 10, title: '心电贴片', org: { id: 22, name: '明远电子' }, state: 'submitted' }, reviews: 3, raw: 3.6, normalised: 0.1, criteria: { significance: 3.7, approach: 3.45 }, spread: 2.2, disagreement: true, tie: 'tied with proposal 11 (same normalised and raw score)' },
    { rank: 2, proposal: { id: 11, title: '智能听诊器', org: { id: 23, name: '听心科技' }, state: 'submitted' }, reviews: 2, raw: 3.6, normalised: 0.1, criteria: { significance: 3.5, approach: 3.75 }, spread: 0.5, disagreement: false, tie: 'tied with proposal 10 (same normalised and raw score)' },
    { rank: 4, proposal: { id: 12, title: '血压袖带', org: null, state: 'submitted' }, reviews: 3, raw: 2.1, normalised: -1.03, criteria: { significance: 2.0, approach: 2.25 }, spread: 0.8, disagreement: false, tie: '' },
  ],
}
