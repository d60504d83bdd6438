// The pathway page's logic: the form built from the fact schema (in the order of
// data/pathway/facts.json, though the API sends the keys sorted), the facts and plan input sent,
// API error fields, and the Gantt-like timeline of a route.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { FactSchema } from '../../src/api/types'
import {
  CORONARY_STENT_FACTS,
  FACT_ORDER,
  coronaryStentOptions,
  emptyFactModel,
  emptyPlanOptions,
  errorTarget,
  factFields,
  factModelFrom,
  factsPayload,
  planInput,
  timelineBars,
  timelineOption,
} from '../../src/lib/pathway'
import { PLAN, SCHEMA } from './support/pathway'

const data = (p: string) => JSON.parse(readFileSync(resolve(__dirname, '../../../data/pathway', p), 'utf8'))

describe('fact form', () => {
  it('orders the facts as the rules ask, whatever order the API sends', () => {
    expect(factFields(SCHEMA).map((f) => f.name)).toEqual([
      'active',
      'body_contact',
      'use_form',
      'invasiveness',
      'continuous_use_hours',
      'body_sites',
      'sterile',
      'absorbable',
      'drug_combination',
      'ivd_reagent',
      'delivers_medicinal_product',
      'implant_kind',
    ])
  })

  it('puts facts it does not know after the known ones, and leaves out unknown types', () => {
    const s: FactSchema = {
      version: 1,
      facts: {
        zeta: { type: 'bool', label: { zh: 'z', en: 'z' } },
        alpha: { type: 'bool', label: { zh: 'a', en: 'a' } },
        active: { type: 'bool', label: { zh: '有源', en: 'active' } },
        odd: { type: 'date' as never, label: { zh: 'o', en: 'o' } },
      },
    }
    expect(factFields(s).map((f) => f.name)).toEqual(['active', 'alpha', 'zeta'])
  })

  it('covers every fact of data/pathway/facts.json in its file order', () => {
    const real = data('facts.json') as FactSchema
    const names = Object.keys(real.facts)
    expect(factFields(real).map((f) => f.name)).toEqual(names)
    expect([...FACT_ORDER]).toEqual(names)
  })

  it('sends only the answered facts, each in its type', () => {
    const m = emptyFactModel(SCHEMA)
    expect(factsPayload(SCHEMA, m)).toEqual({})
    Object.assign(m, { active: false, sterile: true, use_form: 'implant', body_sites: ['heart'], continuous_use_hours: '72', invasiveness: '' })
    expect(factsPayload(SCHEMA, m)).toEqual({ active: false, sterile: true, use_form: 'implant', body_sites: ['heart'], continuous_use_hours: 72 })
    m.continuous_use_hours = 'abc'
    m.body_sites = []
    expect(factsPayload(SCHEMA, m)).not.toHaveProperty('continuous_use_hours')
    expect(factsPayload(SCHEMA, m)).not.toHaveProperty('body_sites')
  })

  it('round-trips the coronary stent example, which equals the repository’s', () => {
    expect(CORONARY_STENT_FACTS).toEqual(data('examples/coronary_stent_facts.json'))
    expect(factsPayload(SCHEMA, factModelFrom(SCHEMA, CORONARY_STENT_FACTS))).toEqual(CORONARY_STENT_FACTS)
  })
})

describe('plan input', () => {
  it('sends the example plan as data/pathway/examples/coronary_stent_plan.json does', () => {
    const file = data('examples/coronary_stent_plan.json')
    delete file.as_of // the server takes today
    delete file.priority_grounds // [] there; no ticked ground here means unknown
    expect(planInput(CORONARY_STENT_FACTS, coronaryStentOptions())).toEqual({ ...file, domestic: true })
  })

  it('leaves unknowns out, orders markets and keeps the grant date only with a granted patent', () => {
    const o = { ...emptyPlanOptions(), markets: ['EU', 'CN'] as ('EU' | 'CN')[], patent_status: 'filed' as const, patent_grant_date: '2020-01-01', novel: false, region: ' beijing ', priority_grounds: ['cancer', 'rare_disease'] }
    expect(planInput({ active: true }, o)).toEqual({
      facts: { active: true },
      markets: ['CN', 'EU'],
      domestic: true,
      apply_innovation: false,
      region: 'beijing',
      patent_status: 'filed',
      novel: false,
      priority_grounds: ['rare_disease', 'cancer'],
    })
  })

  it('maps error fields to the fact or option', () => {
    expect(errorTarget('facts.use_form')).toBe('use_form')
    expect(errorTarget('use_form')).toBe('use_form')
    expect(errorTarget('priority_grounds[1]')).toBe('priority_grounds')
  })
})

describe('timeline', () => {
  it('puts each step after the minimums before it; conditional steps count in the maximum only', () => {
    const bars = timelineBars(PLAN.routes[0]!, (i) => PLAN.routes[0]!.steps[i]!.id, 'Total')
    expect(bars).toEqual([
      { label: 'cn_type_testing', start: 0, min: 63, max: 126, conditional: false },
      { label: 'cn_clinical_trial_approval', start: 63, min: 0, max: 30, conditional: true },
      { label: 'cn_technical_review_class3', start: 63, min: 90, max: 150, conditional: false },
      { label: 'Total', start: 0, min: 153, max: 306, conditional: false },
    ])
  })

  it('draws an invisible offset, the minimum and the spread up to the maximum, stacked', () => {
    const bars = timelineBars(PLAN.routes[1]!, (i) => PLAN.routes[1]!.steps[i]!.id, 'Total')
    const o = timelineOption(bars, { min: 'min', spread: 'spread', days: (a, b) => `${a}-${b}` }) as {
      yAxis: { data: string[] }
      series: { stack: string; data: (number | { value: number })[] }[]
    }
    expect(o.yAxis.data).toEqual(['eu_technical_documentation', 'eu_notified_body_assessment', 'Total'])
    const v = (d: number | { value: number }) => (typeof d === 'number' ? d : d.value)
    expect(o.series.map((s) => s.data.map(v))).toEqual([
      [0, 40, 0],
      [40, 252, 292],
      [80, 126, 206],
    ])
    expect(new Set(o.series.map((s) => s.stack)).size).toBe(1)
  })
})
