-- Calls and challenges: calls, proposals, attachments, reviewer pools, assignments, reviews,
-- recorded relations (conflicts of interest), notifications, and which person record a user is.
-- A call's and a proposal's descriptive fields travel as one JSON body; the columns are what
-- queries and access checks need.

CREATE TABLE calls (
  id {{ID}},
  tenant_id BIGINT NOT NULL REFERENCES tenants(id),
  sponsor_org_id BIGINT,
  kind TEXT NOT NULL,
  state TEXT NOT NULL,
  tier TEXT NOT NULL,
  opens_at BIGINT NOT NULL,
  closes_at BIGINT NOT NULL,
  created_by BIGINT REFERENCES users(id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version BIGINT NOT NULL,
  body TEXT NOT NULL
);
CREATE INDEX calls_tenant ON calls(tenant_id);

CREATE TABLE proposals (
  id {{ID}},
  call_id BIGINT NOT NULL REFERENCES calls(id),
  tenant_id BIGINT NOT NULL REFERENCES tenants(id),
  org_id BIGINT,
  state TEXT NOT NULL,
  created_by BIGINT REFERENCES users(id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  submitted_at BIGINT,
  version BIGINT NOT NULL,
  body TEXT NOT NULL
);
CREATE INDEX proposals_call ON proposals(call_id);

-- Files live on disk under their SHA-256; the token (128 random bits, hex) is the only handle.
CREATE TABLE attachments (
  token TEXT PRIMARY KEY,
  proposal_id BIGINT NOT NULL REFERENCES proposals(id),
  name TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size BIGINT NOT NULL,
  sha256 TEXT NOT NULL,
  created_by BIGINT REFERENCES users(id),
  created_at BIGINT NOT NULL
);
CREATE INDEX attachments_proposal ON attachments(proposal_id);

CREATE TABLE call_reviewers (
  call_id BIGINT NOT NULL REFERENCES calls(id),
  user_id BIGINT NOT NULL REFERENCES users(id),
  PRIMARY KEY (call_id, user_id)
);

-- score: expertise × 1e6. state: assigned or recused. rule: pin or forbid (operators' choices).
CREATE TABLE assignments (
  call_id BIGINT NOT NULL REFERENCES calls(id),
  proposal_id BIGINT NOT NULL REFERENCES proposals(id),
  reviewer_id BIGINT NOT NULL REFERENCES users(id),
  score BIGINT NOT NULL,
  state TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (proposal_id, reviewer_id)
);
CREATE INDEX assignments_call ON assignments(call_id);
CREATE INDEX assignments_reviewer ON assignments(reviewer_id);

CREATE TABLE assignment_rules (
  call_id BIGINT NOT NULL REFERENCES calls(id),
  proposal_id BIGINT NOT NULL REFERENCES proposals(id),
  reviewer_id BIGINT NOT NULL REFERENCES users(id),
  rule TEXT NOT NULL,
  PRIMARY KEY (proposal_id, reviewer_id)
);
CREATE INDEX assignment_rules_call ON assignment_rules(call_id);

-- scores: JSON {criterion: integer}; weighted: × 1e6, set when submitted.
CREATE TABLE reviews (
  proposal_id BIGINT NOT NULL REFERENCES proposals(id),
  reviewer_id BIGINT NOT NULL REFERENCES users(id),
  call_id BIGINT NOT NULL REFERENCES calls(id),
  scores TEXT NOT NULL,
  comment TEXT NOT NULL,
  weighted BIGINT,
  submitted_at BIGINT,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (proposal_id, reviewer_id)
);
CREATE INDEX reviews_call ON reviews(call_id);

CREATE TABLE relations (
  id {{ID}},
  tenant_id BIGINT NOT NULL REFERENCES tenants(id),
  kind TEXT NOT NULL,
  user_id BIGINT NOT NULL REFERENCES users(id),
  org_id BIGINT,
  other_user_id BIGINT,
  from_year BIGINT,
  to_year BIGINT,
  note TEXT NOT NULL,
  created_by BIGINT REFERENCES users(id),
  created_at BIGINT NOT NULL
);
CREATE INDEX relations_user ON relations(user_id);

CREATE TABLE notifications (
  id {{ID}},
  user_id BIGINT NOT NULL REFERENCES users(id),
  kind TEXT NOT NULL,
  text TEXT NOT NULL,
  link TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  read_at BIGINT
);
CREATE INDEX notifications_user ON notifications(user_id);

CREATE TABLE user_people (
  user_id BIGINT PRIMARY KEY REFERENCES users(id),
  person_id BIGINT NOT NULL
);
