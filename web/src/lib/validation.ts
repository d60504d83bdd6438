// Form validation helpers. The server is the judge (its field errors and need-statement warnings
// are shown next to the fields); these checks catch the obvious before a round trip, with the
// same limits as src/core/domain/record.cpp. Messages are i18n keys with parameters, so the same
// check reads in Chinese and English.

import type { ApiError } from '../api/client'
import type { Warning } from '../api/types'

/** A message to show: an i18n key and its parameters, or the server's own text. */
export interface Message {
  key: string
  params?: Record<string, string | number>
  /** Untranslated text from the server, shown when no key fits. */
  raw?: string
}

export type FieldKind = 'text' | 'long_text' | 'enum' | 'integer' | 'list' | 'email'

export interface FieldRule {
  kind: FieldKind
  required?: boolean
  /** Code points for text, entries for lists. */
  maxLen?: number
  min?: number
  max?: number
}

export type Rules = Record<string, FieldRule>

const TEXT = 200
const PARA = 4000
const LIST_ENTRY = 200

export const NEED_RULES: Rules = {
  title: { kind: 'text', required: true, maxLen: TEXT },
  problem: { kind: 'long_text', required: true, maxLen: 2000 },
  population: { kind: 'long_text', required: true, maxLen: 1000 },
  outcome: { kind: 'long_text', required: true, maxLen: 1000 },
  clinical_area: { kind: 'enum', required: true },
  care_stage: { kind: 'enum', required: true },
  current_practice: { kind: 'long_text', maxLen: PARA },
  shortfall: { kind: 'long_text', maxLen: PARA },
  population_size: { kind: 'integer', min: 0, max: 10_000_000_000 },
  evidence_problem: { kind: 'long_text', maxLen: 2000 },
  evidence_population: { kind: 'long_text', maxLen: 2000 },
  evidence_outcome: { kind: 'long_text', maxLen: 2000 },
  must_have: { kind: 'list', maxLen: 20 },
  nice_to_have: { kind: 'list', maxLen: 20 },
  language: { kind: 'enum', required: true },
  status: { kind: 'enum' },
  tier: { kind: 'enum' },
}

export const CAPABILITY_RULES: Rules = {
  title: { kind: 'text', required: true, maxLen: TEXT },
  type: { kind: 'enum', required: true },
  description: { kind: 'long_text', maxLen: PARA },
  trl: { kind: 'integer', required: true, min: 1, max: 9 },
  keywords: { kind: 'list', maxLen: 30 },
  language: { kind: 'enum', required: true },
  tier: { kind: 'enum' },
}

/** Length in code points, as the server counts (not UTF-16 units: 𝑥 and 𠀀 count once). */
export function codePoints(s: string): number {
  let n = 0
  for (const _ of s) n++
  return n
}

