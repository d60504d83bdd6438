// Every message exists in both languages (recursively), renders, and uses the same placeholders;
// every value of every enumeration has a label.
import { describe, expect, it } from 'vitest'
import { createI18n } from 'vue-i18n'
import en from '../../src/i18n/en'
import zhCN from '../../src/i18n/zh-CN'
import { DEFAULT_LOCALE, initialLocale, messages } from '../../src/i18n'
import { ENUMS, TRL_LEVELS } from '../../src/lib/enums'
import { KNOWN_WARNINGS } from '../../src/lib/validation'

type Tree = { [k: string]: string | Tree }

/** Every leaf key path ("a.b.c") of a message tree. */
function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>()
  for (const [k, v] of Object.entries(tree)) {
    const p = prefix ? `${prefix}.${k}` : k
    if (typeof v === 'string') out.set(p, v)
    else if (v && typeof v === 'object') for (const [pk, pv] of leaves(v, p)) out.set(pk, pv)
    else out.set(p, String(v))
  }
  return out
}

const zh = leaves(zhCN as Tree)
const enLeaves = leaves(en as Tree)

/** Keys present in a but not in b; also where one side has a leaf and the other a subtree. */
function missing(a: Map<string, string>, b: Map<string, string>): string[] {
  return [...a.keys()].filter((k) => !b.has(k))
}

function placeholders(s: string): string[] {
  return [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort()
}

describe('i18n completeness', () => {
  it('has every zh-CN key in English', () => {
    expect(missing(zh, enLeaves)).toEqual([])
  })

  it('has every English key in zh-CN', () => {
    expect(missing(enLeaves, zh)).toEqual([])
  })

  it('has no empty messages', () => {
    const empty = [...zh, ...enLeaves].filter(([, v]) => typeof v !== 'string' || v.trim() === '').map(([k]) => k)
    expect(empty).toEqual([])
  })

  it('uses the same placeholders in both languages', () => {
    const differ = [...zh].filter(([k, v]) => enLeaves.has(k) && placeholders(v).join() !== placeholders(enLeaves.get(k)!).join())
    expect(differ.map(([k]) => k)).toEqual([])
  })

  it('detects a missing key (the check itself works)', () => {
    const a = leaves({ x: { y: 'a', z: 'b' } })
    const b = leaves({ x: { y: 'a' } })
    expect(missing(a, b)).toEqual(['x.z'])
  })

  it('renders every message in both languages without falling back', () => {
    const problems: string[] = []
    const i18n = createI18n({
      legacy: false,
      locale: 'zh-CN',
      messages,
      missing: (locale, key) => {
        problems.push(`${locale}: missing ${key}`)
      },
      fallbackWarn: false,
      missingWarn: false,
      warnHtmlMessage: false,
    })
    for (const locale of ['zh-CN', 'en'] as const) {
      i18n.global.locale.value = locale
      for (const [key, source] of locale === 'en' ? enLeaves : zh) {
        const params = Object.fromEntries(placeholders(source).map((p) => [p, `<${p}>`]))
        let out = ''
        try {
          out = i18n.global.t(key, params)
        } catch (e) {
          problems.push(`${locale}: ${key} does not compile: ${String(e)}`)
          continue
        }
        if (out === key) problems.push(`${locale}: ${key} rendered as its key`)
        for (const p of Object.keys(params)) if (!out.includes(`<${p}>`)) problems.push(`${locale}: ${key} lost {${p}}`)
      }
    }
    expect(problems).toEqual([])
  })
})

describe('labels of the API vocabularies', () => {
  for (const [name, values] of Object.entries(ENUMS)) {
    it(`labels every ${name} in both languages`, () => {
      const absent = values.flatMap((v) =>
        [zh, enLeaves].flatMap((m, i) => (m.has(`enum.${name}.${v}`) ? [] : [`${i ? 'en' : 'zh-CN'}: enum.${name}.${v}`])),
      )
      expect(absent).toEqual([])
    })
  }

  it('explains every TRL level in both languages', () => {
    for (const n of TRL_LEVELS)
      for (const m of [zh, enLeaves]) {
        expect(m.get(`trl.l${n}.title`)).toBeTruthy()
        expect(m.get(`trl.l${n}.text`)).toBeTruthy()
      }
  })

  it('words every need-statement warning the API sends', () => {
    for (const code of KNOWN_WARNINGS) for (const m of [zh, enLeaves]) expect(m.get(`need.warning.${code}`)).toBeTruthy()
  })
})

describe('need statement', () => {
  it('follows the Biodesign form in both languages', () => {
    expect(zh.get('need.statement')).toBe('一种在{population}中解决{problem}以实现{outcome}的方法。')
    expect(enLeaves.get('need.statement')).toBe('A way to {problem} in {population} in order to {outcome}.')
  })
})

describe('initial language', () => {
  it('is zh-CN unless English was chosen before', () => {
    expect(DEFAULT_LOCALE).toBe('zh-CN')
    expect(initialLocale(null)).toBe('zh-CN')
    expect(initialLocale('fr')).toBe('zh-CN')
    expect(initialLocale('en')).toBe('en')
  })
})

describe('keys used in the source', () => {
  it('exist in the messages (literal keys in t(...), keypath and i18n-key strings)', async () => {
    const fs = await import('node:fs')
    const path = await import('node:path')
    const root = path.resolve(__dirname, '../../src')
    const files: string[] = []
    const walk = (d: string) => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name)
        if (e.isDirectory()) walk(p)
        else if (/\.(vue|ts)$/.test(e.name) && !p.includes(`${path.sep}i18n${path.sep}`)) files.push(p)
      }
    }
    walk(root)
    const used = new Set<string>()
    const patterns = [
      /\bt\(\s*'([a-zA-Z][\w.-]*)'/g, // t('a.b')
      /keypath="([a-zA-Z][\w.-]*)"/g, // <Translation keypath="a.b">
      /\b(?:key|label|title): '([a-z]+\.[\w.-]+)'/g, // { key: 'errors.required' }, route titles, nav labels
    ]
    for (const f of files) {
      const text = fs.readFileSync(f, 'utf8')
      for (const re of patterns) for (const m of text.matchAll(re)) used.add(m[1]!)
    }
    expect(used.size).toBeGreaterThan(100)
    const unknown = [...used].filter((k) => !zh.has(k) || !enLeaves.has(k)).sort()
    expect(unknown).toEqual([])
  })
})
