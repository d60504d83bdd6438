// Small decisions of the import page: which format a file is, which kind a CSV holds.
import type { ImportReport } from '../api/types'

export const IMPORT_KINDS = ['needs', 'capabilities', 'organisations', 'people'] as const
export type ImportKind = (typeof IMPORT_KINDS)[number]

/** JSON when the name says so or the text starts with "{"; CSV otherwise. */
export function detectFormat(fileName: string, text: string): 'csv' | 'json' {
  if (/\.json$/i.test(fileName)) return 'json'
  if (/\.csv$/i.test(fileName)) return 'csv'
  return text.replace(/^\uFEFF/, '').trimStart().startsWith('{') ? 'json' : 'csv'
}

/** "needs-2026.csv" → "needs"; "机构.csv" → null (the user picks). */
export function guessKind(fileName: string): ImportKind | null {
  const n = fileName.toLowerCase()
  if (/need/.test(n)) return 'needs'
  if (/capabilit/.test(n)) return 'capabilities'
  if (/organi[sz]ation|\borgs?\b/.test(n)) return 'organisations'
  if (/people|person/.test(n)) return 'people'
  return null
}

export function rowTotal(r: Pick<ImportReport, 'rows'>): number {
  return Object.values(r.rows).reduce<number>((a, b) => a + (b ?? 0), 0)
}
