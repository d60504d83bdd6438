// The regulatory pathway page's logic: the device-fact form built from the fact schema
// (GET /api/v1/pathway/facts), the facts and plan input sent to the API, and the timeline chart.
import type { EChartsCoreOption } from 'echarts/core'
import type {
  DeviceFacts,
  FactSchema,
  FactSpec,
  FactValue,
  PatentStatus,
  PathwayInput,
  PathwayMarket,
  PathwayText,
  RoutePlan,
} from '../api/types'
import { PALETTE } from './charts'

export const MARKETS: readonly PathwayMarket[] = ['CN', 'US', 'EU']
export const PATENT_STATUSES: readonly PatentStatus[] = ['none', 'filed', 'published', 'granted']
/** PathwayInput::priority_grounds (src/pathway/plan.hpp). */
export const PRIORITY_GROUNDS = ['rare_disease', 'cancer', 'elderly', 'pediatric', 'urgent_clinical_need', 'national_program'] as const
/** The yes/no inputs of the innovation special review (创新医疗器械特别审查程序). */
export const INNOVATION_CRITERIA = [
  'patent_search_report_positive',
  'prototype_finalized',
  'first_of_kind_mechanism',
  'fundamental_improvement',
  'significant_clinical_value',
] as const
/** The yes/no inputs of priority review besides the grounds. */
export const PRIORITY_CRITERIA = ['clear_clinical_advantage', 'no_effective_alternative'] as const

/** The order of data/pathway/facts.json. The API sends the schema with its keys sorted, so the
 * form puts these first (the way the rules ask: active? body contact? form of use? …) and any
 * other fact after them, alphabetically. */
export const FACT_ORDER = [
  'active',
  'body_contact',
  'use_form',
  'invasiveness',
  'continuous_use_hours',
  'body_sites',
  'harm_if_failure',
  'effect_on_outcome',
  'sterile',
  'absorbable',
  'drug_combination',
  'measuring_function',
  'treats_specific_disease',
  'dressing_features',
  'dynamic_orthosis',
  'endoscopic_use',
  'relation_to_parent',
  'parent_device_class',
  'ivd_reagent',
  'animal_or_human_tissue',
  'delivers_medicinal_product',
  'implant_kind',
  'decision_impact',
] as const

/** data/pathway/examples/coronary_stent_facts.json (a drug-eluting coronary stent); a unit test
 * keeps the two equal. */
export const CORONARY_STENT_FACTS: DeviceFacts = {
  active: false,
  body_contact: true,
  use_form: 'implant',
  invasiveness: 'implantable',
  continuous_use_hours: 87600,
  body_sites: ['central_circulation'],
  sterile: true,
  absorbable: false,
  drug_combination: 'device_primary',
  implant_kind: 'other',
  delivers_medicinal_product: true,
}

/** The plan options of data/pathway/examples/coronary_stent_plan.json (less facts and as_of). */
export function coronaryStentOptions(): PlanOptions {
  return {
    ...emptyPlanOptions(),
    markets: ['CN', 'US', 'EU'],
    region: 'beijing',
    novel: true,
    requires_trial_approval: true,
    apply_innovation: true,
    patent_status: 'granted',
    patent_grant_date: '2022-09-01',
    prototype_finalized: true,
    first_of_kind_mechanism: true,
    fundamental_improvement: true,
    significant_clinical_value: true,
  }
}

export function localText(text: PathwayText | undefined, locale: string): string {
  if (!text) return ''
  return (locale === 'en' ? text.en || text.zh : text.zh || text.en) ?? ''
}

export interface FactField {
  name: string
  spec: FactSpec
}

/** The schema's facts in form order; facts of an unknown type are left out (nothing to edit
 * them with). */
