// Form validation helpers: the same limits as the server, its errors mapped onto fields.
import { describe, expect, it } from 'vitest'
import {
  CAPABILITY_RULES,
  NEED_RULES,
  buildPayload,
  checkField,
  codePoints,
  fieldErrorFromApi,
  localiseServerMessage,
  looksLikeEmail,
  parseInteger,
  splitField,
  validate,
  warningKey,
  warningsByField,
} from '../../src/lib/validation'

const goodNeed = {
  title: '卒中后房颤漏诊',
  problem: '卒中后阵发性房颤在短程监测中容易漏诊',
  population: '缺血性卒中后 30 天内的成人',
  outcome: '30 天内房颤检出率提高 30%',
  clinical_area: 'cardiovascular',
  care_stage: 'diagnosis',
  language: 'zh-Hans',
  must_have: ['无创'],
  population_size: '120,000',
}

describe('checkField', () => {
  it('flags missing required values, blank strings included', () => {
    expect(checkField({ kind: 'text', required: true }, undefined)).toEqual({ key: 'errors.required' })
    expect(checkField({ kind: 'text', required: true }, '   ')).toEqual({ key: 'errors.required' })
    expect(checkField({ kind: 'text' }, '')).toBeNull()
  })

  it('counts length in code points as the server does', () => {
    const rule = { kind: 'text' as const, maxLen: 3 }
    expect(codePoints('𠀀𠀁𠀂')).toBe(3) // three supplementary-plane characters, six UTF-16 units
    expect(checkField(rule, '𠀀𠀁𠀂')).toBeNull()
    expect(checkField(rule, '房颤病人')).toEqual({ key: 'errors.tooLong', params: { max: 3 } })
  })

  it('allows new lines only in long text', () => {
    expect(checkField({ kind: 'long_text' }, 'a\nb')).toBeNull()
    expect(checkField({ kind: 'text' }, 'a\nb')).toEqual({ key: 'errors.oneLine' })
    expect(checkField({ kind: 'long_text' }, 'a\u0007b')).toEqual({ key: 'errors.control' })
  })

  it('checks integers and their range', () => {
    const trl = CAPABILITY_RULES.trl!
    expect(checkField(trl, '4')).toBeNull()
    expect(checkField(trl, 10)).toEqual({ key: 'errors.range', params: { min: 1, max: 9 } })
    expect(checkField(trl, '4.5')).toEqual({ key: 'errors.integer' })
    expect(checkField(NEED_RULES.population_size!, '-1')).toMatchObject({ key: 'errors.range' })
  })

  it('checks list entries and their number', () => {
    const rule = NEED_RULES.must_have!
    expect(checkField(rule, ['a', 'b'])).toBeNull()
    expect(checkField(rule, ['a', ' '])).toEqual({ key: 'errors.blankEntry' })
    expect(checkField(rule, Array.from({ length: 21 }, (_, i) => `c${i}`))).toEqual({
      key: 'errors.listTooLong',
      params: { max: 20 },
    })
    expect(checkField(rule, ['x'.repeat(201)])).toEqual({ key: 'errors.tooLong', params: { max: 200 } })
  })

  it('checks e-mail addresses', () => {
    expect(checkField({ kind: 'email' }, 'a@b.cn')).toBeNull()
    expect(checkField({ kind: 'email' }, 'a@b')).toEqual({ key: 'errors.email' })
    expect(looksLikeEmail('clinician@sh.yigong.demo')).toBe(true)
    expect(looksLikeEmail('a b@c.cn')).toBe(false)
  })
})

describe('validate', () => {
  it('accepts a complete need', () => {
    expect(validate(NEED_RULES, goodNeed)).toEqual({})
  })

  it('reports every required part of the need statement', () => {
    const errors = validate(NEED_RULES, { ...goodNeed, problem: '', population: ' ', outcome: undefined })
    expect(Object.keys(errors).sort()).toEqual(['outcome', 'population', 'problem'])
  })

  it('uses the server limits for the statement parts', () => {
    expect(validate(NEED_RULES, { ...goodNeed, problem: '问'.repeat(2001) }).problem).toEqual({
      key: 'errors.tooLong',
      params: { max: 2000 },
    })
    expect(validate(NEED_RULES, { ...goodNeed, problem: '问'.repeat(2000) }).problem).toBeUndefined()
  })
})

