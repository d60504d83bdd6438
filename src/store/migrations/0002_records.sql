-- The directory (organisations, people) and the marketplace (needs, capabilities). Every record
-- table carries the same common columns; list-valued fields hold one entry per line.
CREATE TABLE organisations (
  id {{ID}},
  tenant_id BIGINT NOT NULL REFERENCES tenants(id),
  ext_key TEXT,
  tier TEXT NOT NULL,
  created_by BIGINT REFERENCES users(id),
  version BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  deleted_at BIGINT,
  name TEXT NOT NULL,
  name_en TEXT,
  type TEXT NOT NULL,
  region TEXT,
  description TEXT,
  website TEXT,
  UNIQUE (tenant_id, ext_key)
);
CREATE INDEX organisations_tenant ON organisations(tenant_id, id);

CREATE TABLE people (
  id {{ID}},
  tenant_id BIGINT NOT NULL REFERENCES tenants(id),
  ext_key TEXT,
  tier TEXT NOT NULL,
  org_id BIGINT REFERENCES organisations(id),
  created_by BIGINT REFERENCES users(id),
  version BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  deleted_at BIGINT,
  name TEXT NOT NULL,
  name_en TEXT,
  email TEXT,
  title TEXT,
  discipline TEXT,
  expertise TEXT,
  UNIQUE (tenant_id, ext_key)
);
CREATE INDEX people_tenant ON people(tenant_id, id);

CREATE TABLE needs (
  id {{ID}},
  tenant_id BIGINT NOT NULL REFERENCES tenants(id),
  ext_key TEXT,
  tier TEXT NOT NULL,
  org_id BIGINT REFERENCES organisations(id),
  created_by BIGINT REFERENCES users(id),
  version BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  deleted_at BIGINT,
  title TEXT NOT NULL,
  problem TEXT NOT NULL,
  population TEXT NOT NULL,
  outcome TEXT NOT NULL,
  clinical_area TEXT NOT NULL,
  care_stage TEXT NOT NULL,
  current_practice TEXT,
  shortfall TEXT,
  population_size BIGINT,
  evidence_problem TEXT,
  evidence_population TEXT,
  evidence_outcome TEXT,
  must_have TEXT,
  nice_to_have TEXT,
  language TEXT NOT NULL,
  status TEXT,
  UNIQUE (tenant_id, ext_key)
);
CREATE INDEX needs_tenant ON needs(tenant_id, id);
CREATE INDEX needs_tier ON needs(tier, id);

CREATE TABLE capabilities (
  id {{ID}},
  tenant_id BIGINT NOT NULL REFERENCES tenants(id),
  ext_key TEXT,
  tier TEXT NOT NULL,
  org_id BIGINT REFERENCES organisations(id),
  created_by BIGINT REFERENCES users(id),
  version BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  deleted_at BIGINT,
  title TEXT NOT NULL,
  type TEXT NOT NULL,
  description TEXT,
  trl BIGINT NOT NULL,
  keywords TEXT,
  language TEXT NOT NULL,
  UNIQUE (tenant_id, ext_key)
);
CREATE INDEX capabilities_tenant ON capabilities(tenant_id, id);
CREATE INDEX capabilities_tier ON capabilities(tier, id);

CREATE TABLE nda_acceptances (
  kind TEXT NOT NULL,
  record_id BIGINT NOT NULL,
  user_id BIGINT NOT NULL REFERENCES users(id),
  accepted_at BIGINT NOT NULL,
  PRIMARY KEY (kind, record_id, user_id)
);
