// Client-side routes. The server answers every non-/api path with index.html, so deep links work.
import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'
import { session } from './session'
import { canAdminister, canEditThesaurus, canImport, canManageCalls, canManageProjects, canPropose } from './lib/enums'
import { i18n } from './i18n'

declare module 'vue-router' {
  interface RouteMeta {
    /** Reachable without signing in. */
    public?: boolean
    /** i18n key of the page title. */
    title?: string
    admin?: boolean
    importer?: boolean
    /** Operators and platform admins (the thesaurus). */
    thesaurus?: boolean
    /** Operators, tenant and platform admins: creating calls, assignment, ranking. */
    callManager?: boolean
    /** Suppliers: writing proposals. */
    supplier?: boolean
    /** Operators, tenant and platform admins: creating projects. */
    projectManager?: boolean
  }
}

const routes: RouteRecordRaw[] = [
  { path: '/login', component: () => import('./views/LoginView.vue'), meta: { public: true, title: 'auth.signInTitle' } },
  { path: '/invite/:token', component: () => import('./views/InviteView.vue'), meta: { public: true, title: 'auth.inviteTitle' } },
  { path: '/', component: () => import('./views/HomeView.vue'), meta: { title: 'home.title' } },
  { path: '/account', component: () => import('./views/AccountView.vue'), meta: { title: 'auth.accountTitle' } },
  { path: '/needs', component: () => import('./views/NeedsList.vue'), meta: { title: 'need.list.title' } },
  { path: '/needs/new', component: () => import('./views/NeedForm.vue'), meta: { title: 'need.form.newTitle' } },
  { path: '/needs/:id(\\d+)', component: () => import('./views/NeedDetail.vue'), meta: { title: 'need.list.title' } },
  { path: '/needs/:id(\\d+)/edit', component: () => import('./views/NeedForm.vue'), meta: { title: 'need.form.editTitle' } },
  { path: '/capabilities', component: () => import('./views/CapabilitiesList.vue'), meta: { title: 'capability.list.title' } },
  { path: '/capabilities/new', component: () => import('./views/CapabilityForm.vue'), meta: { title: 'capability.form.newTitle' } },
  { path: '/capabilities/:id(\\d+)', component: () => import('./views/CapabilityDetail.vue'), meta: { title: 'capability.list.title' } },
  { path: '/capabilities/:id(\\d+)/edit', component: () => import('./views/CapabilityForm.vue'), meta: { title: 'capability.form.editTitle' } },
  { path: '/organisations', component: () => import('./views/OrgsList.vue'), meta: { title: 'org.list.title' } },
  { path: '/organisations/:id(\\d+)', component: () => import('./views/OrgDetail.vue'), meta: { title: 'org.list.title' } },
  { path: '/people', component: () => import('./views/PeopleList.vue'), meta: { title: 'person.list.title' } },
  { path: '/people/:id(\\d+)', component: () => import('./views/PersonDetail.vue'), meta: { title: 'person.list.title' } },
  { path: '/calls', component: () => import('./views/calls/CallsList.vue'), meta: { title: 'call.list.title' } },
  { path: '/calls/new', component: () => import('./views/calls/CallForm.vue'), meta: { title: 'call.form.newTitle', callManager: true } },
  { path: '/calls/:id(\\d+)', component: () => import('./views/calls/CallDetail.vue'), meta: { title: 'call.list.title' } },
  { path: '/calls/:id(\\d+)/edit', component: () => import('./views/calls/CallForm.vue'), meta: { title: 'call.form.editTitle', callManager: true } },
  { path: '/calls/:id(\\d+)/assignment', component: () => import('./views/calls/AssignmentBoard.vue'), meta: { title: 'assignment.title', callManager: true } },
  { path: '/calls/:id(\\d+)/ranking', component: () => import('./views/calls/RankingTable.vue'), meta: { title: 'ranking.title', callManager: true } },
  { path: '/calls/:id(\\d+)/proposals/new', component: () => import('./views/calls/ProposalForm.vue'), meta: { title: 'proposal.form.newTitle', supplier: true } },
  { path: '/proposals/:id(\\d+)', component: () => import('./views/calls/ProposalDetail.vue'), meta: { title: 'proposal.title' } },
  { path: '/proposals/:id(\\d+)/edit', component: () => import('./views/calls/ProposalForm.vue'), meta: { title: 'proposal.form.editTitle', supplier: true } },
  { path: '/reviews', component: () => import('./views/calls/ReviewerDashboard.vue'), meta: { title: 'review.dashboard.title' } },
  { path: '/projects', component: () => import('./views/projects/ProjectsList.vue'), meta: { title: 'project.list.title' } },
  { path: '/projects/new', component: () => import('./views/projects/ProjectForm.vue'), meta: { title: 'project.form.newTitle', projectManager: true } },
  { path: '/projects/:id(\\d+)', component: () => import('./views/projects/ProjectDetail.vue'), meta: { title: 'project.list.title' } },
  // Leads edit their project too: the page shows what the server allows.
  { path: '/projects/:id(\\d+)/edit', component: () => import('./views/projects/ProjectForm.vue'), meta: { title: 'project.form.editTitle' } },
  { path: '/kpis', component: () => import('./views/kpis/KpiDashboard.vue'), meta: { title: 'kpi.title' } },
  { path: '/kpis/report', component: () => import('./views/kpis/KpiReport.vue'), meta: { title: 'kpi.report.title' } },
  { path: '/network', component: () => import('./views/kpis/NetworkView.vue'), meta: { title: 'network.title' } },
  { path: '/pathway', component: () => import('./views/pathway/PathwayView.vue'), meta: { title: 'pathway.title' } },
  { path: '/notifications', component: () => import('./views/NotificationsView.vue'), meta: { title: 'notifications.title' } },
  { path: '/search', component: () => import('./views/SearchView.vue'), meta: { title: 'search.title' } },
  { path: '/bridge', component: () => import('./views/BridgeView.vue'), meta: { title: 'bridge.title', thesaurus: true } },
  { path: '/import', component: () => import('./views/ImportView.vue'), meta: { title: 'import.title', importer: true } },
  {
    path: '/admin',
    component: () => import('./views/admin/AdminLayout.vue'),
    meta: { title: 'admin.title', admin: true },
    children: [
      { path: '', redirect: '/admin/users' },
      { path: 'users', component: () => import('./views/admin/AdminUsers.vue'), meta: { title: 'admin.tabs.users', admin: true } },
      { path: 'invites', component: () => import('./views/admin/AdminInvites.vue'), meta: { title: 'admin.tabs.invites', admin: true } },
      { path: 'tenants', component: () => import('./views/admin/AdminTenants.vue'), meta: { title: 'admin.tabs.tenants', admin: true } },
      { path: 'audit', component: () => import('./views/admin/AdminAudit.vue'), meta: { title: 'admin.tabs.audit', admin: true } },
    ],
  },
  { path: '/:pathMatch(.*)*', name: 'not-found', component: () => import('./views/NotFoundView.vue'), meta: { title: 'notFound.title' } },
]

