// @vitest-environment happy-dom
// The regulatory pathway page against a fake fetch: the device-fact form built from the schema
// the API sends, Classify (the facts sent; NMPA and EU MDR classes with the rules cited, decisive
// ones highlighted, missing facts), 400 and 422 refusals shown with their field, and Plan (the
// input sent, routes, programmes, one timeline bar per step).
import { afterEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h } from 'vue'
import PathwayView from '../../src/views/pathway/PathwayView.vue'
import { session } from '../../src/session'
import { CORONARY_STENT_FACTS } from '../../src/lib/pathway'
import { apiError, fakeFetch, flushPromises, json, mountWith } from './support/ui'
import { CLASSES, PLAN, SCHEMA } from './support/pathway'

vi.mock('../../src/components/EChart.vue', () => ({
  default: defineComponent({
    props: { option: { type: Object, required: true }, label: String, height: Number },
    setup(props) {
      return () => h('div', { 'data-test': 'chart', 'data-label': props.label, 'data-option': JSON.stringify(props.option) })
    },
  }),
}))

afterEach(() => {
  session.user = null
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
  document.body.innerHTML = ''
})

type Wrapper = Awaited<ReturnType<typeof mountWith>>['wrapper']

function pathwayApi(answers: { classify?: () => Response; plan?: () => Response } = {}) {
  return fakeFetch((m, url) => {
    if (m === 'GET' && url === '/api/v1/pathway/facts') return json(200, SCHEMA)
    if (m === 'POST' && url === '/api/v1/pathway/classify') return answers.classify ? answers.classify() : json(200, CLASSES)
    if (m === 'POST' && url === '/api/v1/pathway/plan') return answers.plan ? answers.plan() : json(200, PLAN)
  })
}

async function mountPage(locale: 'zh-CN' | 'en' = 'zh-CN') {
  session.user = { id: 3, tenant_id: 1, email: 'u@x.org', name: '柏文静', role: 'clinician', org_id: null }
  return mountWith(PathwayView, { path: '/pathway', locale })
}

const field = (w: Wrapper, name: string) => w.get(`[data-fact=${name}]`)

describe('PathwayView form', () => {
  it('builds one control per fact from the schema, in rule order', async () => {
    const f = pathwayApi()
    const { wrapper } = await mountPage('en')
    expect(f.of('GET', '/api/v1/pathway/facts')).toHaveLength(1)
    const names = wrapper.findAll('[data-fact]').map((e) => e.attributes('data-fact'))
    expect(names).toEqual(['active', 'body_contact', 'use_form', 'invasiveness', 'continuous_use_hours', 'body_sites', 'sterile', 'absorbable', 'drug_combination', 'ivd_reagent', 'delivers_medicinal_product', 'implant_kind'])

    const active = wrapper.get('[data-test=fact-active]').element as HTMLInputElement
    expect(active.type).toBe('checkbox')
    expect(active.indeterminate).toBe(true)
    expect(field(wrapper, 'active').text()).toContain('active device')

    const useForm = wrapper.get('[data-test=fact-use_form]').element as HTMLSelectElement
    expect(useForm.tagName).toBe('SELECT')
    expect(useForm.multiple).toBe(false)
    expect([...useForm.options].map((o) => [o.value, o.text.trim()])).toEqual([
      ['', 'Unknown'],
      ['invasive', 'passive, body contact: invasive device'],
      ['implant', 'passive, body contact: implant'],
    ])

    const sites = wrapper.get('[data-test=fact-body_sites]').element as HTMLSelectElement
    expect(sites.multiple).toBe(true)
    expect([...sites.options].map((o) => o.value)).toEqual(['intact_skin', 'central_circulation', 'heart'])

    const hours = wrapper.get('[data-test=fact-continuous_use_hours]').element as HTMLInputElement
    expect(hours.type).toBe('number')
    expect(hours.min).toBe('0')
  })

  it('labels the facts in Chinese by default', async () => {
    pathwayApi()
    const { wrapper } = await mountPage()
    expect(field(wrapper, 'sterile').text()).toContain('以无菌形式提供')
    expect(field(wrapper, 'use_form').text()).toContain('无源接触人体:植入器械')
  })
})

