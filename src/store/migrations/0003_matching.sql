-- Matching: the search index's outbox, match states, and operators' thesaurus additions.

-- Every record write adds a row in the same transaction. The indexer re-reads each named record,
-- puts or removes it in the search index, commits the index, then deletes the rows it applied;
-- after a crash the rows still here are applied again (re-reading is idempotent).
CREATE TABLE index_outbox (
  seq {{ID}},
  kind TEXT NOT NULL,
  record_id BIGINT NOT NULL
);

-- Where a need and a suggested capability, person or organisation stand.
CREATE TABLE match_states (
  tenant_id BIGINT NOT NULL REFERENCES tenants(id),
  need_id BIGINT NOT NULL REFERENCES needs(id),
  target_kind TEXT NOT NULL,
  target_id BIGINT NOT NULL,
  state TEXT NOT NULL,
  updated_by BIGINT REFERENCES users(id),
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (need_id, target_kind, target_id)
);
CREATE INDEX match_states_target ON match_states(target_kind, target_id);

-- Concepts and links operators add to the shipped thesaurus (data/bridge); labels one per line.
CREATE TABLE bridge_concepts (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  zh TEXT NOT NULL,
  en TEXT NOT NULL,
  created_by BIGINT REFERENCES users(id),
  created_at BIGINT NOT NULL
);

CREATE TABLE bridge_links (
  from_id TEXT NOT NULL,
  to_id TEXT NOT NULL,
  weight DOUBLE PRECISION NOT NULL,
  created_by BIGINT REFERENCES users(id),
  created_at BIGINT NOT NULL,
  PRIMARY KEY (from_id, to_id)
);
