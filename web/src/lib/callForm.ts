// The call form's values, their checks and the body they become: dates typed as wall-clock time
// in the chosen zone are sent as RFC 3339 with that zone's offset; the rubric's weights must sum
// to 1; the call must close after it opens.

import type { Call, CallFields, Criterion, Rubric } from '../api/types'
import type { CallKind, Tier } from './enums'
import type { Message } from './validation'
import { parseInteger } from './validation'
import { reviewSettingsEditable, toLocalInput, toRfc3339, weightSum, weightsSumToOne } from './calls'

export interface CallFormValues {
  kind: CallKind
  title: string
  scope: string
  reward: string
  budget: string | number
  currency: string
  tier: Tier
  needs: number[]
  org_types: string[]
  regions: string[]
  trl_min: string | number
  trl_max: string | number
  /** datetime-local values ("2027-01-31T23:59"), wall-clock time in time_zone. */
  opens_local: string
  closes_local: string
  time_zone: string
  rubric: Rubric
  blind: boolean
  per_proposal: string | number
  max_load: string | number
  mix_clinician: string | number
  mix_engineer: string | number
  coi_years: string | number
}

export function emptyCallForm(): CallFormValues {
  return {
    kind: 'challenge',
    title: '',
    scope: '',
    reward: '',
    budget: '',
    currency: 'CNY',
    tier: 'public',
    needs: [],
    org_types: [],
    regions: [],
    trl_min: '',
    trl_max: '',
    opens_local: '',
    closes_local: '',
    time_zone: 'Asia/Shanghai',
    rubric: { template: '', scale: 5, criteria: [] },
    blind: true,
    per_proposal: 3,
    max_load: 15,
    mix_clinician: 1,
    mix_engineer: 1,
    coi_years: 3,
  }
}

export function copyCriteria(criteria: readonly Criterion[]): Criterion[] {
  return criteria.map((c) => ({ ...c, levels: [...c.levels] }))
}

/** The form filled from a saved call, its dates shown in the call's zone. */
export function callFormFrom(c: Call): CallFormValues {
  const f = emptyCallForm()
  const zone = c.time_zone || f.time_zone
  return {
    ...f,
    kind: c.kind,
    title: c.title,
    scope: c.scope ?? '',
    reward: c.reward ?? '',
    budget: c.budget ?? '',
    currency: c.currency || f.currency,
    tier: c.tier,
    needs: [...(c.needs ?? [])],
    org_types: [...(c.eligibility?.org_types ?? [])],
    regions: [...(c.eligibility?.regions ?? [])],
    trl_min: c.eligibility?.trl_min ?? '',
    trl_max: c.eligibility?.trl_max ?? '',
    opens_local: toLocalInput(c.opens_at, zone),
    closes_local: toLocalInput(c.closes_at, zone),
    time_zone: zone,
    rubric: c.rubric ? { template: c.rubric.template ?? '', scale: c.rubric.scale, criteria: copyCriteria(c.rubric.criteria) } : f.rubric,
    blind: c.review?.blind ?? f.blind,
    per_proposal: c.review?.per_proposal ?? f.per_proposal,
    max_load: c.review?.max_load ?? f.max_load,
    mix_clinician: c.review?.mix?.clinician ?? 0,
    mix_engineer: c.review?.mix?.engineer ?? 0,
    coi_years: c.review?.coi_years ?? f.coi_years,
  }
}

const int = (v: string | number): number | null => (v === '' || v === null || v === undefined ? null : parseInteger(v))
const num = (v: string | number): number | null => {
  if (v === '' || v === null || v === undefined) return null
  const n = Number(String(v).replace(/[,，\s]/g, ''))
  return Number.isFinite(n) ? n : null
}

/** The client-side checks, by field: title, dates, TRL range, rubric, review numbers. */
export function checkCallForm(f: CallFormValues, rubricEditable = true): Record<string, Message> {
  const out: Record<string, Message> = {}
  if (!f.title.trim()) out.title = { key: 'errors.required' }
  if (!f.scope.trim()) out.scope = { key: 'errors.required' }
  const budget = num(f.budget)
  if (f.budget !== '' && (budget === null || budget < 0 || !Number.isInteger(budget))) out.budget = { key: 'errors.integer' }
  if (!f.opens_local) out.opens_at = { key: 'errors.required' }
  else if (!toRfc3339(f.opens_local, f.time_zone)) out.opens_at = { key: 'call.form.badDate' }
  if (!f.closes_local) out.closes_at = { key: 'errors.required' }
  else if (!toRfc3339(f.closes_local, f.time_zone)) out.closes_at = { key: 'call.form.badDate' }
  if (!out.opens_at && !out.closes_at && f.opens_local && f.closes_local) {
    const opens = new Date(toRfc3339(f.opens_local, f.time_zone)).getTime()
    const closes = new Date(toRfc3339(f.closes_local, f.time_zone)).getTime()
    if (!(closes > opens)) out.closes_at = { key: 'call.form.closeAfterOpen' }
  }
  const lo = int(f.trl_min)
  const hi = int(f.trl_max)
  if (lo !== null && hi !== null && lo > hi) out.trl_max = { key: 'call.form.trlOrder' }
  if (rubricEditable) {
    if (!f.rubric.criteria.length) out.rubric = { key: 'call.form.noCriteria' }
    else if (!weightsSumToOne(f.rubric.criteria)) out.rubric = { key: 'call.form.weightsMustSumToOne', params: { sum: weightSum(f.rubric.criteria) } }
    else if (f.rubric.criteria.some((c) => !c.id.trim() || !c.name.trim())) out.rubric = { key: 'errors.required' }
    for (const k of ['per_proposal', 'max_load', 'mix_clinician', 'mix_engineer', 'coi_years'] as const) {
      const n = int(f[k])
      if (n === null || n < 0) out[k] = { key: 'errors.integer' }
    }
  }
  return out
}

