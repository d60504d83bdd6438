// Browser tests of the web UI: real Chromium (Debian's) against a real `yigong serve` on a fresh
// SQLite database loaded with the demo data. Run: cd web && npm run e2e (needs web/dist and the
// yigong binary; YIGONG_BIN overrides build/ci/yigong). Screenshots: build/e2e-screenshots/.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import {
  DESKTOP,
  PHONE,
  USERS,
  apiAs,
  launchBrowser,
  newPage,
  resetScreenshots,
  settle,
  shot,
  signIn,
  startServer,
} from './harness.mjs'

let server
let browser
const contexts = []

before(async () => {
  resetScreenshots()
  server = await startServer()
  browser = await launchBrowser()
})

after(async () => {
  for (const c of contexts) await c.close().catch(() => {})
  await browser?.close().catch(() => {})
  await server?.stop()
})

async function open(viewport = DESKTOP) {
  const { context, page } = await newPage(browser, server.url, viewport)
  contexts.push(context)
  return page
}

/** Page errors other than the expected 401 of the "who am I" probe before signing in. */
function unexpectedErrors(page) {
  return page.errors.filter((e) => !/status of 401/.test(e))
}

const T = { timeout: 90_000 }

test('sign in, see the dashboard, sign out', T, async () => {
  const page = await open()
  await page.goto('/')
  await page.waitForURL(/\/login/)
  assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN')
  await shot(page, 'login')

  // A wrong password is refused with a message, not a crash.
  await page.getByLabel('电子邮箱').fill(USERS.clinician[0])
  await page.getByLabel('密码', { exact: true }).fill('wrong-password-123')
  await page.locator('[data-test=sign-in]').click()
  await page.locator('[data-test=login-error]').waitFor()

  await signIn(page, USERS.clinician)
  assert.match(await page.locator('[data-test=welcome]').innerText(), /周明远/)
  // The dashboard shows live counts and at least one chart drawn by ECharts.
  await page.locator('[data-test=count-needs] .stat-value').filter({ hasText: /^\d+$/ }).waitFor()
  await page.locator('.chart canvas').first().waitFor()
  assert.match(await page.locator('[data-test=chart-matches-empty]').innerText(), /还没有标记过匹配/)
  await settle(page)
  await shot(page, 'dashboard')

  await page.locator('[data-test=sign-out]').click()
  await page.waitForURL(/\/login\?signed_out=1/)
  await page.getByText('您已退出登录。').waitFor()
  // Signed out for real: the API no longer knows the session.
  const me = await page.evaluate(async () => (await fetch('/api/v1/auth/me')).status)
  assert.equal(me, 401)
  assert.deepEqual(unexpectedErrors(page), [])
})

const TRADITIONAL = {
  title: '術後譫妄早期識別困難',
  problem: '高齡患者術後譫妄發生率高，但病房夜間評估間隔長，症狀波動，常被誤認為失眠或躁動而延誤處理。',
  population: '65 歲以上接受全身麻醉大手術的住院患者',
  outcome: '術後譫妄從出現到確診的中位時間縮短 50%，譫妄相關跌倒率降低 30%。',
  evidence: '多中心觀察研究；本院 2025 年護理質控數據。',
}

