// @vitest-environment happy-dom
// The matching UI rendered against a fake fetch: why-chips in both languages, a need's match list
// (tabs, paging, state changes and their refusal), a capability's needs, similar needs while a
// need is written (debounced), the search page (query from the URL) and the thesaurus forms.
import { afterEach, describe, expect, it, vi } from 'vitest'
import WhyChips from '../../src/components/WhyChips.vue'
import MatchesPanel from '../../src/components/MatchesPanel.vue'
import SimilarNeeds from '../../src/components/SimilarNeeds.vue'
import SearchView from '../../src/views/SearchView.vue'
import BridgeView from '../../src/views/BridgeView.vue'
import { apiError, fakeFetch, flushPromises, json, mountWith } from './support/ui'
import { AF, AF_PFA, CATHETER, capabilityHit, needHit, page } from './support/hits'

afterEach(() => {
  vi.useRealTimers()
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

describe('WhyChips', () => {
  const why = { words: ['消融', 'ablation'], concepts: [CATHETER], bridges: [AF_PFA] }

  it('labels concepts and bridges in Chinese', async () => {
    const { wrapper } = await mountWith(WhyChips, { props: { why } })
    expect(wrapper.findAll('[data-test=why-word]').map((w) => w.text())).toEqual(['消融', 'ablation'])
    expect(wrapper.get('[data-test=why-concept]').text()).toBe('导管')
    const bridge = wrapper.get('[data-test=why-bridge]')
    expect(bridge.text()).toContain('房颤 → 脉冲电场消融 · 0.9')
    expect(bridge.attributes('title')).toContain('需求中的临床概念 → 此记录中的工程概念')
  })

  it('labels concepts and bridges in English', async () => {
    const { wrapper } = await mountWith(WhyChips, { props: { why }, locale: 'en' })
    expect(wrapper.get('[data-test=why-concept]').text()).toBe('catheter')
    const bridge = wrapper.get('[data-test=why-bridge]')
    expect(bridge.text()).toContain('atrial fibrillation → pulsed field ablation · 0.9')
    expect(bridge.attributes('title')).toContain('Clinical concept in the need → engineering concept in this record')
  })

  it('shows nothing when there is no reason', async () => {
    const { wrapper } = await mountWith(WhyChips, { props: { why: { words: [], concepts: [], bridges: [] } } })
    expect(wrapper.find('[data-test=why]').exists()).toBe(false)
  })
})

describe('MatchesPanel on a need', () => {
  it('lists capability matches with the reading, TRL, score and a lock on teasers', async () => {
    const teaser = capabilityHit(43, {}, { tier: 'nda', teaser: true, title: '保密的标测系统', description: undefined, trl: undefined })
    const f = fakeFetch((_m, url) => (url.startsWith('/api/v1/needs/7/matches') ? json(200, page([capabilityHit(42), teaser])) : undefined))
    const { wrapper } = await mountWith(MatchesPanel, { props: { from: 'needs', id: 7 } })
    expect(f.of('GET', '/api/v1/needs/7/matches').map((c) => c.url)).toEqual(['/api/v1/needs/7/matches?kind=capability&limit=10&offset=0'])
    const hits = wrapper.findAll('[data-test=match-hit]')
    expect(hits).toHaveLength(2)
    expect(hits[0]!.get('[data-test=hit-title]').attributes('href')).toBe('/capabilities/42')
    expect(hits[0]!.text()).toContain('TRL 6')
    expect(hits[0]!.get('[data-test=hit-score]').text()).toContain('1.50')
    expect(hits[0]!.get('.score-bar i').attributes('style')).toContain('width: 50%')
    expect(hits[0]!.find('[data-test=teaser]').exists()).toBe(false)
    expect(hits[1]!.classes()).toContain('is-teaser')
    expect(hits[1]!.find('[data-test=teaser]').exists()).toBe(true)
    expect(hits[1]!.find('[data-test=tier] svg').exists()).toBe(true)
    const reading = wrapper.get('[data-test=reading]')
    expect(reading.text()).toContain('系统如何理解此需求')
    expect(reading.get('[data-test=why-concept]').text()).toBe(AF.label_zh)
    expect(reading.get('[data-test=why-bridge]').text()).toContain('房颤 → 脉冲电场消融 · 0.9')
  })

  it('moves a match to "contacted" with a PUT and shows the new state', async () => {
    const f = fakeFetch((m, url, body) => {
      if (m === 'GET' && url.startsWith('/api/v1/needs/7/matches')) return json(200, page([capabilityHit(42)]))
      if (m === 'PUT')
        return json(200, { need_id: 7, kind: 'capability', target_id: 42, state: (body as { state: string }).state, updated_at: '2026-02-01T00:00:00Z', updated_by: 3 })
    })
    const { wrapper } = await mountWith(MatchesPanel, { props: { from: 'needs', id: 7 } })
    const select = wrapper.get<HTMLSelectElement>('[data-test=match-state]')
    expect(select.element.value).toBe('suggested')
    await select.setValue('contacted')
    await flushPromises()
    const puts = f.of('PUT', '/')
    expect(puts).toHaveLength(1)
    expect(puts[0]!.url).toBe('/api/v1/needs/7/matches/capability/42')
    expect(puts[0]!.body).toEqual({ state: 'contacted' })
    expect(puts[0]!.headers['X-CSRF-Token']).toBe('tok-test')
    expect(wrapper.get<HTMLSelectElement>('[data-test=match-state]').element.value).toBe('contacted')
    expect(wrapper.get('[data-test=match-state]').classes()).toContain('state-contacted')
    expect(wrapper.find('[data-test=error]').exists()).toBe(false)
  })

  it('shows the error banner when the change is refused, and keeps the old state', async () => {
    fakeFetch((m, url) => {
      if (m === 'GET' && url.startsWith('/api/v1/needs/7/matches')) return json(200, page([capabilityHit(42)]))
      if (m === 'PUT') return apiError(403, 'forbidden', 'only the need owner may change a match')
    })
    const { wrapper } = await mountWith(MatchesPanel, { props: { from: 'needs', id: 7 }, locale: 'en' })
    await wrapper.get('[data-test=match-state]').setValue('accepted')
    await flushPromises()
    expect(wrapper.get('[data-test=error]').text()).toContain('only the need owner may change a match')
    expect(wrapper.get<HTMLSelectElement>('[data-test=match-state]').element.value).toBe('suggested')
  })

  it('switches tabs, pages with "more", and says when there is nothing', async () => {
    const f = fakeFetch((_m, url) => {
      if (url.includes('kind=capability&limit=10&offset=0')) return json(200, page(Array.from({ length: 10 }, (_, i) => capabilityHit(100 + i)), 12))
      if (url.includes('kind=capability&limit=10&offset=10')) return json(200, page([capabilityHit(110), capabilityHit(111)], 12))
      if (url.includes('kind=person')) return json(200, { items: [], total: 0, query: { concepts: [], bridges: [] } })
    })
    const { wrapper } = await mountWith(MatchesPanel, { props: { from: 'needs', id: 7 } })
    expect(wrapper.findAll('[data-test=match-hit]')).toHaveLength(10)
    await wrapper.get('[data-test=match-more]').trigger('click')
    await flushPromises()
    expect(wrapper.findAll('[data-test=match-hit]')).toHaveLength(12)
    expect(wrapper.find('[data-test=match-more]').exists()).toBe(false)
    await wrapper.get('[data-test=match-tab-person]').trigger('click')
    await flushPromises()
    expect(f.of('GET', '/api/v1/needs/7/matches').at(-1)!.url).toContain('kind=person&limit=10&offset=0')
    expect(wrapper.get('[data-test=match-tab-person]').attributes('aria-selected')).toBe('true')
    expect(wrapper.findAll('[data-test=match-hit]')).toHaveLength(0)
    expect(wrapper.get('[data-test=no-matches]').text()).toBe('暂无与此需求匹配的人员。')
  })

  it('shows a loading line, then a failure in the banner', async () => {
    let fail: (r: Response) => void = () => {}
    fakeFetch(() => new Promise<Response>((resolve) => (fail = resolve)) as unknown as Response)
    const { wrapper } = await mountWith(MatchesPanel, { props: { from: 'needs', id: 7 } })
    expect(wrapper.find('[data-test=match-loading]').exists()).toBe(true)
    fail(apiError(503, 'unavailable', 'the index is rebuilding'))
    await flushPromises()
    expect(wrapper.find('[data-test=match-loading]').exists()).toBe(false)
    expect(wrapper.get('[data-test=error]').text()).toContain('the index is rebuilding')
  })
})

describe('MatchesPanel on a capability', () => {
  it('lists the needs it could answer, without a state control', async () => {
    const f = fakeFetch((_m, url) => (url.startsWith('/api/v1/capabilities/3/matches') ? json(200, page([needHit(8)])) : undefined))
    const { wrapper } = await mountWith(MatchesPanel, { props: { from: 'capabilities', id: 3 }, locale: 'en' })
    expect(f.of('GET', '/api/v1/capabilities/3/matches')[0]!.url).toBe('/api/v1/capabilities/3/matches?limit=10&offset=0')
    expect(wrapper.get('h2').text()).toBe('Needs this could answer')
    expect(wrapper.find('[role=tablist]').exists()).toBe(false)
    const hit = wrapper.get('[data-test=match-hit]')
    expect(hit.get('[data-test=hit-title]').attributes('href')).toBe('/needs/8')
    expect(hit.find('[data-test=match-state]').exists()).toBe(false)
    expect(hit.get('[data-test=why-concept]').text()).toBe('atrial fibrillation')
  })
})

describe('SimilarNeeds', () => {
  const props = { title: '', problem: '', population: '', outcome: '' }

  it('asks once, 600 ms after the typing stops, when title and problem are long enough', async () => {
    vi.useFakeTimers()
    const f = fakeFetch((m, url) => (m === 'POST' && url === '/api/v1/needs/similar' ? json(200, { items: [needHit(8)] }) : undefined))
    const { wrapper } = await mountWith(SimilarNeeds, { props })
    await wrapper.setProps({ title: '房颤消融' }) // too short: nothing is asked
    await wrapper.setProps({ title: '房颤消融术后复发率高', problem: '房颤' })
    vi.advanceTimersByTime(1000)
    expect(f.of('POST', '/api/v1/needs/similar')).toHaveLength(0)
    await wrapper.setProps({ problem: '房颤导管消融术后一年' })
    vi.advanceTimersByTime(300)
    await wrapper.setProps({ problem: '房颤导管消融术后一年复发' })
    vi.advanceTimersByTime(599)
    expect(f.of('POST', '/api/v1/needs/similar')).toHaveLength(0)
    vi.advanceTimersByTime(1)
    await flushPromises()
    const posts = f.of('POST', '/api/v1/needs/similar')
    expect(posts).toHaveLength(1)
    expect(posts[0]!.body).toEqual({ title: '房颤消融术后复发率高', problem: '房颤导管消融术后一年复发', population: '', outcome: '' })
    const section = wrapper.get('[data-test=similar-needs]')
    expect(section.text()).toContain('已有相似需求')
    expect(section.get('[data-test=hit-title]').attributes('href')).toBe('/needs/8')
    expect(section.get('[data-test=hit-title]').attributes('target')).toBe('_blank')
    expect(section.get('[data-test=why-bridge]').text()).toContain('房颤 → 脉冲电场消融')
    // The same text is not asked again.
    await wrapper.setProps({ population: '' })
    vi.advanceTimersByTime(700)
    expect(f.of('POST', '/api/v1/needs/similar')).toHaveLength(1)
  })

  it('shows nothing when the look-up fails', async () => {
    vi.useFakeTimers()
    fakeFetch(() => apiError(500, 'internal', 'boom'))
    const { wrapper } = await mountWith(SimilarNeeds, { props })
    await wrapper.setProps({ title: '房颤消融术后复发率高', problem: '房颤导管消融术后一年复发' })
    vi.advanceTimersByTime(600)
    await flushPromises()
    expect(wrapper.find('[data-test=similar-needs]').exists()).toBe(false)
    expect(wrapper.find('[data-test=error]').exists()).toBe(false)
  })
})

describe('SearchView', () => {
  const routes = [{ path: '/search', component: SearchView }, { path: '/:any(.*)*', component: { template: '<div />' } }]

  it('reads q and kind from the route, shows hits of every kind and the reading', async () => {
    const f = fakeFetch((_m, url) =>
      url.startsWith('/api/v1/search') ? json(200, page(url.includes('kind=') ? [capabilityHit(42)] : [needHit(8), capabilityHit(42)], 2)) : undefined,
    )
    const { wrapper, router } = await mountWith({ template: '<RouterView />' }, { path: '/search?q=房颤&kind=capability', routes })
    expect(f.of('GET', '/api/v1/search')[0]!.url).toBe('/api/v1/search?q=房颤&kind=capability&limit=20&offset=0')
    expect(wrapper.get<HTMLInputElement>('[data-test=search-q]').element.value).toBe('房颤')
    expect(wrapper.get('[data-test=search-kind-capability]').attributes('aria-pressed')).toBe('true')
    expect(wrapper.get('[data-test=reading]').text()).toContain('系统如何理解您的搜索')
    expect(wrapper.findAll('[data-test=match-hit]')).toHaveLength(1)
    expect(wrapper.get('[data-test=hit-kind]').text()).toBe('技术能力')

    await wrapper.get('[data-test=search-kind-all]').trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.fullPath).toBe(`/search?q=${encodeURIComponent('房颤')}`)
    expect(f.of('GET', '/api/v1/search').at(-1)!.url).toBe('/api/v1/search?q=房颤&limit=20&offset=0')
    expect(wrapper.findAll('[data-test=hit-kind]').map((k) => k.text())).toEqual(['需求', '技术能力'])
  })

  it('shows the API message for text it refuses', async () => {
    fakeFetch((_m, url) => (url.startsWith('/api/v1/search') ? apiError(400, 'invalid', 'the query has no searchable words', 'q') : undefined))
    const { wrapper } = await mountWith({ template: '<RouterView />' }, { path: '/search?q=%3F%3F', routes, locale: 'en' })
    expect(wrapper.get('[data-test=error]').text()).toContain('the query has no searchable words')
    expect(wrapper.find('[data-test=no-results]').exists()).toBe(false)
  })

  it('asks nothing without a query', async () => {
    const f = fakeFetch(() => undefined)
    const { wrapper } = await mountWith({ template: '<RouterView />' }, { path: '/search', routes })
    expect(f.of('GET', '/api/v1/search')).toHaveLength(0)
    expect(wrapper.find('[data-test=search-prompt]').exists()).toBe(true)
  })
})

describe('BridgeView', () => {
  const concepts = {
    items: [
      { id: 'atrial_fibrillation', kind: 'disease', domain: 'clinical', zh: ['房颤', '心房颤动'], en: ['atrial fibrillation'], links: 3 },
      { id: 'pulsed_field_ablation', kind: 'technology', domain: 'engineering', zh: ['脉冲电场消融'], en: ['pulsed field ablation'], links: 1 },
    ],
    total: 2,
    version: '2026.1',
  }

  it('lists concepts with labels and link counts', async () => {
    fakeFetch((m, url) => (m === 'GET' && url.startsWith('/api/v1/bridge/concepts') ? json(200, concepts) : undefined))
    const { wrapper } = await mountWith(BridgeView)
    const rows = wrapper.findAll('[data-test=bridge-concept]')
    expect(rows).toHaveLength(2)
    expect(rows[0]!.text()).toContain('房颤、心房颤动')
    expect(rows[0]!.findAll('td').at(-1)!.text()).toBe('3')
    expect(wrapper.get('[data-test=bridge-version]').text()).toBe('版本 2026.1')
  })

  it('checks a link before sending it, then shows the API field error by its field', async () => {
    const f = fakeFetch((m, url) => {
      if (m === 'GET') return json(200, concepts)
      if (m === 'POST' && url === '/api/v1/bridge/links') return apiError(400, 'invalid', 'unknown concept: pfa', 'to')
    })
    const { wrapper } = await mountWith(BridgeView, { locale: 'en' })
    const form = wrapper.get('[data-test=bridge-link-form]')
    await form.get('#bl-from').setValue('atrial_fibrillation')
    await form.get('#bl-to').setValue('pfa')
    await form.get('#bl-weight').setValue('1.5')
    await form.trigger('submit')
    expect(form.get('[data-field=bl-weight] [data-test=field-error]').text()).toBe('The weight must be a number from 0 to 1.')
    expect(f.of('POST', '/api/v1/bridge/links')).toHaveLength(0)
    await form.get('#bl-weight').setValue('0.8')
    await form.trigger('submit')
    await flushPromises()
    expect(f.of('POST', '/api/v1/bridge/links')[0]!.body).toEqual({ from: 'atrial_fibrillation', to: 'pfa', weight: 0.8 })
    expect(form.get('[data-field=bl-to] [data-test=field-error]').text()).toContain('unknown concept: pfa')
  })

  it('adds a concept with its labels split into lists', async () => {
    const f = fakeFetch((m, url) => {
      if (m === 'GET') return json(200, concepts)
      if (m === 'POST' && url === '/api/v1/bridge/concepts') return json(201, { id: 'cryoablation', kind: 'technology', domain: 'engineering', zh: ['冷冻消融'], en: [], links: 0 })
    })
    const { wrapper } = await mountWith(BridgeView)
    const form = wrapper.get('[data-test=bridge-concept-form]')
    await form.trigger('submit')
    expect(form.findAll('[data-test=field-error]').length).toBeGreaterThanOrEqual(2)
    await form.get('#bc-id').setValue('cryoablation')
    await form.get('#bc-kind').setValue('technology')
    await form.get('#bc-zh').setValue('冷冻消融、冷冻球囊消融')
    await form.trigger('submit')
    await flushPromises()
    expect(f.of('POST', '/api/v1/bridge/concepts')[0]!.body).toEqual({ id: 'cryoablation', kind: 'technology', zh: ['冷冻消融', '冷冻球囊消融'], en: [] })
    expect(wrapper.get('[data-test=concept-added]').text()).toContain('cryoablation')
    expect(f.of('GET', '/api/v1/bridge/concepts')).toHaveLength(2)
  })
})