describe('parseInteger', () => {
  it('reads what people type', () => {
    expect(parseInteger('120000')).toBe(120000)
    expect(parseInteger(' 120,000 ')).toBe(120000)
    expect(parseInteger('120，000')).toBe(120000)
    expect(parseInteger(42)).toBe(42)
  })
  it('refuses what is not a whole number', () => {
    for (const v of ['', '1.5', '12a', 'abc', NaN, 1.5, null, '99999999999999999999']) expect(parseInteger(v)).toBeNull()
  })
})

describe('server errors on fields', () => {
  it('splitField separates list indexes', () => {
    expect(splitField('must_have[2]')).toEqual({ field: 'must_have', index: 2 })
    expect(splitField('problem')).toEqual({ field: 'problem' })
    expect(splitField('')).toEqual({ field: '' })
  })

  it('localises the messages whose shape is known and keeps the rest', () => {
    expect(localiseServerMessage('required')).toEqual({ key: 'errors.required' })
    expect(localiseServerMessage('longer than 2000 characters')).toEqual({ key: 'errors.tooLong', params: { max: 2000 } })
    expect(localiseServerMessage('must be between 1 and 9')).toEqual({ key: 'errors.range', params: { min: 1, max: 9 } })
    expect(localiseServerMessage('at most 20 entries')).toEqual({ key: 'errors.listTooLong', params: { max: 20 } })
    expect(localiseServerMessage('must be one of: a, b')).toEqual({ key: '', raw: 'must be one of: a, b' })
  })

  it('puts an error next to the field it names when the form has it', () => {
    const e = { status: 400, code: 'invalid', field: 'must_have[1]', message: 'empty entry' }
    expect(fieldErrorFromApi(e, ['must_have', 'problem'])).toEqual({
      field: 'must_have',
      index: 1,
      message: { key: 'errors.blankEntry' },
    })
  })

  it('puts errors for fields the form lacks in the general area', () => {
    const e = { status: 422, code: 'unprocessable', field: 'org_id', message: 'organisation of another tenant' }
    expect(fieldErrorFromApi(e, ['problem']).field).toBe('')
  })

  it('explains a stale version as a conflict', () => {
    const e = { status: 409, code: 'conflict', field: 'version', message: 'stale' }
    expect(fieldErrorFromApi(e, ['version']).message).toEqual({ key: 'errors.conflict' })
  })
})

describe('need-statement warnings', () => {
  const warnings = [
    { field: 'problem', code: 'names_solution', message: 'the problem names a solution' },
    { field: 'evidence_problem', code: 'missing_evidence', message: 'no evidence' },
    { field: 'problem', code: 'future_rule', message: 'something new' },
  ]
  it('are grouped by field', () => {
    const by = warningsByField(warnings)
    expect(by.problem!.map((w) => w.code)).toEqual(['names_solution', 'future_rule'])
    expect(by.evidence_problem).toHaveLength(1)
    expect(warningsByField(undefined)).toEqual({})
  })
  it('have message keys for the known codes only', () => {
    expect(warningKey(warnings[0]!)).toBe('need.warning.names_solution')
    expect(warningKey(warnings[2]!)).toBe('')
  })
})

describe('buildPayload', () => {
  it('on create sends only non-empty values, parsed and trimmed', () => {
    const p = buildPayload(NEED_RULES, { ...goodNeed, title: '  卒中后房颤漏诊  ', shortfall: '', must_have: [' 无创 ', ''] })
    expect(p.title).toBe('卒中后房颤漏诊')
    expect(p.population_size).toBe(120000)
    expect(p.must_have).toEqual(['无创'])
    expect('shortfall' in p).toBe(false)
    expect('nice_to_have' in p).toBe(false)
  })

  it('on update sends what changed, and null for what was cleared', () => {
    const original = { ...goodNeed, population_size: 120000, shortfall: '短程监测漏诊', must_have: ['无创'] }
    const p = buildPayload(NEED_RULES, { ...original, title: '新标题', shortfall: '', must_have: [] }, original)
    expect(p).toEqual({ title: '新标题', shortfall: null, must_have: null })
  })

  it('on update with nothing changed sends nothing', () => {
    const original = { ...goodNeed, population_size: 120000 }
    expect(buildPayload(NEED_RULES, { ...original, population_size: '120000' }, original)).toEqual({})
  })
})