test('post a need written in traditional Chinese and find it by searching its exact text', T, async () => {
  const page = await open()
  await signIn(page, USERS.clinician)
  await page.goto('/needs/new')
  await page.locator('[data-test=need-form]').waitFor()
  await shot(page, 'need-form-empty')

  // Saving an empty form shows the required fields inline, next to each field.
  await page.locator('[data-test=save-need]').click()
  const problemField = page.locator('[data-field="need-problem"]')
  await problemField.locator('[data-test=field-error]').waitFor()
  assert.match(await problemField.locator('[data-test=field-error]').innerText(), /必填/)

  await page.getByLabel('标题').fill(TRADITIONAL.title)
  await page.getByLabel('问题', { exact: true }).fill(TRADITIONAL.problem)
  await page.getByLabel('问题的证据').fill(TRADITIONAL.evidence)
  await page.getByLabel('人群', { exact: true }).fill(TRADITIONAL.population)
  await page.getByLabel('人群的证据').fill(TRADITIONAL.evidence)
  await page.getByLabel('受影响人群规模').fill('120,000')
  await page.getByLabel('结果', { exact: true }).fill(TRADITIONAL.outcome)
  await page.getByLabel('结果的证据').fill(TRADITIONAL.evidence)
  await page.locator('#need-must_have').fill('不增加護理人員夜間工作量')
  await page.locator('#need-must_have').press('Enter')
  await page.getByLabel('临床领域').selectOption('neurology')
  await page.getByLabel('诊疗环节').selectOption('diagnosis')
  await page.getByLabel('语言').selectOption('zh-Hant')
  // The live statement reads in the Biodesign form.
  const preview = await page.locator('.statement').innerText()
  assert.ok(preview.startsWith('一种在65 歲以上'), preview)
  assert.ok(preview.includes('中解决高齡患者'), preview)
  await shot(page, 'need-form-filled')
  await page.locator('[data-test=save-need]').click()

  await page.waitForURL(/\/needs\/\d+$/)
  await page.locator('[data-test=full-record]').waitFor()
  assert.equal(await page.locator('[data-test=record-title]').innerText(), TRADITIONAL.title)
  assert.equal(await page.locator('[data-test=need-problem]').innerText(), TRADITIONAL.problem)
  assert.equal(await page.locator('[data-test=population-size]').innerText(), '120,000')
  await settle(page)
  await shot(page, 'need-detail-new')

  await page.goto('/needs')
  await page.locator('[data-test=search]').fill(TRADITIONAL.title)
  await page.locator('[data-test=search-submit]').click()
  await page.waitForURL(/q=/)
  const results = page.locator('[data-test=result]')
  await results.first().waitFor()
  assert.equal(await results.count(), 1)
  assert.equal(await results.first().locator('.result-title').innerText(), TRADITIONAL.title)
  // The search is in the URL, so a reload shows the same list.
  await page.reload()
  await results.first().waitFor()
  assert.equal(await results.count(), 1)
  await settle(page)
  await shot(page, 'needs-search-traditional')
  assert.deepEqual(unexpectedErrors(page), [])
})

test('find the traditional-Chinese need by searching in simplified Chinese', T, async () => {
  // The search index folds 繁→简 (OpenCC): 术后谵妄 finds 術後譫妄.
  const page = await open()
  await signIn(page, USERS.clinician)
  await page.locator('[data-test=header-search]').fill('术后谵妄早期识别困难')
  await page.locator('[data-test=header-search]').press('Enter')
  await page.waitForURL(/\/search\?/)
  await page.locator('[data-test=search-kind-need]').click()
  const hit = page.locator(`[data-test=match-hit][data-kind=need]`).filter({ hasText: TRADITIONAL.title })
  await hit.first().waitFor()
  assert.equal(await hit.first().locator('[data-test=hit-title]').innerText(), TRADITIONAL.title)
  await settle(page)
  await shot(page, 'search-simplified-finds-traditional')
  assert.deepEqual(unexpectedErrors(page), [])
})

test('a problem that names a solution is saved with the warning shown next to it', T, async () => {
  const page = await open()
  await signIn(page, USERS.clinician)
  await page.goto('/needs/new')
  await page.getByLabel('标题').fill('E2E 需要新导管')
  await page.getByLabel('问题', { exact: true }).fill('需要一种新的导管来减少术后出血')
  await page.getByLabel('人群', { exact: true }).fill('心脏介入术后患者')
  await page.getByLabel('结果', { exact: true }).fill('更好的护理')
  await page.getByLabel('临床领域').selectOption('cardiovascular')
  await page.getByLabel('诊疗环节').selectOption('treatment')
  await page.locator('[data-test=save-need]').click()
  // Saved (the warnings do not block), then back in the form with each warning by its field.
  await page.waitForURL(/\/needs\/\d+\/edit\?saved=1/)
  await page.locator('[data-test=saved-with-warnings]').waitFor()
  const problemWarning = page.locator('[data-field="need-problem"] [data-test=field-warning]')
  assert.match(await problemWarning.innerText(), /解决方案或技术/)
  assert.match(await page.locator('[data-field="need-outcome"] [data-test=field-warning]').innerText(), /无法测量/)
  assert.match(await page.locator('[data-field="need-evidence_problem"] [data-test=field-warning]').innerText(), /证据/)
  await settle(page)
  await shot(page, 'need-form-warnings')

  // Revised (a PATCH with the version read), the statement has nothing left to flag.
  await page.getByLabel('问题', { exact: true }).fill('心脏介入术后穿刺部位出血发生率高，延长卧床和住院时间')
  assert.equal(await problemWarning.count(), 1, 'a server warning stays until the next save')
  await page.getByLabel('结果', { exact: true }).fill('穿刺部位出血率降低 30%')
  for (const part of ['问题的证据', '人群的证据', '结果的证据']) await page.getByLabel(part).fill('本院 2025 年质控数据')
  await page.locator('[data-test=save-need]').click()
  await page.waitForURL(/\/needs\/\d+$/)
  assert.match(await page.locator('[data-test=need-problem]').innerText(), /穿刺部位出血/)
  assert.equal(await page.locator('.warning-text').count(), 0)
  assert.deepEqual(unexpectedErrors(page), [])
})