describe('Classify', () => {
  it('sends the answered facts and shows both classes with the rules cited', async () => {
    const f = pathwayApi()
    const { wrapper } = await mountPage()
    await wrapper.get('[data-test=fact-active]').setValue(true)
    await wrapper.get('[data-test=fact-active]').setValue(false)
    await wrapper.get('[data-test=fact-body_contact]').setValue(true)
    await wrapper.get('[data-test=fact-use_form]').setValue('implant')
    await wrapper.get('[data-test=fact-continuous_use_hours]').setValue('87600')
    await wrapper.get('[data-test=fact-body_sites]').setValue(['central_circulation', 'heart'])
    await wrapper.get('[data-test=fact-sterile]').setValue(true)
    await wrapper.get('[data-test=fact-sterile-clear]').trigger('click') // back to unknown
    await wrapper.get('[data-test=classify]').trigger('click')
    await flushPromises()

    const sent = f.of('POST', '/api/v1/pathway/classify')
    expect(sent).toHaveLength(1)
    expect(sent[0]!.body).toEqual({
      facts: { active: false, body_contact: true, use_form: 'implant', continuous_use_hours: 87600, body_sites: ['central_circulation', 'heart'] },
    })
    expect(sent[0]!.headers['X-CSRF-Token']).toBe('tok-test')

    const nmpa = wrapper.get('[data-test=class-nmpa]')
    const mdr = wrapper.get('[data-test=class-mdr]')
    expect(nmpa.get('[data-test=class-nmpa-value]').text()).toBe('III')
    expect(mdr.get('[data-test=class-mdr-value]').text()).toBe('IIb')
    expect(nmpa.findAll('[data-test=rule-id]').map((r) => r.text())).toEqual(['A1-6', '6(4)', '6(8)'])
    expect(nmpa.findAll('[data-test=rule][data-decisive=yes]').map((r) => r.attributes('data-rule'))).toEqual(['A1-6', '6(4)'])
    expect(nmpa.get('[data-rule="6(8)"]').attributes('data-decisive')).toBe('no')
    expect(nmpa.get('[data-rule="6(8)"]').find('[data-test=decisive]').exists()).toBe(false)
    expect(nmpa.get('[data-rule="6(8)"] [data-test=rule-text]').text()).toBe('以无菌形式提供的医疗器械,其分类应不低于第二类。')
    expect(mdr.get('[data-rule="Rule 8"]').classes()).toContain('decisive')
    const missing = mdr.findAll('[data-test=missing-fact]')
    expect(missing.map((m) => m.attributes('data-fact'))).toEqual(['body_sites'])
    expect(missing[0]!.text()).toContain('Rule 8 (heart, CCS, CNS)')
    expect(nmpa.find('[data-test=missing-nmpa-none]').exists()).toBe(true)
  })

  it('cites the rules in English when the page is in English', async () => {
    pathwayApi()
    const { wrapper } = await mountPage('en')
    await wrapper.get('[data-test=classify]').trigger('click')
    await flushPromises()
    expect(wrapper.get('[data-test=class-mdr] [data-rule="Rule 8"] [data-test=rule-text]').text()).toBe('All implantable devices are class IIb.')
    expect(wrapper.get('[data-test=class-nmpa] [data-test=principle]').text()).toContain('highest-risk')
  })

  it('loads the coronary stent example and sends exactly its facts', async () => {
    const f = pathwayApi()
    const { wrapper } = await mountPage()
    await wrapper.get('[data-test=load-example]').trigger('click')
    expect((wrapper.get('[data-test=fact-use_form]').element as HTMLSelectElement).value).toBe('implant')
    expect((wrapper.get('[data-test=fact-sterile]').element as HTMLInputElement).checked).toBe(true)
    expect(wrapper.get('[data-test=fact-absorbable-state]').text()).toBe('否')
    await wrapper.get('[data-test=pathway-form]').trigger('submit')
    await flushPromises()
    expect(f.of('POST', '/api/v1/pathway/classify')[0]!.body).toEqual({ facts: CORONARY_STENT_FACTS })
  })

  it('shows a 400 with its message and field, next to the fact it names', async () => {
    pathwayApi({ classify: () => apiError(400, 'invalid', 'the NMPA rules need use_form for this kind of device', 'facts.use_form') })
    const { wrapper } = await mountPage('en')
    await wrapper.get('[data-test=fact-active]').setValue(true)
    await wrapper.get('[data-test=classify]').trigger('click')
    await flushPromises()
    const banner = wrapper.get('[data-test=pathway-refusal]')
    expect(banner.attributes('data-status')).toBe('400')
    expect(banner.get('[data-test=refusal-message]').text()).toBe('the NMPA rules need use_form for this kind of device')
    expect(banner.get('[data-test=refusal-field]').text()).toBe('Field: facts.use_form')
    expect(field(wrapper, 'use_form').get('[data-test=field-error]').text()).toBe('the NMPA rules need use_form for this kind of device')
    expect(field(wrapper, 'use_form').classes()).toContain('invalid')
    expect(field(wrapper, 'active').find('[data-test=field-error]').exists()).toBe(false)
    expect(wrapper.find('[data-test=classification]').exists()).toBe(false)
  })

  it('says a 422 device is outside these rules', async () => {
    pathwayApi({ classify: () => apiError(422, 'unprocessable', 'IVD reagents are classified under their own rules', 'ivd_reagent') })
    const { wrapper } = await mountPage('en')
    await wrapper.get('[data-test=fact-ivd_reagent]').setValue(true)
    await wrapper.get('[data-test=classify]').trigger('click')
    await flushPromises()
    const banner = wrapper.get('[data-test=pathway-refusal]')
    expect(banner.attributes('data-status')).toBe('422')
    expect(banner.text()).toContain('Outside these rules:')
    expect(banner.text()).toContain('IVD reagents are classified under their own rules')
    expect(field(wrapper, 'ivd_reagent').get('[data-test=field-error]').text()).toContain('IVD reagents')
  })
})