export function factFields(schema: FactSchema): FactField[] {
  const known = new Set(['bool', 'enum', 'enum_list', 'number'])
  const names = Object.keys(schema.facts ?? {}).filter((n) => known.has(schema.facts[n]!.type))
  const rank = (n: string) => {
    const i = (FACT_ORDER as readonly string[]).indexOf(n)
    return i < 0 ? FACT_ORDER.length : i
  }
  return names
    .map((name, i) => ({ name, i }))
    .sort((a, b) => rank(a.name) - rank(b.name) || (rank(a.name) === FACT_ORDER.length ? a.name.localeCompare(b.name) : a.i - b.i))
    .map(({ name }) => ({ name, spec: schema.facts[name]! }))
}

/** The form's state: undefined (or '' for a select or number input, [] for a list) is unknown. */
export type FactModel = Record<string, boolean | string | string[] | number | undefined>

export function emptyFactModel(schema: FactSchema): FactModel {
  const m: FactModel = {}
  for (const { name, spec } of factFields(schema)) m[name] = spec.type === 'enum_list' ? [] : spec.type === 'bool' ? undefined : ''
  return m
}

/** The form filled with the given facts (facts the schema does not know are dropped). */
export function factModelFrom(schema: FactSchema, facts: DeviceFacts): FactModel {
  const m = emptyFactModel(schema)
  for (const name of Object.keys(m)) {
    const v = facts[name]
    if (v === undefined) continue
    m[name] = Array.isArray(v) ? [...v] : typeof v === 'number' ? String(v) : v
  }
  return m
}

/** The facts to send: only those answered, each in its schema type. */
export function factsPayload(schema: FactSchema, model: FactModel): DeviceFacts {
  const out: DeviceFacts = {}
  for (const { name, spec } of factFields(schema)) {
    const v = model[name]
    let value: FactValue | undefined
    switch (spec.type) {
      case 'bool':
        value = typeof v === 'boolean' ? v : undefined
        break
      case 'enum':
        value = typeof v === 'string' && v !== '' ? v : undefined
        break
      case 'enum_list':
        value = Array.isArray(v) && v.length ? [...v] : undefined
        break
      case 'number': {
        const s = typeof v === 'number' ? String(v) : typeof v === 'string' ? v.trim() : ''
        value = s !== '' && Number.isFinite(Number(s)) ? Number(s) : undefined
        break
      }
    }
    if (value !== undefined) out[name] = value
  }
  return out
}

/** The plan page's options; undefined booleans are unknown and left out of the input. */
export interface PlanOptions {
  markets: PathwayMarket[]
  domestic: boolean
  region: string
  novel: boolean | undefined
  requires_trial_approval: boolean | undefined
  apply_innovation: boolean
  patent_status: PatentStatus | ''
  patent_grant_date: string
  patent_search_report_positive: boolean | undefined
  prototype_finalized: boolean | undefined
  first_of_kind_mechanism: boolean | undefined
  fundamental_improvement: boolean | undefined
  significant_clinical_value: boolean | undefined
  priority_grounds: string[]
  clear_clinical_advantage: boolean | undefined
  no_effective_alternative: boolean | undefined
}

export function emptyPlanOptions(): PlanOptions {
  return {
    markets: ['CN'],
    domestic: true,
    region: '',
    novel: undefined,
    requires_trial_approval: undefined,
    apply_innovation: false,
    patent_status: '',
    patent_grant_date: '',
    patent_search_report_positive: undefined,
    prototype_finalized: undefined,
    first_of_kind_mechanism: undefined,
    fundamental_improvement: undefined,
    significant_clinical_value: undefined,
    priority_grounds: [],
    clear_clinical_advantage: undefined,
    no_effective_alternative: undefined,
  }
}

/** The PathwayInput for the facts and options: markets in CN, US, EU order; unknowns left out;
 * the grant date only with a granted patent; no grounds ticked is "unknown", not "none". */
