// The calls helpers: wall-clock times in a zone to RFC 3339 with the zone's offset (and back),
// the weight-sum rule, the call life cycle, the call form's checks and body.
import { describe, expect, it } from 'vitest'
import {
  formatInZone,
  marksToPairs,
  nextCallState,
  parseIds,
  toLocalInput,
  toRfc3339,
  weightSum,
  weightsSumToOne,
  zoneLabel,
  zoneOffsetMinutes,
} from '../../src/lib/calls'
import { callChanges, callFormFrom, callPayload, checkCallForm, emptyCallForm } from '../../src/lib/callForm'
import type { Call } from '../../src/api/types'

describe('toRfc3339', () => {
  it('gives the offset of the chosen zone', () => {
    expect(toRfc3339('2027-01-31T23:59', 'Asia/Shanghai')).toBe('2027-01-31T23:59:00+08:00')
    expect(toRfc3339('2027-01-31T23:59', 'Asia/Hong_Kong')).toBe('2027-01-31T23:59:00+08:00')
    expect(toRfc3339('2027-01-31T23:59', 'Asia/Taipei')).toBe('2027-01-31T23:59:00+08:00')
    expect(toRfc3339('2027-01-31T23:59', 'UTC')).toBe('2027-01-31T23:59:00+00:00')
    expect(toRfc3339('2027-01-31T09:30:15', 'America/New_York')).toBe('2027-01-31T09:30:15-05:00')
  })

  it('follows daylight saving time on the date itself', () => {
    expect(toRfc3339('2027-01-15T12:00', 'Europe/Berlin')).toBe('2027-01-15T12:00:00+01:00')
    expect(toRfc3339('2027-07-15T12:00', 'Europe/Berlin')).toBe('2027-07-15T12:00:00+02:00')
    expect(toRfc3339('2027-07-15T12:00', 'America/New_York')).toBe('2027-07-15T12:00:00-04:00')
    // Hours after the change, on the day of the change.
    expect(toRfc3339('2027-03-14T05:00', 'America/New_York')).toBe('2027-03-14T05:00:00-04:00')
    expect(toRfc3339('2027-03-28T12:00', 'Europe/Berlin')).toBe('2027-03-28T12:00:00+02:00')
    expect(toRfc3339('2027-10-31T12:00', 'Europe/Berlin')).toBe('2027-10-31T12:00:00+01:00')
  })

  it('moves a skipped time past the gap and takes the first of a repeated one', () => {
    // 2027-03-14 02:30 does not exist in New York (clocks jump from 02:00 to 03:00).
    expect(toRfc3339('2027-03-14T02:30', 'America/New_York')).toBe('2027-03-14T03:30:00-04:00')
    // 2027-11-07 01:30 happens twice; the first is still daylight time.
    expect(toRfc3339('2027-11-07T01:30', 'America/New_York')).toBe('2027-11-07T01:30:00-04:00')
  })

  it('names the same instant as the input (round trip through Date)', () => {
    const s = toRfc3339('2027-01-31T23:59', 'Asia/Shanghai')
    expect(new Date(s).toISOString()).toBe('2027-01-31T15:59:00.000Z')
    expect(toLocalInput(s, 'Asia/Shanghai')).toBe('2027-01-31T23:59')
    expect(toLocalInput('2027-01-31T15:59:59Z', 'America/New_York')).toBe('2027-01-31T10:59')
  })

  it('is empty for an empty or malformed value', () => {
    expect(toRfc3339('', 'UTC')).toBe('')
    expect(toRfc3339('2027-01-31', 'UTC')).toBe('')
    expect(toRfc3339('31/01/2027 23:59', 'UTC')).toBe('')
  })
})