export const router = createRouter({
  history: createWebHistory(),
  routes,
  scrollBehavior: (_to, _from, saved) => saved ?? { top: 0 },
})

router.beforeEach((to) => {
  if (!to.meta.public && !session.user) {
    return { path: '/login', query: to.fullPath === '/' ? {} : { next: to.fullPath } }
  }
  if (to.path === '/login' && session.user) return '/'
  // Pages the role may not use look like pages that do not exist (the API answers 403 anyway).
  const refused =
    (to.meta.admin && !canAdminister(session.user?.role)) ||
    (to.meta.importer && !canImport(session.user?.role)) ||
    (to.meta.thesaurus && !canEditThesaurus(session.user?.role)) ||
    (to.meta.callManager && !canManageCalls(session.user?.role)) ||
    (to.meta.supplier && !canPropose(session.user?.role)) ||
    (to.meta.projectManager && !canManageProjects(session.user?.role))
  if (refused) {
    return { name: 'not-found', params: { pathMatch: to.path.substring(1).split('/') }, replace: true }
  }
  return true
})

export function pageTitle(key: string | undefined): string {
  const t = i18n.global.t
  return key ? `${t(key)} · ${t('app.name')}` : t('app.fullName')
}

router.afterEach((to) => {
  document.title = pageTitle(to.meta.title)
})
