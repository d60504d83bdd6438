// The signed-in user's notifications, shared by the header's bell and the notifications page:
// refreshed on every route change, marked read one by one.
import { reactive } from 'vue'
import { api } from '../session'
import type { Notification } from '../api/types'

export const inbox = reactive({
  items: [] as Notification[],
  unread: 0,
  loaded: false,
})

let generation = 0

/** Fetches the list and the unread count; failures leave the last known state. */
export async function refreshInbox(): Promise<void> {
  const mine = ++generation
  try {
    const r = await api.notifications()
    if (mine !== generation) return
    inbox.items = r.items
    inbox.unread = r.unread
    inbox.loaded = true
  } catch {
    // The bell is a hint; the page shows errors itself.
  }
}

export async function markRead(n: Notification): Promise<void> {
  await api.markNotificationRead(n.id)
  const item = inbox.items.find((x) => x.id === n.id)
  if (item && !item.read) {
    item.read = true
    inbox.unread = Math.max(0, inbox.unread - 1)
  }
}

export function forgetInbox(): void {
  generation++
  inbox.items = []
  inbox.unread = 0
  inbox.loaded = false
}
