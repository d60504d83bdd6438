-- Translation projects: the project row (columns for queries and access; descriptive fields as a
-- JSON body), its timeline of events (gates, TRL, feedback, responses, outcomes), milestones, and
-- each tenant's stage model.

CREATE TABLE projects (
  id {{ID}},
  tenant_id BIGINT NOT NULL REFERENCES tenants(id),
  org_id BIGINT,
  stage BIGINT NOT NULL,
  state TEXT NOT NULL,
  tier TEXT NOT NULL,
  created_by BIGINT REFERENCES users(id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version BIGINT NOT NULL,
  body TEXT NOT NULL
);
CREATE INDEX projects_tenant ON projects(tenant_id);

CREATE TABLE project_events (
  id {{ID}},
  project_id BIGINT NOT NULL REFERENCES projects(id),
  kind TEXT NOT NULL,
  at BIGINT NOT NULL,
  actor BIGINT REFERENCES users(id),
  body TEXT NOT NULL
);
CREATE INDEX project_events_project ON project_events(project_id);

CREATE TABLE project_milestones (
  id {{ID}},
  project_id BIGINT NOT NULL REFERENCES projects(id),
  title TEXT NOT NULL,
  due TEXT NOT NULL,
  owner BIGINT,
  status TEXT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX project_milestones_project ON project_milestones(project_id);

CREATE TABLE stage_models (
  tenant_id BIGINT PRIMARY KEY REFERENCES tenants(id),
  body TEXT NOT NULL
);