describe('dates shown in a zone', () => {
  it('uses the zone, and names it with its offset', () => {
    expect(formatInZone('2027-01-31T15:59:59Z', 'Asia/Shanghai', 'zh-CN')).toContain('23:59')
    expect(formatInZone('2027-01-31T15:59:59Z', 'America/New_York', 'en')).toContain('10:59')
    expect(zoneLabel('2027-01-31T15:59:59Z', 'Asia/Shanghai')).toBe('Asia/Shanghai, UTC+08:00')
    expect(zoneLabel('2027-07-01T00:00:00Z', 'Europe/Berlin')).toBe('Europe/Berlin, UTC+02:00')
    expect(zoneOffsetMinutes(Date.UTC(2027, 0, 1), 'America/New_York')).toBe(-300)
  })
})

describe('rubric weights', () => {
  it('must sum to 1 within 0.001', () => {
    expect(weightsSumToOne([{ weight: 0.3 }, { weight: 0.3 }, { weight: 0.4 }])).toBe(true)
    expect(weightsSumToOne([{ weight: 0.1 }, { weight: 0.2 }, { weight: 0.7 }])).toBe(true)
    expect(weightsSumToOne([{ weight: 0.3333 }, { weight: 0.3333 }, { weight: 0.3333 }])).toBe(true)
    expect(weightsSumToOne([{ weight: 0.333 }, { weight: 0.333 }, { weight: 0.332 }])).toBe(false)
    expect(weightsSumToOne([{ weight: 0.5 }, { weight: 0.6 }])).toBe(false)
    expect(weightsSumToOne([])).toBe(false)
    expect(weightSum([{ weight: 0.1 }, { weight: 0.2 }])).toBe(0.3)
  })
})

describe('call life cycle', () => {
  it('allows only the next state', () => {
    expect(nextCallState('draft')).toBe('open')
    expect(nextCallState('open')).toBe('closed')
    expect(nextCallState('closed')).toBe('in_review')
    expect(nextCallState('in_review')).toBe('decided')
    expect(nextCallState('decided')).toBe('archived')
    expect(nextCallState('archived')).toBeNull()
  })
})

describe('ids and marks', () => {
  it('parses id lists and refuses anything else', () => {
    expect(parseIds('12, 15，15 7')).toEqual([12, 15, 7])
    expect(parseIds('')).toEqual([])
    expect(parseIds('12, x')).toBeNull()
    expect(parseIds('0')).toBeNull()
  })

  it('splits marks into pins and forbids', () => {
    expect(marksToPairs({ '9:30': 'pin', '9:31': 'forbid', '10:30': 'pin' })).toEqual({
      pins: [
        { proposal: 9, reviewer: 30 },
        { proposal: 10, reviewer: 30 },
      ],
      forbids: [{ proposal: 9, reviewer: 31 }],
    })
  })
})

