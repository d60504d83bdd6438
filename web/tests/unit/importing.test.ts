import { describe, expect, it } from 'vitest'
import { detectFormat, guessKind, rowTotal } from '../../src/lib/importing'
import { slices } from '../../src/lib/charts'

describe('import helpers', () => {
  it('detect the format from the name, else the content', () => {
    expect(detectFormat('needs.csv', '{')).toBe('csv')
    expect(detectFormat('all.JSON', 'a,b')).toBe('json')
    expect(detectFormat('upload', '\uFEFF  {"needs": []}')).toBe('json')
    expect(detectFormat('upload', 'title,problem')).toBe('csv')
  })
  it('guess the kind of a CSV from its name', () => {
    expect(guessKind('needs-2026.csv')).toBe('needs')
    expect(guessKind('Capabilities.csv')).toBe('capabilities')
    expect(guessKind('organizations.csv')).toBe('organisations')
    expect(guessKind('people.csv')).toBe('people')
    expect(guessKind('数据.csv')).toBeNull()
  })
  it('count rows over kinds', () => {
    expect(rowTotal({ rows: { needs: 2, people: 3 } })).toBe(5)
    expect(rowTotal({ rows: {} })).toBe(0)
  })
})

describe('dashboard slices', () => {
  it('follow the enumeration order, drop zeros, keep unknown keys', () => {
    const s = slices({ open: 3, draft: 1, closed: 0, future: 2 }, ['draft', 'open', 'closed'], (k) => k.toUpperCase())
    expect(s).toEqual([
      { key: 'draft', label: 'DRAFT', value: 1 },
      { key: 'open', label: 'OPEN', value: 3 },
      { key: 'future', label: 'FUTURE', value: 2 },
    ])
  })
  it('keep zeros on a TRL axis', () => {
    expect(slices({ '9': 4 }, [1, 2, 9], String, true).map((x) => x.value)).toEqual([0, 0, 4])
  })
  it('are empty without data', () => {
    expect(slices(undefined, ['a'], String)).toEqual([])
  })
})
