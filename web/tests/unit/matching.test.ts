// The pure helpers behind hit rendering: labels in the reader's language, weights, score widths,
// titles and links of each kind.
import { describe, expect, it } from 'vitest'
import {
  bridgeText,
  conceptLabel,
  formatWeight,
  hitLink,
  hitTitle,
  isEmptyWhy,
  readingAsWhy,
  scorePercent,
  splitLabels,
  textLength,
  topBridges,
} from '../../src/lib/matching'
import { AF, AF_PFA, CATHETER, PFA, capabilityHit, needHit } from './support/hits'
import type { Hit } from '../../src/api/types'

describe('concept labels', () => {
  it('follow the UI language and fall back to the other one', () => {
    expect(conceptLabel(AF, 'zh-CN')).toBe('房颤')
    expect(conceptLabel(AF, 'en')).toBe('atrial fibrillation')
    expect(conceptLabel({ ...AF, label_en: '' }, 'en')).toBe('房颤')
    expect(conceptLabel({ ...AF, label_zh: '', label_en: '' }, 'zh-CN')).toBe('atrial_fibrillation')
  })

  it('read a bridge as "from → to · weight"', () => {
    expect(bridgeText(AF_PFA, 'zh-CN')).toBe('房颤 → 脉冲电场消融 · 0.9')
    expect(bridgeText({ ...AF_PFA, weight: 0.853 }, 'en')).toBe('atrial fibrillation → pulsed field ablation · 0.85')
    expect(formatWeight(1)).toBe('1')
    expect(formatWeight(1.7)).toBe('1')
  })
})

describe('scores', () => {
  it('fill the bar in proportion to 0–3', () => {
    expect(scorePercent(0)).toBe(0)
    expect(scorePercent(1.5)).toBe(50)
    expect(scorePercent(3)).toBe(100)
    expect(scorePercent(4)).toBe(100)
    expect(scorePercent(Number.NaN)).toBe(0)
  })
})

describe('hits', () => {
  it('are titled by title or name, in the reader language for names', () => {
    expect(hitTitle(needHit(1), 'en')).toBe('房颤消融后复发率高 1')
    const org = { kind: 'organisation', record: { id: 9, name: '瑞金医院', name_en: 'Ruijin Hospital' } } as unknown as Hit
    expect(hitTitle(org, 'en')).toBe('Ruijin Hospital')
    expect(hitTitle(org, 'zh-CN')).toBe('瑞金医院')
    const teaser = { kind: 'capability', record: { id: 3, teaser: true } } as unknown as Hit
    expect(hitTitle(teaser, 'zh-CN')).toBe('#3')
  })

  it('link to the page of their kind; people have none', () => {
    expect(hitLink(needHit(4))).toBe('/needs/4')
    expect(hitLink(capabilityHit(5))).toBe('/capabilities/5')
    expect(hitLink({ kind: 'organisation', record: { id: 6 } } as unknown as Hit)).toBe('/organisations/6')
    expect(hitLink({ kind: 'person', record: { id: 7 } } as unknown as Hit)).toBe('/people/7')
  })
})

describe('readings', () => {
  it('show the strongest bridges first', () => {
    const weak = { from: AF, to: CATHETER, weight: 0.3 }
    expect(topBridges([weak, AF_PFA], 1)).toEqual([AF_PFA])
    const why = readingAsWhy({ concepts: [AF, PFA], bridges: [weak, AF_PFA] })
    expect(why.words).toEqual([])
    expect(why.bridges.map((b) => b.weight)).toEqual([0.9, 0.3])
    expect(isEmptyWhy(readingAsWhy(undefined))).toBe(true)
  })
})

describe('text', () => {
  it('is counted in code points', () => {
    expect(textLength(' 房颤复发 ')).toBe(4)
    expect(textLength('𠮷')).toBe(1)
  })

  it('labels are split on commas, 、 and semicolons', () => {
    expect(splitLabels('房颤、心房颤动， AF ;; ')).toEqual(['房颤', '心房颤动', 'AF'])
  })
})
