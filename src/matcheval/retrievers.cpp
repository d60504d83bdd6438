#include "matcheval/retrievers.hpp"

#include <sqlite3.h>
#include <xapian.h>

#include <sstream>

#include "core/utf8.hpp"
#include "match/index.hpp"

namespace yigong::matcheval {
namespace {

std::string doc_text(const CorpusDoc& d) { return d.title + "\n" + d.description; }

class YigongRetriever final : public Retriever {
 public:
  YigongRetriever(std::shared_ptr<const match::FeatureExtractor> features, match::Bridging bridging,
                  match::Weights weights, size_t max_terms)
      : features_(std::move(features)),
        bridging_(bridging),
        weights_(weights),
        max_terms_(max_terms) {}

  Result<void> index(const std::vector<CorpusDoc>& corpus) override {
    auto opened = match::Index::open("", features_);
    if (!opened) return fail(std::move(opened.error()));
    index_ = std::move(*opened);
    for (const auto& d : corpus) {
      match::IndexDocument doc{d.id, d.kind.empty() ? "capability" : d.kind, d.title,
                               d.description};
      doc.org_type = d.org_type;
      doc.region = d.region;
      doc.trl = d.trl;
      auto put = index_->put(doc);
      if (!put) return fail(put.error().at(d.id));
    }
    return index_->commit();
  }

  Result<std::vector<ScoredDoc>> rank(const std::string& text, size_t k) override {
    match::Query q;
    q.text = text;
    q.bridging = bridging_;
    q.limit = k;
    q.weights = weights_;
    q.max_terms = max_terms_;
    auto found = match::search(*index_, q);
    if (!found) return fail(std::move(found.error()));
    std::vector<ScoredDoc> out;
    for (const auto& h : found->hits) out.push_back({h.id, h.score});
    order_ranking(out);
    return out;
  }

 private:
  std::shared_ptr<const match::FeatureExtractor> features_;
  match::Bridging bridging_;
  match::Weights weights_;
  size_t max_terms_;
  std::unique_ptr<match::Index> index_;
};

class XapianDefaultRetriever final : public Retriever {
 public:
  Result<void> index(const std::vector<CorpusDoc>& corpus) override {
    try {
      db_ = Xapian::WritableDatabase(std::string(), Xapian::DB_BACKEND_INMEMORY);
      Xapian::TermGenerator generator;
      generator.set_stemmer(Xapian::Stem("english"));
      generator.set_flags(Xapian::TermGenerator::FLAG_CJK_NGRAM);
      for (const auto& d : corpus) {
        Xapian::Document doc;
        generator.set_document(doc);
        generator.index_text(doc_text(d));
        doc.set_data(d.id);
        db_.add_document(doc);
      }
      db_.commit();
    } catch (const Xapian::Error& e) {
      return fail(Error::internal("xapian baseline: " + e.get_description()));
    }
    return ok();
  }

  Result<std::vector<ScoredDoc>> rank(const std::string& text, size_t k) override {
    try {
      Xapian::Enquire enquire(db_);
      enquire.set_query(parse(text));
      Xapian::MSet mset = enquire.get_mset(0, Xapian::doccount(k));
      std::vector<ScoredDoc> out;
      for (auto it = mset.begin(); it != mset.end(); ++it) {
        out.push_back({it.get_document().get_data(), it.get_weight()});
      }
      order_ranking(out);
      return out;
    } catch (const Xapian::Error& e) {
      return fail(Error::internal("xapian baseline: " + e.get_description()));
    }
  }

 private:
  // Xapian 1.4's parser rejects some mixed-script text with FLAG_CJK_NGRAM (a CJK run between
  // Latin words); then each whitespace-separated piece is parsed on its own and the pieces are
  // ORed, which yields the same terms the whole text would.
  Xapian::Query parse(const std::string& text) {
    Xapian::QueryParser parser;
    parser.set_database(db_);
    parser.set_stemmer(Xapian::Stem("english"));
    parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    parser.set_default_op(Xapian::Query::OP_OR);
    const unsigned flags = Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_CJK_NGRAM;
    try {
      return parser.parse_query(text, flags);
    } catch (const Xapian::QueryParserError&) {
    }
    std::vector<Xapian::Query> pieces;
    std::istringstream words(text);
    for (std::string piece; words >> piece;) {
      try {
        pieces.push_back(parser.parse_query(piece, flags));
      } catch (const Xapian::QueryParserError&) {
        // A piece the parser still rejects (stray operator characters) adds nothing.
      }
    }
    return Xapian::Query(Xapian::Query::OP_OR, pieces.begin(), pieces.end());
  }

