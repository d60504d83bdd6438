// Projects, stage models, timelines, KPIs and networks as docs/projects.md shows them, for the
// UI tests.
import type { Kpis, Network, Project, StageModel, TimelineEvent } from '../../../src/api/types'

const names: [string, string, string][] = [
  ['need_validated', '需求验证', 'Need validated'],
  ['concept', '概念', 'Concept'],
  ['proof_of_concept', '概念验证', 'Proof of concept'],
  ['prototype', '原型', 'Prototype'],
  ['design_verification', '设计验证', 'Design verification'],
  ['clinical_validation', '临床验证', 'Clinical validation'],
  ['registration', '注册', 'Registration'],
  ['market', '上市', 'Market'],
]

export const MODEL: StageModel = {
  stages: names.map(([id, name, name_en], i) => ({
    id,
    name,
    name_en,
    criteria:
      i === 2
        ? [
            { id: 'technical_feasibility', name: '技术可行', name_en: 'Technical feasibility' },
            { id: 'ip_position', name: '知识产权布局', name_en: 'IP position' },
            { id: 'regulatory_path', name: '注册路径明确', name_en: 'Regulatory path identified' },
          ]
        : [{ id: 'team', name: '团队', name_en: 'Team' }],
    exit_minimum: { clinical: i + 2, market: i + 1, regulatory: i + 1, technical: Math.min(9, i + 2) },
  })),
}

export function project(over: Partial<Project> = {}): Project {
  return {
    id: 4,
    tenant: 1,
    title: '房颤筛查手环',
    summary: '用光电容积脉搏波识别房颤。',
    clinical_area: 'cardiovascular',
    org: { id: 21, name: '岳川医疗科技有限公司' },
    stage: 2,
    stage_id: 'proof_of_concept',
    state: 'active',
    trl: 4,
    maturity: { clinical: 3, market: 3, regulatory: 2, technical: 4 },
    needs: [12],
    capabilities: [40],
    proposal: 9,
    team: [
      { user: 14, name: '岳川', role: 'engineering lead' },
      { user: 15, name: '周明远', role: 'clinical lead' },
      { user: 16, name: '盛媛', role: 'member' },
    ],
    tier: 'consortium',
    version: 3,
    created_at: '2026-03-01T00:00:00Z',
    updated_at: '2026-09-01T00:00:00Z',
    milestones: [{ id: 1, title: '样机', due: '2027-03-31', owner: 14, status: 'open' }],
    outcomes: [{ type: 'company_formed', date: '2027-05-01', note: '成立岳川心电' }],
    can_edit: false,
    ...over,
  }
}

/** Created, a go from stage 1 to 2, feedback (event 20) with two issues and a response to it,
 * then a TRL change; the response comes after the TRL event in time order from the server. */
export const TIMELINE: TimelineEvent[] = [
  { id: 10, kind: 'created', at: '2026-03-01T00:00:00Z', actor: { id: 3, name: '柏文静' }, detail: {} },
  {
    id: 17,
    kind: 'gate',
    at: '2026-05-01T00:00:00Z',
    actor: { id: 3, name: '柏文静' },
    detail: { decision: 'go', from: 1, to: 2, reasons: '概念清晰', reviewers: [3, 30], criteria: { team: true }, maturity: { clinical: 3, market: 2, regulatory: 2, technical: 3 } },
  },
  {
    id: 20,
    kind: 'feedback',
    at: '2026-07-01T00:00:00Z',
    actor: { id: 15, name: '周明远' },
    detail: {
      iteration: 1,
      sessions: 6,
      issues: [
        { text: '腕带过紧', severity: 'low' },
        { text: '运动时误报', severity: 'critical' },
      ],
    },
  },
  { id: 22, kind: 'trl', at: '2026-08-01T00:00:00Z', actor: { id: 14, name: '岳川' }, detail: { from: 3, trl: 4, note: '台架测试通过' } },
  { id: 23, kind: 'response', at: '2026-08-02T00:00:00Z', actor: { id: 14, name: '岳川' }, detail: { to: 20, text: '已改用运动伪影滤波' } },
]

export const KPIS: Kpis = {
  period: { from: '2026-01-01', to: '2026-12-31' },
  area: 'cardiovascular',
  scope: 'consortium',
  needs: { by_area: { cardiovascular: 12, oncology: 3 }, by_status: { open: 20, matched: 4 } },
  funnel: [
    { stage: 0, id: 'need_validated', name: '需求验证', reached: 9, current: 2, stopped: 1, stalled: 1, median_days: 40.5, p90_days: 88.0 },
    { stage: 1, id: 'concept', name: '概念', reached: 7, current: 2, stopped: 2, stalled: 0, median_days: 61.25, p90_days: 150.0 },
    { stage: 2, id: 'proof_of_concept', name: '概念验证', reached: 4, current: 3, stopped: 0, stalled: 2, median_days: 120.0, p90_days: 240.5 },
    { stage: 3, id: 'prototype', name: '原型', reached: 1, current: 1, stopped: 0, stalled: 0, median_days: null, p90_days: null },
  ],
  outcomes: { company_formed: 2, licence_signed: 1, registration_certificate: 1, product_launched: 0, follow_on_funding: 3 },
  projects: { total: 9, active: 7, stopped: 2 },
  calls: { calls: 2, proposals: 5, awarded: 1 },
  partners: { hospital: 6, company: 9 },
}

export const NETWORK: Network = {
  nodes: [
    { id: 1, name: '瑞金医院', type: 'hospital', betweenness: 0.5, component: 0 },
    { id: 2, name: '岳川医疗', type: 'company', betweenness: 0.125, component: 0 },
    { id: 3, name: '交通大学', type: 'university', betweenness: 0, component: 0 },
    { id: 4, name: '明远电子', type: 'company', betweenness: 0, component: 1 },
  ],
  links: [
    { source: 1, target: 2, weight: 3, kinds: ['project'] },
    { source: 1, target: 3, weight: 1, kinds: ['call'] },
  ],
}
