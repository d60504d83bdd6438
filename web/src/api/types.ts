// The JSON shapes of the yigong API (docs/api.md; field specs in src/core/domain/record.cpp).

import type {
  CapabilityType,
  CareStage,
  ClinicalArea,
  Discipline,
  Language,
  NeedStatus,
  OrgType,
  Role,
  Tier,
} from '../lib/enums'

export type RecordKind = 'organisation' | 'person' | 'need' | 'capability'
export type RecordPlural = 'organisations' | 'people' | 'needs' | 'capabilities'

/** Members every record carries; `teaser` records carry only their teaser fields. */
export interface RecordBase {
  id: number
  kind: RecordKind
  tenant_id: number
  tier: Tier
  org_id?: number | null
  teaser: boolean
  can_edit: boolean
  version: number
  created_at: string
  updated_at: string
  created_by?: number | null
  key?: string | null
}

/** A Biodesign need-statement rule the record breaks (not an error: the record is saved). */
export interface Warning {
  field: string
  code: string
  message: string
}

export interface Need extends RecordBase {
  kind: 'need'
  title: string
  problem?: string
  population?: string
  outcome?: string
  clinical_area: ClinicalArea
  care_stage: CareStage
  current_practice?: string
  shortfall?: string
  population_size?: number
  evidence_problem?: string
  evidence_population?: string
  evidence_outcome?: string
  must_have?: string[]
  nice_to_have?: string[]
  language: Language
  status?: NeedStatus
  warnings?: Warning[]
}

export interface Capability extends RecordBase {
  kind: 'capability'
  title: string
  type: CapabilityType
  description?: string
  trl: number
  keywords?: string[]
  language: Language
}

export interface Organisation extends RecordBase {
  kind: 'organisation'
  name: string
  name_en?: string
  type: OrgType
  region?: string
  description?: string
  website?: string
}

export interface Person extends RecordBase {
  kind: 'person'
  name: string
  name_en?: string
  email?: string
  title?: string
  discipline?: Discipline
  expertise?: string[]
}

export interface KindMap {
  needs: Need
  capabilities: Capability
  organisations: Organisation
  people: Person
}

export interface Page<T> {
  items: T[]
  next_cursor: string | null
}

export interface User {
  id: number
  tenant_id: number
  email: string
  name: string
  role: Role
  org_id: number | null
  created_at?: string
  disabled?: boolean
}

export interface SignedIn {
  user: User
  csrf_token: string
  expires_at?: string
}

export interface Tenant {
  id: number
  slug: string
  name: string
}

export interface Invite {
  token: string
  accept_path: string
}

export interface AuditEvent {
  seq: number
  at: string
  tenant_id: number
  actor_id: number
  action: string
  kind: string
  record_id: number
  detail: unknown
  hash: string
}

export interface AuditPage {
  items: AuditEvent[]
  next_after: number | null
}

export interface AuditVerify {
  ok: boolean
  events: number
  first_bad: number | null
  problem: string
}

export interface ImportRowError {
  line: number
  item: string
  field: string
  message: string
}

export interface ImportReport {
  written: boolean
  dry_run: boolean
  rows: Partial<Record<RecordPlural, number>>
  errors: ImportRowError[]
}

/** GET /api/v1/stats. The breakdowns may be absent on servers that only count. */
export interface Stats {
  counts: Partial<Record<RecordPlural, number>>
  needs?: {
    by_clinical_area?: Record<string, number>
    by_status?: Record<string, number>
    by_care_stage?: Record<string, number>
    by_tier?: Record<string, number>
  }
  capabilities?: {
    by_type?: Record<string, number>
    by_trl?: Record<string, number>
  }
  organisations?: {
    by_type?: Record<string, number>
    by_region?: Record<string, number>
  }
}
