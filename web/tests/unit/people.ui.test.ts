// @vitest-environment happy-dom
// The people directory against a fake fetch: the list (filters from the URL, links, paging), a
// person's page (fields, organisation link, tier; 404), and person hits linking to that page.
import { afterEach, describe, expect, it, vi } from 'vitest'
import PeopleList from '../../src/views/PeopleList.vue'
import PersonDetail from '../../src/views/PersonDetail.vue'
import MatchHit from '../../src/components/MatchHit.vue'
import type { Hit, Person } from '../../src/api/types'
import { apiError, fakeFetch, flushPromises, json, mountWith } from './support/ui'

afterEach(() => {
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

function person(id: number, over: Partial<Person> = {}): Person {
  return {
    id,
    kind: 'person',
    tenant_id: 1,
    tier: 'public',
    org_id: 55,
    teaser: false,
    can_edit: false,
    version: 1,
    created_at: '2026-01-01T00:00:00Z',
    updated_at: '2026-01-01T00:00:00Z',
    name: `盛媛${id}`,
    name_en: `Sheng Yuan ${id}`,
    title: '纺织学院副教授',
    discipline: 'scientist',
    expertise: ['静电纺丝', '人工血管'],
    email: `p${id}@x.org`,
    ...over,
  }
}

describe('PeopleList', () => {
  it('lists people with links, filtered by the URL, and pages on', async () => {
    const f = fakeFetch((m, url) => {
      if (m === 'GET' && url.startsWith('/api/v1/people?') && url.includes('cursor=')) return json(200, { items: [person(3)], next_cursor: null })
      if (m === 'GET' && url.startsWith('/api/v1/people?')) return json(200, { items: [person(1), person(2, { tier: 'consortium' })], next_cursor: 'r2' })
    })
    const { wrapper } = await mountWith(PeopleList, { path: '/people?q=纺织&org_id=55' })
    expect(f.of('GET', '/api/v1/people')[0]!.url).toBe('/api/v1/people?q=纺织&org_id=55&limit=30')
    const results = wrapper.findAll('[data-test=result]')
    expect(results).toHaveLength(2)
    const link = results[0]!.get('a.result-title')
    expect(link.text()).toBe('盛媛1')
    expect(link.attributes('href')).toBe('/people/1')
    expect(results[0]!.text()).toContain('纺织学院副教授')
    expect(results[0]!.text()).toContain('静电纺丝')
    expect(results[1]!.get('[data-test=tier]').classes()).toContain('tier-consortium')
    expect(results[0]!.get('a[href="/organisations/55"]').text()).toBe('机构55')
    // The organisation filter shows the chosen organisation.
    expect(wrapper.get('[data-test=people-org]').text()).toContain('机构55')
    await wrapper.get('[data-test=load-more]').trigger('click')
    await flushPromises()
    expect(f.of('GET', '/api/v1/people').at(-1)!.url).toBe('/api/v1/people?q=纺织&org_id=55&limit=30&cursor=r2')
    expect(wrapper.findAll('[data-test=result]')).toHaveLength(3)
    expect(wrapper.find('[data-test=load-more]').exists()).toBe(false)
  })

  it('clears the organisation filter from the URL', async () => {
    fakeFetch((m, url) => (m === 'GET' && url.startsWith('/api/v1/people?') ? json(200, { items: [], next_cursor: null }) : undefined))
    const { wrapper, router } = await mountWith(PeopleList, { path: '/people?org_id=55', locale: 'en' })
    expect(wrapper.text()).toContain('Nothing found.')
    const clear = wrapper.get('[data-test=people-org]').findAll('button').find((b) => b.text() === 'Clear')!
    await clear.trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.query).toEqual({})
  })
})

describe('PersonDetail', () => {
  const routes = [
    { path: '/people/:id', component: PersonDetail },
    { path: '/:any(.*)*', component: { template: '<div />' } },
  ]

  it("shows the person's fields, organisation link and tier", async () => {
    fakeFetch((m, url) => (m === 'GET' && url === '/api/v1/people/58' ? json(200, person(58)) : undefined))
    const { wrapper } = await mountWith(PersonDetail, { path: '/people/58', routes, locale: 'en' })
    expect(wrapper.get('[data-test=record-title]').text()).toBe('Sheng Yuan 58')
    expect(wrapper.text()).toContain('盛媛58')
    expect(wrapper.get('[data-test=person-title]').text()).toBe('纺织学院副教授')
    expect(wrapper.get('[data-test=person-org] a').attributes('href')).toBe('/organisations/55')
    expect(wrapper.get('[data-test=person-email]').attributes('href')).toBe('mailto:p58@x.org')
    expect(wrapper.get('[data-test=tier]').text()).toBe('Public')
    expect(wrapper.get('[data-test=person-expertise]').text()).toContain('人工血管')
    expect(wrapper.text()).toContain('Scientist')
  })

  it('says so when the person does not exist', async () => {
    fakeFetch((m, url) => (m === 'GET' && url === '/api/v1/people/9' ? apiError(404, 'not_found', 'no person 9') : undefined))
    const { wrapper } = await mountWith(PersonDetail, { path: '/people/9', routes })
    expect(wrapper.find('[data-test=not-found]').exists()).toBe(true)
    expect(wrapper.find('[data-test=record-title]').exists()).toBe(false)
    expect(wrapper.find('[data-test=error]').exists()).toBe(false)
  })
})

describe('MatchHit for a person', () => {
  it('links to the person page', async () => {
    fakeFetch(() => undefined)
    const hit: Hit = { kind: 'person', record: person(9), score: 1.2, why: { words: ['纺织'], concepts: [], bridges: [] } }
    const { wrapper } = await mountWith(MatchHit, { props: { hit } })
    const title = wrapper.get('[data-test=hit-title]')
    expect(title.element.tagName).toBe('A')
    expect(title.attributes('href')).toBe('/people/9')
    expect(title.text()).toBe('盛媛9')
  })
})
