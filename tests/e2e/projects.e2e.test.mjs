// Browser test of the portfolio on the demo data: an operator records gate decisions on a demo
// project (a go the gate does not meet is refused with what is unmet, then a go that passes), the
// timeline shows them, and the KPI dashboard, the printable report and the network draw.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { DESKTOP, USERS, apiAs, launchBrowser, newPage, settle, shot, signIn, startServer } from './harness.mjs'

let server
let browser
const contexts = []

before(async () => {
  server = await startServer()
  browser = await launchBrowser()
})

after(async () => {
  for (const c of contexts) await c.close().catch(() => {})
  await browser?.close().catch(() => {})
  await server?.stop()
})

function unexpectedErrors(page) {
  return page.errors.filter((e) => !/status of 401/.test(e) && !/status of 422/.test(e))
}

const T = { timeout: 180_000 }

test('a gate refuses a go that is not met, then passes; KPIs, report and network draw', T, async () => {
  const { context, page } = await newPage(browser, server.url, DESKTOP)
  contexts.push(context)
  await signIn(page, USERS.operator)
  const api = await apiAs(server.url, USERS.operator)
  const project = (await api.get('/api/v1/projects?stage=0&state=active')).json.items[0]
  assert.ok(project, 'the demo has a project at stage 0')

  await page.goto('/projects')
  await page.locator(`a[href="/projects/${project.id}"]`).first().click()
  await page.waitForURL(new RegExp(`/projects/${project.id}$`))
  await page.locator('[data-test=gate-panel]').waitFor()
  assert.equal(await page.locator('[data-test=stage-progress]').first().getAttribute('data-stage'), '0')

  // A go with nothing confirmed: refused, and the panel lists what is unmet.
  await page.locator('[data-test=gate-go]').check()
  await page.locator('[data-test=gate-reasons]').fill('评审会：需求已验证？')
  await page.locator('[data-test=gate-send]').click()
  await page.locator('[data-test=gate-unmet] [data-test=unmet-item]').first().waitFor()
  await shot(page, 'gate-refused')

  // Confirm every criterion and the maturity the gate asks: the project moves to stage 1.
  for (const box of await page.locator('[data-test^=criterion-]').all()) await box.check()
  await page.locator('[data-test=gate-maturity-clinical]').fill('2')
  await page.locator('[data-test=gate-go]').check()
  await page.locator('[data-test=gate-send]').click()
  await page.locator('[data-test=stage-progress][data-stage="1"]').first().waitFor()
  assert.equal((await api.get(`/api/v1/projects/${project.id}`)).json.stage, 1)
  const timeline = (await api.get(`/api/v1/projects/${project.id}/timeline`)).json.items
  assert.equal(timeline.at(-1).kind, 'gate')
  assert.equal(timeline.at(-1).detail.decision, 'go')
  await shot(page, 'gate-passed')
  assert.deepEqual(unexpectedErrors(page), [])

  // The KPI dashboard draws its charts, the report prints the same numbers, the network draws.
  await page.goto('/kpis')
  await page.locator('[data-test^=chart-] canvas').first().waitFor()
  await settle(page)
  await shot(page, 'kpis')
  const kpis = (await api.get('/api/v1/kpis')).json
  assert.ok(kpis.funnel[0].reached >= kpis.funnel[1].reached)
  await page.locator('[data-test=network-link]').click()
  await page.waitForURL(/\/network$/)
  await page.locator('canvas').first().waitFor()
  await settle(page)
  await shot(page, 'network')
  await page.goto('/kpis/report')
  await page.locator('main h1').first().waitFor()
  await settle(page)
  await shot(page, 'kpi-report')
  assert.deepEqual(unexpectedErrors(page), [])
})
