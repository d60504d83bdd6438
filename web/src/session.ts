// The signed-in user and CSRF token, shared by every page. The session cookie itself is
// HttpOnly: the page learns who is signed in from /auth/me.
import { reactive } from 'vue'
import { ApiClient, ApiError, readCookie } from './api/client'
import type { User } from './api/types'

export const session = reactive({
  user: null as User | null,
  csrf: '',
  /** True once /auth/me has answered (signed in or not). */
  checked: false,
})

export const api = new ApiClient({
  fetch: (input, init) => window.fetch(input, init),
  csrf: () => session.csrf || readCookie(document.cookie, 'yg_csrf'),
  // A 401 naming a field is a wrong password (sign-in, password change), not a lost session.
  onUnauthenticated: (err) => {
    if (err.field) return
    session.user = null
    session.csrf = ''
  },
})

/** Asks the server who is signed in; quietly signed out on 401. */
export async function loadSession(): Promise<void> {
  try {
    const me = await api.me()
    session.user = me.user
    session.csrf = me.csrf_token
  } catch (e) {
    if (!(e instanceof ApiError) || e.status !== 401) console.warn('auth/me failed', e)
    session.user = null
    session.csrf = ''
  } finally {
    session.checked = true
  }
}

export function setSignedIn(user: User, csrf: string): void {
  session.user = user
  session.csrf = csrf
  session.checked = true
}

export async function signOut(): Promise<void> {
  try {
    await api.logout()
  } finally {
    session.user = null
    session.csrf = ''
  }
}