  Xapian::WritableDatabase db_;
};

// RAII for sqlite3 handles.
struct SqliteDb {
  sqlite3* db = nullptr;
  ~SqliteDb() { sqlite3_close(db); }
};
struct SqliteStmt {
  sqlite3_stmt* stmt = nullptr;
  ~SqliteStmt() { sqlite3_finalize(stmt); }
};

class Fts5Retriever final : public Retriever {
 public:
  explicit Fts5Retriever(text::Normalizer normalizer) : normalizer_(std::move(normalizer)) {}

  Result<void> index(const std::vector<CorpusDoc>& corpus) override {
    if (sqlite3_open(":memory:", &db_.db) != SQLITE_OK) return fail(Error::internal("sqlite open"));
    YG_TRY(exec("CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, body, tokenize='trigram')"));
    YG_TRY(exec("BEGIN"));
    SqliteStmt insert;
    sqlite3_prepare_v2(db_.db, "INSERT INTO docs(id, body) VALUES (?, ?)", -1, &insert.stmt,
                       nullptr);
    for (const auto& d : corpus) {
      auto body = normalizer_.normalize(doc_text(d));
      if (!body) return fail(body.error().at(d.id));
      sqlite3_bind_text(insert.stmt, 1, d.id.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(insert.stmt, 2, body->c_str(), -1, SQLITE_TRANSIENT);
      if (sqlite3_step(insert.stmt) != SQLITE_DONE)
        return fail(Error::internal(sqlite3_errmsg(db_.db)));
      sqlite3_reset(insert.stmt);
    }
    return exec("COMMIT");
  }

  Result<std::vector<ScoredDoc>> rank(const std::string& text, size_t k) override {
    auto normalized = normalizer_.normalize(text);
    if (!normalized) return fail(std::move(normalized.error()));
    std::vector<size_t> at = utf8_offsets(*normalized);
    std::string match;
    for (size_t i = 0; i + 3 < at.size(); ++i) {
      std::string gram = normalized->substr(at[i], at[i + 3] - at[i]);
      if (gram.find_first_of(" \t\r\n") != std::string::npos) continue;
      std::string quoted = "\"";
      for (char c : gram) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
      quoted += "\"";
      if (!match.empty()) match += " OR ";
      match += quoted;
    }
    std::vector<ScoredDoc> out;
    if (match.empty()) return out;
    SqliteStmt select;
    sqlite3_prepare_v2(
        db_.db, "SELECT id, bm25(docs) FROM docs WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT ?",
        -1, &select.stmt, nullptr);
    sqlite3_bind_text(select.stmt, 1, match.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(select.stmt, 2, int(k));
    int rc;
    while ((rc = sqlite3_step(select.stmt)) == SQLITE_ROW) {
      // bm25() is lower-is-better; negate so higher scores rank first like the others.
      out.push_back({reinterpret_cast<const char*>(sqlite3_column_text(select.stmt, 0)),
                     -sqlite3_column_double(select.stmt, 1)});
    }
    if (rc != SQLITE_DONE)
      return fail(Error::internal(std::string("fts5: ") + sqlite3_errmsg(db_.db)));
    order_ranking(out);
    return out;
  }

 private:
  Result<void> exec(const char* sql) {
    char* message = nullptr;
    if (sqlite3_exec(db_.db, sql, nullptr, nullptr, &message) != SQLITE_OK) {
      std::string m = message ? message : "unknown";
      sqlite3_free(message);
      return fail(Error::internal(std::string("fts5: ") + m));
    }
    return ok();
  }
  text::Normalizer normalizer_;
  SqliteDb db_;
};

}  // namespace

std::unique_ptr<Retriever> yigong_retriever(std::shared_ptr<const match::FeatureExtractor> features,
                                            match::Bridging bridging, match::Weights weights,
                                            size_t max_terms) {
  return std::make_unique<YigongRetriever>(std::move(features), bridging, weights, max_terms);
}

std::unique_ptr<Retriever> xapian_default_retriever() {
  return std::make_unique<XapianDefaultRetriever>();
}

std::unique_ptr<Retriever> fts5_retriever(text::Normalizer normalizer) {
  return std::make_unique<Fts5Retriever>(std::move(normalizer));
}

Result<Run> run_queries(Retriever& retriever, const std::vector<EvalQuery>& queries) {
  Run run;
  for (const auto& q : queries) {
    auto ranked = retriever.rank(q.text(), 100);
    if (!ranked) return fail(ranked.error().at(q.id));
    run[q.id] = std::move(*ranked);
  }
  return run;
}

}  // namespace yigong::matcheval
