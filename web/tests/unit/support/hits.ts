// Hits as the matching API sends them, for the UI tests.
import type { BridgeRef, ConceptRef, Hit, HitPage } from '../../../src/api/types'

export const AF: ConceptRef = { id: 'atrial_fibrillation', label_zh: '房颤', label_en: 'atrial fibrillation', kind: 'disease' }
export const PFA: ConceptRef = { id: 'pulsed_field_ablation', label_zh: '脉冲电场消融', label_en: 'pulsed field ablation', kind: 'technology' }
export const CATHETER: ConceptRef = { id: 'catheter', label_zh: '导管', label_en: 'catheter', kind: 'device' }
export const AF_PFA: BridgeRef = { from: AF, to: PFA, weight: 0.9 }

const base = { tenant_id: 1, can_edit: false, version: 1, created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:00Z' }

export function capabilityHit(id: number, over: Partial<Hit> = {}, record: Record<string, unknown> = {}): Hit {
  return {
    kind: 'capability',
    record: { ...base, id, kind: 'capability', tier: 'consortium', teaser: false, title: `脉冲电场消融导管 ${id}`, type: 'technology', trl: 6, org_id: 5, language: 'zh-Hans', description: '不依赖热能的心房消融。', ...record } as Hit['record'],
    score: 1.5,
    why: { words: ['消融'], concepts: [CATHETER], bridges: [AF_PFA] },
    state: 'suggested',
    ...over,
  }
}

export function needHit(id: number, over: Partial<Hit> = {}, record: Record<string, unknown> = {}): Hit {
  return {
    kind: 'need',
    record: { ...base, id, kind: 'need', tier: 'consortium', teaser: false, title: `房颤消融后复发率高 ${id}`, problem: '房颤导管消融术后一年复发率高。', clinical_area: 'cardiovascular', care_stage: 'treatment', language: 'zh-Hans', ...record } as Hit['record'],
    score: 1.1,
    why: { words: ['房颤'], concepts: [AF], bridges: [AF_PFA] },
    ...over,
  }
}

export function page(items: Hit[], total = items.length): HitPage {
  return { items, total, query: { concepts: [AF], bridges: [AF_PFA] } }
}