test('publish a capability with its TRL, then edit it', T, async () => {
  const page = await open()
  await signIn(page, USERS.supplier)
  await page.goto('/capabilities/new')
  await page.locator('[data-test=capability-form]').waitFor()
  await page.locator('[data-test=save-capability]').click()
  await page.locator('[data-field="cap-trl"] [data-test=field-error]').waitFor()
  await page.getByLabel('标题').fill('E2E 术中导管定位技术')
  await page.getByLabel('描述').fill('基于阻抗的导管头端定位，无需 X 射线。')
  await page.getByLabel('类型').selectOption('technology')
  await page.locator('#cap-keywords').fill('导管定位')
  await page.locator('#cap-keywords').press('Enter')
  await page.locator('#cap-keywords').fill('impedance')
  await page.locator('#cap-keywords').press('Enter')
  await page.locator('[data-test=trl-4]').click()
  assert.equal(await page.locator('[data-field="cap-trl"] [data-test=field-error]').count(), 0, 'the fixed field lost its mark')
  await shot(page, 'capability-form-filled')
  await page.locator('[data-test=save-capability]').click()
  await page.waitForURL(/\/capabilities\/\d+$/)
  assert.match(await page.locator('.trl').first().innerText(), /TRL 4/)
  assert.match(await page.locator('main').innerText(), /impedance/)
  await page.locator('a', { hasText: '编辑' }).click()
  await page.waitForURL(/\/edit$/)
  await page.locator('[data-test=trl-5]').click()
  await page.locator('[data-test=save-capability]').click()
  await page.waitForURL(/\/capabilities\/\d+$/)
  assert.match(await page.locator('.trl').first().innerText(), /TRL 5/)
  await settle(page)
  await shot(page, 'capability-detail-edited')
  assert.deepEqual(unexpectedErrors(page), [])
})