describe('Plan', () => {
  it('sends facts and options and shows routes, programmes and one timeline bar per step', async () => {
    const f = pathwayApi()
    const { wrapper } = await mountPage('en')
    await wrapper.get('[data-test=fact-body_contact]').setValue(true)
    await wrapper.get('[data-test=market-EU]').setValue(true)
    await wrapper.get('[data-test=plan-region]').setValue('beijing')
    await wrapper.get('[data-test=plan-novel]').setValue(true)
    await wrapper.get('[data-test=plan-patent_status]').setValue('granted')
    await wrapper.get('[data-test=plan-patent_grant_date]').setValue('2022-09-01')
    await wrapper.get('[data-test=plan-prototype_finalized]').setValue(true)
    await wrapper.get('[data-test=ground-rare_disease]').setValue(true)
    await wrapper.get('[data-test=plan]').trigger('click')
    await flushPromises()

    expect(f.of('POST', '/api/v1/pathway/plan')[0]!.body).toEqual({
      facts: { body_contact: true },
      markets: ['CN', 'EU'],
      domestic: true,
      apply_innovation: false,
      region: 'beijing',
      novel: true,
      patent_status: 'granted',
      patent_grant_date: '2022-09-01',
      prototype_finalized: true,
      priority_grounds: ['rare_disease'],
    })

    const cn = wrapper.get('[data-test=route-CN]')
    expect(cn.get('[data-test=route-name]').text()).toBe('class III registration')
    expect(cn.get('[data-test=route-total]').text()).toBe('153–306 working days')
    expect(cn.findAll('[data-test=step-days]').map((s) => s.text())).toEqual(['63–126 working days', '30 working days', '90–150 working days'])
    expect(cn.get('[data-step=cn_clinical_trial_approval] [data-test=step-conditional]').text()).toBe('Only if an unknown input turns out so')
    expect(cn.get('[data-step=cn_clinical_trial_approval] [data-test=step-override]').text()).toContain('beijing_2025_trial_review_30wd')

    for (const r of PLAN.routes) {
      const chart = wrapper.get(`[data-test=chart-${r.market}] [data-test=chart]`)
      const o = JSON.parse(chart.attributes('data-option')!) as { yAxis: { data: string[] }; series: { data: unknown[] }[] }
      expect(o.yAxis.data).toEqual([...r.steps.map((s) => s.name.en), 'Total'])
      for (const s of o.series) expect(s.data).toHaveLength(r.steps.length + 1)
      const last = o.series[1]!.data.at(-1) as { value: number }
      expect(last.value).toBe(r.total_working_days[0])
    }

    expect(wrapper.get('[data-test=program-innovation] [data-test=program-eligible]').text()).toBe('Eligible: Yes')
    expect(wrapper.get('[data-test=program-priority] [data-test=program-eligible]').text()).toBe('Eligible: Unknown')
    expect(wrapper.get('[data-test=program-priority] [data-test=program-reason]').text()).toBe('undecided: priority_grounds is not known')
    expect(wrapper.get('[data-test=criterion-rare_disease]').text()).toContain('priority_grounds, clear_clinical_advantage')
    // The plan's classification shows too.
    expect(wrapper.get('[data-test=class-mdr-value]').text()).toBe('IIb')
  })

  it('shows a 400 on an option next to it', async () => {
    pathwayApi({ plan: () => apiError(400, 'invalid', 'name at least one market', 'markets') })
    const { wrapper } = await mountPage('en')
    await wrapper.get('[data-test=market-CN]').setValue(false)
    await wrapper.get('[data-test=plan]').trigger('click')
    await flushPromises()
    expect(wrapper.get('[data-test=refusal-field]').text()).toBe('Field: markets')
    expect(wrapper.get('[data-field=plan-markets] [data-test=field-error]').text()).toBe('name at least one market')
    expect(wrapper.find('[data-test=plan-result]').exists()).toBe(false)
  })
})