describe('call form', () => {
  const criteria = [
    { id: 'significance', name: '临床意义', name_en: 'Significance', weight: 0.6, levels: ['1', '2', '3', '4', '5'] },
    { id: 'approach', name: '技术路线', name_en: 'Approach', weight: 0.4, levels: ['1', '2', '3', '4', '5'] },
  ]
  function filled() {
    const f = emptyCallForm()
    f.title = '  房颤筛查揭榜  '
    f.scope = '社区房颤筛查'
    f.opens_local = '2026-12-01T09:00'
    f.closes_local = '2027-01-31T23:59'
    f.rubric.criteria = criteria.map((c) => ({ ...c, levels: [...c.levels] }))
    return f
  }

  it('passes a complete form', () => {
    expect(checkCallForm(filled())).toEqual({})
  })

  it('requires a title, a scope, both dates, weights summing to 1, and a close after the open', () => {
    const f = filled()
    f.title = ' '
    f.scope = ''
    f.rubric.criteria[0]!.weight = 0.5
    f.closes_local = '2026-11-30T09:00'
    const e = checkCallForm(f)
    expect(e.title).toEqual({ key: 'errors.required' })
    expect(e.scope).toEqual({ key: 'errors.required' })
    f.opens_local = ''
    expect(checkCallForm(f).opens_at).toEqual({ key: 'errors.required' })
    expect(e.rubric).toEqual({ key: 'call.form.weightsMustSumToOne', params: { sum: 0.9 } })
    expect(e.closes_at).toEqual({ key: 'call.form.closeAfterOpen' })
  })

  it('compares the dates as instants in the zone, not as text', () => {
    const f = filled()
    f.opens_local = '2027-01-31T23:59'
    f.closes_local = '2027-01-31T23:59'
    expect(checkCallForm(f).closes_at).toEqual({ key: 'call.form.closeAfterOpen' })
  })

  it('skips the rubric check once the rubric is frozen', () => {
    const f = filled()
    f.rubric.criteria = []
    expect(checkCallForm(f, true).rubric).toEqual({ key: 'call.form.noCriteria' })
    expect(checkCallForm(f, false).rubric).toBeUndefined()
  })

  it('sends the dates with the zone offset and the review settings', () => {
    const f = filled()
    f.time_zone = 'America/New_York'
    f.budget = '2000000'
    f.trl_min = 3
    f.org_types = ['company']
    const body = callPayload(f)
    expect(body.title).toBe('房颤筛查揭榜')
    expect(body.opens_at).toBe('2026-12-01T09:00:00-05:00')
    expect(body.closes_at).toBe('2027-01-31T23:59:00-05:00')
    expect(body.time_zone).toBe('America/New_York')
    expect(body.budget).toBe(2000000)
    // Blank optional numbers are left out, never sent as null.
    expect(body.eligibility).toEqual({ org_types: ['company'], regions: [], trl_min: 3 })
    f.budget = ''
    expect(callPayload(f)).not.toHaveProperty('budget')
    expect(body.review).toEqual({ blind: true, per_proposal: 3, max_load: 15, mix: { clinician: 1, engineer: 1 }, coi_years: 3 })
    expect(body.rubric?.criteria.map((c) => c.weight)).toEqual([0.6, 0.4])
  })

  it('on edit, sends only what changed, and never the rubric once frozen', () => {
    const saved: Call = {
      id: 3,
      tenant: 1,
      kind: 'challenge',
      title: 'T',
      scope: 'S',
      reward: '',
      budget: 100,
      currency: 'CNY',
      needs: [12],
      eligibility: { org_types: [], regions: [], trl_min: null, trl_max: null },
      opens_at: '2026-12-01T01:00:00Z',
      closes_at: '2027-01-31T15:59:00Z',
      time_zone: 'Asia/Shanghai',
      rubric: { template: 'nih_cai', scale: 5, criteria },
      review: { blind: true, per_proposal: 3, max_load: 15, mix: { clinician: 1, engineer: 1 }, coi_years: 3 },
      tier: 'public',
      state: 'in_review',
      version: 4,
      created_at: '',
      updated_at: '',
    }
    const f = callFormFrom(saved)
    expect(f.opens_local).toBe('2026-12-01T09:00')
    expect(f.closes_local).toBe('2027-01-31T23:59')
    expect(callChanges(f, saved)).toEqual({})
    f.title = 'T2'
    f.closes_local = '2027-02-28T23:59'
    f.rubric.criteria[0]!.weight = 0.7
    expect(callChanges(f, saved)).toEqual({ title: 'T2', closes_at: '2027-02-28T23:59:00+08:00' })
  })
})

describe('call form dates on edit', () => {
  it('leaves a saved time with seconds alone unless its minute changes', () => {
    const saved = { id: 3, tenant: 1, kind: 'challenge', title: 'T', time_zone: 'Asia/Shanghai', closes_at: '2027-01-31T15:59:59Z', tier: 'public', state: 'open', version: 1, created_at: '', updated_at: '' } as Call
    const f = callFormFrom(saved)
    expect(callChanges(f, saved)).not.toHaveProperty('closes_at')
    f.time_zone = 'UTC'
    expect(callChanges(f, saved).closes_at).toBe('2027-01-31T23:59:00+00:00')
  })
})