test('a need shows its matches with reasons; a match marked contacted stays so after a reload', T, async () => {
  // The demo's atrial-fibrillation need of the clinician's own hospital (复旦中山).
  const clinician = await apiAs(server.url, USERS.clinician)
  const list = await clinician.get(`/api/v1/needs?q=${encodeURIComponent('房颤患者节律控制')}`)
  assert.equal(list.status, 200)
  const need = list.json.items[0]
  assert.ok(need, 'the demo has the 房颤 need')

  const page = await open()
  await signIn(page, USERS.clinician)
  await page.goto(`/needs/${need.id}`)
  const panel = page.locator('[data-test=need-matches]')
  await panel.waitFor()
  // How the need was read: the concepts found in it.
  await panel.locator('[data-test=reading] [data-test=why-concept]').first().waitFor()
  const hits = panel.locator('[data-test=match-hit]')
  await hits.first().waitFor()
  const first = hits.first()
  const reasons = first.locator('[data-test=why-word], [data-test=why-concept], [data-test=why-bridge]')
  assert.ok((await reasons.count()) > 0, 'the best match says why it was found')
  const kind = await first.getAttribute('data-kind')
  const target = await first.getAttribute('data-id')
  assert.equal(kind, 'capability')
  const select = first.locator('[data-test=match-state]')
  assert.equal(await select.inputValue(), 'suggested')
  await select.selectOption('contacted')
  const marked = panel.locator(`[data-test=match-hit][data-id="${target}"] [data-test=match-state].state-contacted`)
  await marked.waitFor()
  assert.equal(await page.locator('[data-test=need-matches] [data-test=error]').count(), 0)
  await settle(page)
  await shot(page, 'need-matches-contacted')

  // Kept by the server: after a reload, and through the API.
  await page.reload()
  const again = panel.locator(`[data-test=match-hit][data-id="${target}"] [data-test=match-state]`)
  await again.waitFor()
  assert.equal(await again.inputValue(), 'contacted')
  const api = await clinician.get(`/api/v1/needs/${need.id}/matches?kind=capability&limit=50`)
  assert.equal(api.json.items.find((h) => String(h.record.id) === target)?.state, 'contacted')

  // The other tabs answer too (people, organisations).
  await panel.locator('[data-test=match-tab-organisation]').click()
  await panel.locator('[data-test=match-hit], [data-test=no-matches]').first().waitFor()
  await settle(page)
  await shot(page, 'need-matches-organisations')

  // The dashboard counts the recorded state.
  await page.goto('/')
  await page.locator('[data-test=chart-matches]').waitFor()
  const stats = await clinician.get('/api/v1/stats')
  assert.equal(stats.json.matches.by_state.contacted, 1)
  await settle(page)
  await shot(page, 'home-matches-chart')
  assert.deepEqual(unexpectedErrors(page), [])
})

test('search for 房颤 from the header box: hits of every kind, filtered by kind', T, async () => {
  const page = await open()
  await signIn(page, USERS.clinician)
  await page.locator('[data-test=header-search]').fill('房颤')
  await page.locator('[data-test=header-search]').press('Enter')
  await page.waitForURL(/\/search\?q=/)
  assert.equal(await page.locator('[data-test=search-q]').inputValue(), '房颤')
  const hits = page.locator('[data-test=match-hit]')
  await hits.first().waitFor()
  assert.ok((await page.locator('[data-test=match-hit] [data-test=why] li').count()) > 0, 'hits say why they were found')
  await page.locator('[data-test=reading] [data-test=why-concept]').first().waitFor()
  await settle(page)
  await shot(page, 'search-af')

  await page.locator('[data-test=search-kind-capability]').click()
  await page.waitForURL(/kind=capability/)
  await page.locator('[data-test=search-kind-capability][aria-pressed=true]').waitFor()
  await page.locator('[data-test=match-hit], [data-test=no-results]').first().waitFor()
  await settle(page)
  const kinds = await page.locator('[data-test=match-hit]').evaluateAll((els) => els.map((e) => e.dataset.kind))
  assert.ok(kinds.every((k) => k === 'capability'), kinds.join())
  // The search is in the URL: a reload shows the same.
  await page.reload()
  await page.locator('[data-test=match-hit], [data-test=no-results]').first().waitFor()
  assert.equal(await page.locator('[data-test=search-q]').inputValue(), '房颤')
  await shot(page, 'search-af-capabilities')
  assert.deepEqual(unexpectedErrors(page), [])
})

test('switch language and see it remembered after a reload', T, async () => {
  const page = await open()
  await signIn(page, USERS.clinician)
  await page.goto('/needs')
  await page.locator('[data-test=nav-needs]').filter({ hasText: '临床需求' }).waitFor()
  await page.locator('[data-test=lang-switch]').click()
  await page.locator('[data-test=nav-needs]').filter({ hasText: 'Needs' }).waitFor()
  assert.equal(await page.locator('html').getAttribute('lang'), 'en')
  assert.equal(await page.locator('h1').innerText(), 'Clinical needs')
  await page.reload()
  await page.locator('[data-test=result]').first().waitFor()
  assert.equal(await page.locator('[data-test=nav-needs]').innerText(), 'Needs')
  assert.equal(await page.locator('html').getAttribute('lang'), 'en')
  assert.equal(await page.evaluate(() => localStorage.getItem('yigong.locale')), 'en')
  assert.match(await page.title(), /Clinical needs/)
  await settle(page)
  await shot(page, 'needs-english')
  // And back.
  await page.locator('[data-test=lang-switch]').click()
  await page.locator('[data-test=nav-needs]').filter({ hasText: '临床需求' }).waitFor()
  assert.equal(await page.evaluate(() => localStorage.getItem('yigong.locale')), 'zh-CN')
  assert.deepEqual(unexpectedErrors(page), [])
})