export function planInput(facts: DeviceFacts, o: PlanOptions): PathwayInput {
  const input: PathwayInput = {
    facts,
    markets: MARKETS.filter((m) => o.markets.includes(m)),
    domestic: o.domestic,
    apply_innovation: o.apply_innovation,
  }
  if (o.region.trim()) input.region = o.region.trim()
  if (o.patent_status) input.patent_status = o.patent_status
  if (o.patent_status === 'granted' && o.patent_grant_date) input.patent_grant_date = o.patent_grant_date
  const flags = ['novel', 'requires_trial_approval', ...INNOVATION_CRITERIA, ...PRIORITY_CRITERIA] as const
  for (const k of flags) if (typeof o[k] === 'boolean') input[k] = o[k]
  if (o.priority_grounds.length) input.priority_grounds = PRIORITY_GROUNDS.filter((g) => o.priority_grounds.includes(g))
  return input
}

/** The fact or option an API error's field names ("facts.use_form", "use_form",
 * "priority_grounds[0]" → "use_form", "use_form", "priority_grounds"). */
export function errorTarget(field: string): string {
  const f = field.startsWith('facts.') ? field.slice('facts.'.length) : field
  return f.split(/[.[]/)[0] ?? ''
}

export interface TimelineBar {
  label: string
  /** Working days before the step can start at the earliest (the minimums of the steps before it;
   * conditional steps count in the maximum only, as in the route's total). */
  start: number
  min: number
  max: number
  conditional: boolean
}

/** One bar per step, one after another, and the route's total as the last bar. */
export function timelineBars(route: RoutePlan, stepLabel: (i: number) => string, totalLabel: string): TimelineBar[] {
  let start = 0
  const bars: TimelineBar[] = route.steps.map((s, i) => {
    const [min, max] = s.working_days
    const bar = { label: stepLabel(i), start, min: s.conditional ? 0 : min, max, conditional: s.conditional }
    if (!s.conditional) start += min
    return bar
  })
  const [tmin, tmax] = route.total_working_days
  bars.push({ label: totalLabel, start: 0, min: tmin, max: tmax, conditional: false })
  return bars
}

/** A Gantt-like horizontal bar chart: each step starts where the earlier steps end at the
 * earliest; its solid part is its minimum, the pale part up to its maximum. The last bar is the
 * route's total range. */
export function timelineOption(
  bars: TimelineBar[],
  labels: { min: string; spread: string; days: (min: number, max: number) => string },
): EChartsCoreOption {
  const color = PALETTE[0]
  return {
    aria: { enabled: true },
    color: [color, '#99d5cf'],
    grid: { left: 8, right: 24, top: 8, bottom: 28, containLabel: true },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (params: { dataIndex: number }[]) => {
        const b = bars[params[0]?.dataIndex ?? 0]
        return b ? `${b.label}<br/>${labels.days(b.conditional ? 0 : b.min, b.max)}` : ''
      },
    },
    legend: { bottom: 0, data: [labels.min, labels.spread] },
    xAxis: { type: 'value', min: 0, name: '', axisLabel: { formatter: '{value}' } },
    yAxis: {
      type: 'category',
      inverse: true,
      data: bars.map((b) => b.label),
      axisLabel: { width: 180, overflow: 'truncate' },
    },
    series: [
      {
        name: 'offset',
        type: 'bar',
        stack: 'timeline',
        silent: true,
        itemStyle: { color: 'transparent' },
        emphasis: { disabled: true },
        data: bars.map((b) => b.start),
      },
      {
        name: labels.min,
        type: 'bar',
        stack: 'timeline',
        barMaxWidth: 18,
        data: bars.map((b, i) => ({ value: b.min, itemStyle: i === bars.length - 1 ? { color: '#115e59' } : undefined })),
      },
      {
        name: labels.spread,
        type: 'bar',
        stack: 'timeline',
        barMaxWidth: 18,
        data: bars.map((b) => ({ value: Math.max(0, b.max - b.min), itemStyle: b.conditional ? { borderType: 'dashed', borderColor: color, borderWidth: 1 } : undefined })),
      },
    ],
  }
}
