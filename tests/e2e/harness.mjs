// Shared set-up of the browser tests: a real `yigong serve` on a fresh SQLite database with the
// demo data, Debian's chromium driven by playwright-core (never a downloaded browser), and small
// helpers (sign in, screenshots, API calls as a given user).
import { spawn, spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
const require = createRequire(path.join(ROOT, 'web', 'package.json'))
const { chromium } = require('playwright-core')

/** Paths relative to the repository root unless absolute. */
function fromRoot(p) {
  return path.isAbsolute(p) ? p : path.join(ROOT, p)
}

export const YIGONG_BIN = fromRoot(process.env.YIGONG_BIN ?? 'build/ci/yigong')
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
export const WEB_ROOT = path.join(ROOT, 'web', 'dist')
export const SHOTS = path.join(ROOT, 'build', 'e2e-screenshots')

export const DESKTOP = { width: 1366, height: 768 }
export const PHONE = { width: 390, height: 844 }

export const USERS = {
  clinician: ['clinician@sh.yigong.demo', 'demo-clinician-2026'],
  clinician2: ['clinician2@sh.yigong.demo', 'demo-clinician-2026'],
  operator: ['operator@sh.yigong.demo', 'demo-operator-2026'],
  supplier: ['supplier@sh.yigong.demo', 'demo-supplier-2026'],
  tenantAdmin: ['tenant-admin@sh.yigong.demo', 'demo-tenant_admin-2026'],
  admin: ['admin@yigong.demo', 'demo-platform_admin-2026'],
}

function checkPrerequisites() {
  const missing = []
  if (!fs.existsSync(YIGONG_BIN)) missing.push(`the yigong binary ${YIGONG_BIN} (build it, or set YIGONG_BIN)`)
  if (!fs.existsSync(path.join(WEB_ROOT, 'index.html'))) missing.push(`${WEB_ROOT}/index.html (run npm run build in web/)`)
  if (!fs.existsSync(CHROMIUM)) missing.push(`${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`)
  if (missing.length) throw new Error(`browser tests need: ${missing.join('; ')}`)
}

/** Initialises a temporary database with the demo data and starts `yigong serve` on port 0. */
export async function startServer() {
  checkPrerequisites()
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yigong-e2e-'))
  const db = `sqlite:${path.join(dir, 'e2e.db')}`
  const init = spawnSync(YIGONG_BIN, ['init', '--db', db, '--demo', '--demo-dir', path.join(ROOT, 'data', 'demo')], {
    cwd: ROOT,
    encoding: 'utf8',
  })
  if (init.status !== 0) throw new Error(`yigong init failed (${init.status}): ${init.stderr}${init.stdout}`)
  const proc = spawn(YIGONG_BIN, ['serve', '--db', db, '--listen', '127.0.0.1:0', '--web-root', WEB_ROOT], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let log = ''
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`yigong serve did not start in 20 s:\n${log}`)), 20_000)
    const onData = (chunk) => {
      log += chunk
      const m = /serving on (http:\/\/\S+)/.exec(log)
      if (m) {
        clearTimeout(timer)
        resolve(m[1])
      }
    }
    proc.stdout.on('data', onData)
    proc.stderr.on('data', onData)
    proc.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`yigong serve exited (${code}):\n${log}`))
    })
  })
  return {
    url,
    dir,
    log: () => log,
    async stop() {
      proc.removeAllListeners('exit')
      if (proc.exitCode === null) {
        const exited = new Promise((r) => proc.once('exit', r))
        proc.kill('SIGTERM')
        const t = setTimeout(() => proc.kill('SIGKILL'), 5000)
        await exited
        clearTimeout(t)
      }
      fs.rmSync(dir, { recursive: true, force: true })
    },
  }
}

export async function launchBrowser() {
  // playwright-core gives every launch a fresh temporary profile (its own --user-data-dir).
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
    ],
  })
}

/** A fresh context (own cookies and localStorage) and page; collects page errors. */
export async function newPage(browser, baseURL, viewport = DESKTOP) {
  const context = await browser.newContext({ baseURL, viewport, locale: 'zh-CN' })
  const page = await context.newPage()
  page.setDefaultTimeout(10_000)
  page.errors = []
  page.on('pageerror', (e) => page.errors.push(String(e)))
  page.on('console', (m) => {
    if (m.type() === 'error') page.errors.push(m.text())
  })
  return { context, page }
}

let shotNo = 0
export function resetScreenshots() {
  fs.rmSync(SHOTS, { recursive: true, force: true })
  fs.mkdirSync(SHOTS, { recursive: true })
  shotNo = 0
}

/** Saves a PNG of the page under build/e2e-screenshots/, numbered in the order taken. */
export async function shot(page, name, fullPage = true) {
  shotNo += 1
  const vp = page.viewportSize()
  const file = path.join(SHOTS, `${String(shotNo).padStart(2, '0')}-${name}-${vp.width}x${vp.height}.png`)
  await page.screenshot({ path: file, fullPage })
  return file
}

/** Signs in through the sign-in form and waits for the dashboard. */
export async function signIn(page, [email, password]) {
  await page.goto('/login')
  await page.getByLabel(/电子邮箱|E-mail/).fill(email)
  await page.getByLabel(/^(密码|Password)$/).fill(password)
  await page.locator('[data-test=sign-in]').click()
  await page.locator('[data-test=welcome]').waitFor()
}

/** Waits until the app has settled: no "loading" text and no pending API requests. */
export async function settle(page) {
  await page.waitForLoadState('networkidle')
}

/** The API as one user from node: cookies and CSRF token kept between calls. */
export async function apiAs(baseURL, [email, password]) {
  let cookie = ''
  let csrf = ''
  async function call(method, p, body, headers = {}) {
    const h = { Accept: 'application/json', ...headers }
    if (cookie) h.Cookie = cookie
    if (csrf && method !== 'GET') h['X-CSRF-Token'] = csrf
    let payload
    if (body !== undefined) {
      payload = typeof body === 'string' ? body : JSON.stringify(body)
      h['Content-Type'] ??= 'application/json'
    }
    const res = await fetch(new URL(p, baseURL), { method, headers: h, body: payload })
    const set = res.headers.getSetCookie?.() ?? []
    if (set.length) cookie = set.map((c) => c.split(';')[0]).join('; ')
    const text = await res.text()
    let json
    try {
      json = text ? JSON.parse(text) : undefined
    } catch {
      json = undefined
    }
    return { status: res.status, json, text }
  }
  const login = await call('POST', '/api/v1/auth/login', { email, password })
  if (login.status !== 200) throw new Error(`sign-in of ${email} failed: ${login.status} ${login.text}`)
  csrf = login.json.csrf_token
  return {
    get: (p) => call('GET', p),
    post: (p, body, headers) => call('POST', p, body, headers),
    put: (p, body) => call('PUT', p, body),
  }
}