test('NDA teaser, accept, full view', T, async () => {
  const page = await open()
  await signIn(page, USERS.clinician) // 复旦中山: the Ruijin NDA needs are teasers for this user
  await page.goto('/needs?tier=nda')
  const teaser = page.locator('[data-test=result].is-teaser').first()
  await teaser.waitFor()
  assert.ok(await teaser.locator('[data-test=teaser]').isVisible(), 'the list marks teasers')
  await settle(page)
  await shot(page, 'needs-nda-teasers')
  await teaser.locator('.result-title').click()
  await page.waitForURL(/\/needs\/\d+$/)
  const id = Number(page.url().split('/').pop())
  await page.locator('[data-test=nda-gate]').waitFor()
  assert.equal(await page.locator('[data-test=full-record]').count(), 0)
  assert.match(await page.locator('[data-test=tier]').first().innerText(), /需签保密协议/)
  assert.equal(await page.locator('[data-test=nda-accept]').isDisabled(), true, 'accepting needs the box ticked')
  await settle(page)
  await shot(page, 'need-nda-teaser')

  await page.locator('[data-test=nda-agree]').check()
  await page.locator('[data-test=nda-accept]').click()
  await page.locator('[data-test=full-record]').waitFor()
  await page.locator('[data-test=nda-accepted]').waitFor()
  assert.equal(await page.locator('[data-test=nda-gate]').count(), 0)
  assert.ok((await page.locator('[data-test=need-problem]').innerText()).length > 10)
  await settle(page)
  await shot(page, 'need-nda-accepted')

  // The acceptance is kept: a reload shows the full record, and so does the API.
  await page.reload()
  await page.locator('[data-test=full-record]').waitFor()
  const full = await page.evaluate(async (nid) => (await fetch(`/api/v1/needs/${nid}`)).json(), id)
  assert.equal(full.teaser, false)
  assert.ok(full.problem)
  assert.deepEqual(unexpectedErrors(page), [])
})

test('a supplier cannot open a private need (UI shows not found, API answers 404)', T, async () => {
  // The private need of the clinician's own hospital, found through the API as that clinician.
  const clinician = await apiAs(server.url, USERS.clinician)
  const list = await clinician.get(`/api/v1/needs?tier=private&q=${encodeURIComponent('Low colonoscopy uptake')}`)
  assert.equal(list.status, 200)
  assert.equal(list.json.items.length, 1)
  const need = list.json.items[0]
  assert.equal(need.tier, 'private')

  const page = await open()
  await signIn(page, USERS.supplier)
  await page.goto(`/needs/${need.id}`)
  await page.locator('[data-test=not-found]').waitFor()
  assert.match(await page.locator('[data-test=not-found]').innerText(), /未找到/)
  assert.doesNotMatch(await page.content(), /Low colonoscopy uptake/)
  await settle(page)
  await shot(page, 'supplier-private-need-not-found')

  const status = await page.evaluate(async (nid) => (await fetch(`/api/v1/needs/${nid}`)).status, need.id)
  assert.equal(status, 404)
  const search = await page.evaluate(
    async () => (await (await fetch('/api/v1/needs?q=Low%20colonoscopy%20uptake')).json()).items.length,
  )
  assert.equal(search, 0)
  // Nor does it appear in the supplier's list.
  await page.goto(`/needs?q=${encodeURIComponent('Low colonoscopy uptake')}`)
  await page.locator('[data-test=no-results]').waitFor()
  // 404 of the record is expected here; nothing else.
  assert.deepEqual(
    unexpectedErrors(page).filter((e) => !/status of 404/.test(e)),
    [],
  )
})