function isBlank(v: unknown): boolean {
  return (
    v === undefined ||
    v === null ||
    (typeof v === 'string' && v.trim() === '') ||
    (Array.isArray(v) && v.length === 0)
  )
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/
// eslint-disable-next-line no-control-regex
const CONTROL_EXCEPT_NEWLINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/

/** Checks one value against its rule; null when fine. Integers may arrive as strings from
 * inputs; lists are arrays of strings. */
export function checkField(rule: FieldRule, value: unknown): Message | null {
  if (isBlank(value)) return rule.required ? { key: 'errors.required' } : null
  switch (rule.kind) {
    case 'text':
    case 'long_text':
    case 'email': {
      const s = String(value)
      if ((rule.kind === 'long_text' ? CONTROL_EXCEPT_NEWLINES : CONTROL).test(s))
        return { key: rule.kind === 'long_text' ? 'errors.control' : 'errors.oneLine' }
      if (rule.maxLen !== undefined && codePoints(s) > rule.maxLen)
        return { key: 'errors.tooLong', params: { max: rule.maxLen } }
      if (rule.kind === 'email' && !looksLikeEmail(s)) return { key: 'errors.email' }
      return null
    }
    case 'integer': {
      const n = parseInteger(value)
      if (n === null) return { key: 'errors.integer' }
      if ((rule.min !== undefined && n < rule.min) || (rule.max !== undefined && n > rule.max))
        return { key: 'errors.range', params: { min: rule.min ?? '', max: rule.max ?? '' } }
      return null
    }
    case 'list': {
      const list = value as unknown[]
      if (rule.maxLen !== undefined && list.length > rule.maxLen)
        return { key: 'errors.listTooLong', params: { max: rule.maxLen } }
      for (const entry of list) {
        const s = String(entry ?? '')
        if (s.trim() === '') return { key: 'errors.blankEntry' }
        if (CONTROL.test(s)) return { key: 'errors.oneLine' }
        if (codePoints(s) > LIST_ENTRY)
          return { key: 'errors.tooLong', params: { max: LIST_ENTRY } }
      }
      return null
    }
    case 'enum':
      return null
  }
}

/** Checks every field that has a rule; returns the failures by field name. */
export function validate(rules: Rules, values: Record<string, unknown>): Record<string, Message> {
  const out: Record<string, Message> = {}
  for (const [field, rule] of Object.entries(rules)) {
    const m = checkField(rule, values[field])
    if (m) out[field] = m
  }
  return out
}

/** "12", " 12 ", 12 → 12; "", "1.5", "12a", NaN → null. Thousands separators are allowed
 * ("120,000" and "120，000") because people type population sizes that way. */
export function parseInteger(value: unknown): number | null {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : null
  if (typeof value !== 'string') return null
  const s = value.trim().replace(/[,，_\s]/g, '')
  if (!/^-?\d+$/.test(s)) return null
  const n = Number(s)
  return Number.isSafeInteger(n) ? n : null
}

export function looksLikeEmail(s: string): boolean {
  return /^[^\s@,;<>"]+@[^\s@,;<>".]+(\.[^\s@,;<>".]+)+$/.test(s.trim())
}

/** The field an API error names, split into its base name and list index:
 * "must_have[2]" → { field: "must_have", index: 2 }. */
export function splitField(field: string): { field: string; index?: number } {
  const m = /^([A-Za-z_][\w.]*)\[(\d+)\]$/.exec(field)
  if (m) return { field: m[1]!, index: Number(m[2]) }
  return { field }
}

/** Translates the server's English validation messages into message keys where the shape is
 * known; otherwise keeps the server's text. */
export function localiseServerMessage(message: string): Message {
  let m: RegExpExecArray | null
  if (message === 'required') return { key: 'errors.required' }
  if (message === 'empty entry') return { key: 'errors.blankEntry' }
  if ((m = /^longer than (\d+) characters$/.exec(message)))
    return { key: 'errors.tooLong', params: { max: Number(m[1]) } }
  if ((m = /^at most (\d+) entries$/.exec(message)))
    return { key: 'errors.listTooLong', params: { max: Number(m[1]) } }
  if ((m = /^must be between (-?\d+) and (-?\d+)$/.exec(message)))
    return { key: 'errors.range', params: { min: Number(m[1]), max: Number(m[2]) } }
  if (message === 'must be an integer') return { key: 'errors.integer' }
  if (message === 'not an e-mail address') return { key: 'errors.email' }
  if (message === 'at least 10 characters') return { key: 'errors.passwordShort', params: { min: 10 } }
  if (message === 'must be one line without control characters') return { key: 'errors.oneLine' }
  return { key: '', raw: message }
}

/** Where to show an API error in a form: the field it names (when the form has that field) or
 * the form's general error area (field ""). */
export function fieldErrorFromApi(
  err: Pick<ApiError, 'field' | 'message' | 'status' | 'code'>,
  formFields: readonly string[],
): { field: string; index?: number; message: Message } {
  const { field, index } = splitField(err.field ?? '')
  const known = field !== '' && formFields.includes(field)
  const message =
    err.code === 'conflict' && field === 'version'
      ? { key: 'errors.conflict' }
      : err.status === 403
        ? { key: 'errors.forbidden', raw: err.message }
        : localiseServerMessage(err.message)
  return { field: known ? field : '', index, message }
}

/** The need-statement warnings grouped by the field they concern. */
export function warningsByField(warnings: readonly Warning[] | undefined): Record<string, Warning[]> {
  const out: Record<string, Warning[]> = {}
  for (const w of warnings ?? []) (out[w.field] ??= []).push(w)
  return out
}

/** The i18n key of a warning (need.warning.<code>), or '' for codes this UI does not know. */
export const KNOWN_WARNINGS = ['names_solution', 'outcome_not_measurable', 'missing_evidence']
export function warningKey(w: Warning): string {
  return KNOWN_WARNINGS.includes(w.code) ? `need.warning.${w.code}` : ''
}

/** What to send for a form: on create, the non-empty values; on update, only what changed, with
 * cleared fields as null (the API clears a field set to null). Integers are parsed, list entries
 * trimmed and empty entries dropped. */
export function buildPayload(
  rules: Rules,
  values: Record<string, unknown>,
  original?: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [field, rule] of Object.entries(rules)) {
    let v = values[field]
    if (rule.kind === 'integer') v = isBlank(v) ? null : (parseInteger(v) ?? v)
    else if (rule.kind === 'list')
      v = Array.isArray(v) ? v.map((e) => String(e).trim()).filter((e) => e !== '') : []
    else if (typeof v === 'string') v = rule.kind === 'long_text' ? v.replace(/\s+$/, '') : v.trim()
    if (isBlank(v)) v = null
    if (!original) {
      if (v !== null) out[field] = v
      continue
    }
    const before = isBlank(original[field]) ? null : original[field]
    if (JSON.stringify(before) !== JSON.stringify(v)) out[field] = v
  }
  return out
}
