// A cursor-paged list bound to the URL's query: changing a filter reloads the first page,
// "load more" appends the next one.
import { ref, watch, type Ref } from 'vue'
import { useRoute, useRouter } from 'vue-router'
import { api } from '../session'
import type { Query } from '../api/client'
import type { KindMap } from '../api/types'

export function useList<K extends keyof KindMap>(kind: K, filterNames: readonly string[], pageSize = 20) {
  const route = useRoute()
  const router = useRouter()
  const items = ref([]) as Ref<KindMap[K][]>
  const next = ref<string | null>(null)
  const loading = ref(false)
  const error = ref<unknown>(null)
  let generation = 0

  function filtersFromRoute(): Record<string, string> {
    const out: Record<string, string> = {}
    for (const f of filterNames) {
      const v = route.query[f]
      out[f] = typeof v === 'string' ? v : ''
    }
    return out
  }
  const filters = ref<Record<string, string>>(filtersFromRoute())

  async function load(append: boolean): Promise<void> {
    const mine = ++generation
    loading.value = true
    error.value = null
    try {
      const q: Query = { ...filtersFromRoute(), limit: pageSize }
      const page = await api.list(kind, q, append ? next.value : null)
      if (mine !== generation) return
      items.value = append ? [...items.value, ...page.items] : page.items
      next.value = page.next_cursor
    } catch (e) {
      if (mine === generation) error.value = e
    } finally {
      if (mine === generation) loading.value = false
    }
  }

  /** Puts the filters into the URL (which reloads the list). */
  function apply(): void {
    const query: Record<string, string> = {}
    for (const [k, v] of Object.entries(filters.value)) if (v.trim()) query[k] = v.trim()
    void router.replace({ query })
  }
  function reset(): void {
    for (const k of Object.keys(filters.value)) filters.value[k] = ''
    apply()
  }

  watch(
    () => route.query,
    () => {
      filters.value = filtersFromRoute()
      void load(false)
    },
    { immediate: true },
  )

  return { items, next, loading, error, filters, apply, reset, loadMore: () => load(true) }
}