test('import a CSV with one bad row: the row is reported and nothing is written', T, async () => {
  const page = await open()
  await signIn(page, USERS.operator)
  const count = () => page.evaluate(async () => (await (await fetch('/api/v1/stats')).json()).counts.needs)
  const before = await count()

  await page.goto('/import')
  const csv =
    'title,problem,population,outcome,clinical_area,care_stage,language\n' +
    'E2E 导入 A,晚期才确诊,成人,确诊时间缩短 20%,oncology,diagnosis,zh-Hans\n' +
    'E2E 导入 B,晚期才确诊,成人,确诊时间缩短 20%,oncology,someday,zh-Hans\n'
  await page.locator('[data-test=import-file]').setInputFiles({
    name: 'needs.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(csv, 'utf8'),
  })
  assert.equal(await page.locator('[data-test=import-kind]').inputValue(), 'needs')
  await page.locator('[data-test=import-check]').click()
  const rows = page.locator('[data-test=import-error-row]')
  await rows.first().waitFor()
  assert.equal(await rows.count(), 1)
  const cells = await rows.first().locator('td').allInnerTexts()
  assert.equal(cells[0], '3') // the physical line of the bad row (line 1 is the header)
  assert.equal(cells[2], 'care_stage')
  assert.match(await page.locator('[data-test=import-errors-title]').innerText(), /1 行有错误/)
  assert.equal(await page.locator('[data-test=import-run]').isDisabled(), true, 'a file with errors cannot be imported')
  await settle(page)
  await shot(page, 'import-dry-run-errors')

  assert.equal(await count(), before, 'the dry run wrote nothing')
  // Even sent without the dry run, the server writes none of the file.
  const direct = await page.evaluate(async (body) => {
    const csrf = document.cookie.match(/yg_csrf=([^;]+)/)?.[1] ?? ''
    const r = await fetch('/api/v1/import?kind=needs', {
      method: 'POST',
      headers: { 'Content-Type': 'text/csv', 'X-CSRF-Token': csrf },
      body,
    })
    return r.status
  }, csv)
  assert.equal(direct, 422)
  assert.equal(await count(), before, 'nothing written')
  const found = await page.evaluate(
    async () => (await (await fetch(`/api/v1/needs?q=${encodeURIComponent('E2E 导入')}`)).json()).items.length,
  )
  assert.equal(found, 0)

  // A corrected file checks clean and imports.
  await page.locator('[data-test=import-file]').setInputFiles({
    name: 'needs.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(csv.replace('someday', 'screening'), 'utf8'),
  })
  await page.locator('[data-test=import-check]').click()
  await page.locator('[data-test=import-ok]').waitFor()
  assert.equal(await count(), before, 'a clean dry run writes nothing either')
  await page.locator('[data-test=import-run]').click()
  await page.locator('[data-test=import-done]').waitFor()
  assert.equal(await count(), before + 2)
  await settle(page)
  await shot(page, 'import-done')
})

test('an invitation becomes an account that is signed in', T, async () => {
  const admin = await open()
  await signIn(admin, USERS.tenantAdmin)
  await admin.goto('/admin/invites')
  await admin.getByLabel('电子邮箱').fill('e2e-invitee@sh.yigong.demo')
  await admin.getByLabel('角色').selectOption('supplier')
  await admin.locator('[data-test=create-invite]').click()
  const linkBox = admin.locator('[data-test=invite-link] input')
  await linkBox.waitFor()
  const link = await linkBox.inputValue()
  assert.match(link, /\/invite\/[A-Za-z0-9_-]+$/)
  await shot(admin, 'admin-invite-created')

  const page = await open()
  await page.goto(new URL(link).pathname)
  await page.getByLabel('姓名').fill('邀请测试')
  await page.getByLabel('新密码').fill('invited-password-2026')
  await page.getByLabel('再次输入密码').fill('invited-password-2026')
  await shot(page, 'invite-accept')
  await page.getByRole('button', { name: '创建账号并登录' }).click()
  await page.locator('[data-test=welcome]').waitFor()
  assert.match(await page.locator('[data-test=welcome]').innerText(), /邀请测试/)
  // Used once: the same link no longer works.
  const again = await open()
  await again.goto(new URL(link).pathname)
  await again.getByLabel('姓名').fill('再来一次')
  await again.getByLabel('新密码').fill('invited-password-2026')
  await again.getByLabel('再次输入密码').fill('invited-password-2026')
  await again.getByRole('button', { name: '创建账号并登录' }).click()
  await again.getByText('该邀请无效、已使用或已过期').waitFor()
})

