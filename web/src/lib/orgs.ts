// Organisation names by id, fetched once per page load (lists show many records of few orgs).
import { api } from '../session'
import type { Organisation } from '../api/types'

const cache = new Map<number, Promise<Organisation | null>>()

export function orgName(id: number): Promise<Organisation | null> {
  let p = cache.get(id)
  if (!p) {
    p = api.getRecord('organisations', id).catch(() => null)
    cache.set(id, p)
  }
  return p
}

export function forgetOrgs(): void {
  cache.clear()
}