/** The body of POST /calls from the form (dates as RFC 3339 with explicit offsets). Blank
 * optional numbers are left out rather than sent as null (the API takes integers only). */
export function callPayload(f: CallFormValues): Required<Pick<CallFields, 'kind' | 'title' | 'time_zone' | 'tier'>> & CallFields {
  return {
    kind: f.kind,
    title: f.title.trim(),
    scope: f.scope.replace(/\s+$/, ''),
    reward: f.reward.trim(),
    ...(num(f.budget) === null ? {} : { budget: num(f.budget) }),
    currency: f.currency,
    tier: f.tier,
    needs: [...f.needs],
    eligibility: {
      org_types: [...f.org_types] as NonNullable<CallFields['eligibility']>['org_types'],
      regions: f.regions.map((r) => r.trim()).filter(Boolean),
      ...(int(f.trl_min) === null ? {} : { trl_min: int(f.trl_min) }),
      ...(int(f.trl_max) === null ? {} : { trl_max: int(f.trl_max) }),
    },
    opens_at: f.opens_local ? toRfc3339(f.opens_local, f.time_zone) : null,
    closes_at: f.closes_local ? toRfc3339(f.closes_local, f.time_zone) : null,
    time_zone: f.time_zone,
    rubric: {
      ...(f.rubric.template ? { template: f.rubric.template } : {}),
      scale: Number(f.rubric.scale),
      criteria: f.rubric.criteria.map((c) => ({
        id: c.id.trim(),
        name: c.name.trim(),
        name_en: c.name_en.trim(),
        weight: Number(c.weight),
        levels: c.levels.slice(0, Number(f.rubric.scale)).map((l) => l.trim()),
      })),
    },
    review: {
      blind: f.blind,
      per_proposal: int(f.per_proposal) ?? 0,
      max_load: int(f.max_load) ?? 0,
      mix: { clinician: int(f.mix_clinician) ?? 0, engineer: int(f.mix_engineer) ?? 0 },
      coi_years: int(f.coi_years) ?? 0,
    },
  }
}

/** What to send: on create the whole payload without empty dates; on update only the top-level
 * members that changed (the rubric and review settings not at all once frozen). */
export function callChanges(f: CallFormValues, original?: Call): CallFields {
  const body = callPayload(f) as Record<string, unknown>
  if (!original) {
    for (const k of ['opens_at', 'closes_at']) if (body[k] === null) delete body[k]
    return body as CallFields
  }
  const out: Record<string, unknown> = {}
  const frozen = !reviewSettingsEditable(original.state)
  for (const [k, v] of Object.entries(body)) {
    if (frozen && (k === 'rubric' || k === 'review')) continue
    const before = (original as unknown as Record<string, unknown>)[k]
    if (!sameValue(before, v, k)) out[k] = v
  }
  return out as CallFields
}

function sameValue(before: unknown, after: unknown, key: string): boolean {
  if (key === 'opens_at' || key === 'closes_at') {
    // The form edits to the minute: a saved 23:59:59 shown as 23:59 and left alone is unchanged.
    if (!before || !after) return !before && !after
    const minute = (v: unknown) => Math.floor(new Date(String(v)).getTime() / 60000)
    return minute(before) === minute(after)
  }
  return canonical(before ?? null) === canonical(after ?? null)
}

/** JSON with object keys sorted and null members dropped, so member order and an absent versus
 * a null member do not count as a change. */
function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, val) =>
    val && typeof val === 'object' && !Array.isArray(val)
      ? Object.fromEntries(
          Object.entries(val as Record<string, unknown>)
            .filter(([, x]) => x !== null && x !== undefined)
            .sort(([a], [b]) => a.localeCompare(b)),
        )
      : val,
  )
}