/** Every page, as the platform admin (who sees every page), at one screen size. */
async function tour(viewport, label) {
  const page = await open(viewport)
  await signIn(page, USERS.admin)
  const api = await apiAs(server.url, USERS.admin)
  const firstId = async (kind, q = '') => (await api.get(`/api/v1/${kind}?limit=1${q}`)).json.items[0].id
  const need = await firstId('needs', '&tier=consortium')
  const cap = await firstId('capabilities', '&tier=nda')
  const org = (await api.get(`/api/v1/organisations?type=hospital&q=${encodeURIComponent('复旦大学附属中山医院')}`)).json
    .items[0].id
  const demoCall = (await api.get('/api/v1/calls?state=open')).json.items[0].id
  const demoProposal = (await api.get(`/api/v1/calls/${demoCall}/proposals`)).json.items[0].id
  const demoProject = (await api.get('/api/v1/projects')).json.items[0].id
  const pages = [
    ['dashboard', '/'],
    ['needs', '/needs'],
    ['need-new', '/needs/new'],
    ['need-detail', `/needs/${need}`],
    ['need-edit', `/needs/${need}/edit`],
    ['capabilities', '/capabilities'],
    ['capability-new', '/capabilities/new'],
    ['capability-detail', `/capabilities/${cap}`],
    ['capability-edit', `/capabilities/${cap}/edit`],
    ['organisations', '/organisations'],
    ['organisation', `/organisations/${org}`],
    ['import', '/import'],
    ['search', `/search?q=${encodeURIComponent('房颤')}`],
    ['bridge', '/bridge'],
    ['admin-users', '/admin/users'],
    ['admin-invites', '/admin/invites'],
    ['admin-tenants', '/admin/tenants'],
    ['admin-audit', '/admin/audit'],
    ['account', '/account'],
    ['calls', '/calls'],
    ['call-detail', `/calls/${demoCall}`],
    ['call-new', '/calls/new'],
    ['call-edit', `/calls/${demoCall}/edit`],
    ['call-assignment', `/calls/${demoCall}/assignment`],
    ['call-ranking', `/calls/${demoCall}/ranking`],
    ['proposal', `/proposals/${demoProposal}`],
    ['notifications', '/notifications'],
    ['projects', '/projects'],
    ['project', `/projects/${demoProject}`],
    ['project-new', '/projects/new'],
    ['kpis', '/kpis'],
    ['kpi-report', '/kpis/report'],
    ['network', '/network'],
    ['pathway', '/pathway'],
    ['not-found', '/no-such-page'],
  ]
  const overflow = []
  for (const [name, url] of pages) {
    await page.goto(url)
    await settle(page)
    await page.locator('main h1').first().waitFor()
    const o = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      width: document.documentElement.clientWidth,
    }))
    if (o.scroll > o.width + 1) overflow.push(`${url}: ${o.scroll} > ${o.width}`)
    await shot(page, `${label}-${name}`)
  }
  return { page, overflow }
}

test('every page at 1366×768, without errors or sideways scrolling', T, async () => {
  const { page, overflow } = await tour(DESKTOP, 'desktop')
  assert.deepEqual(overflow, [])
  await page.goto('/admin/audit')
  await page.locator('[data-test=chain-ok]').waitFor()
  assert.deepEqual(unexpectedErrors(page), [])
})

test('every page on a 390×844 phone, without sideways scrolling; the menu opens', T, async () => {
  const { page, overflow } = await tour(PHONE, 'phone')
  assert.deepEqual(overflow, [])
  await page.goto('/needs')
  await page.locator('.menu-toggle').click()
  await page.locator('#main-nav.open').waitFor()
  await shot(page, 'phone-menu-open', false)
  await page.locator('#main-nav [data-test=nav-capabilities]').click()
  await page.waitForURL(/\/capabilities$/)
  assert.equal(await page.locator('#main-nav.open').count(), 0, 'the menu closes after navigating')
  assert.deepEqual(unexpectedErrors(page), [])
})
