#include "match/index.hpp"

#include <unordered_map>

#include "match/detail/index_impl.hpp"

namespace yigong::match {
namespace {

constexpr Xapian::termcount title_wdf = 2;

void add_text(Xapian::Document& doc, const Features& f, Xapian::termcount wdf) {
  for (const auto& w : f.words) doc.add_term(std::string(prefix::word) + w.term, wdf);
  for (const auto& b : f.bigrams) doc.add_term(std::string(prefix::bigram) + b.term, wdf);
}

void add_concepts(Xapian::Document& doc, const Features& f, const bridge::Thesaurus& thesaurus,
                  Xapian::termcount wdf, std::string& list) {
  for (const auto& c : f.concepts) {
    const std::string term =
        std::string(prefix::concept_) + thesaurus.concepts()[c.concept_index].id;
    doc.add_term(term, wdf * c.count);
    list += term;
    list += '\n';
  }
}

void add_filter(Xapian::Document& doc, std::string_view p, const std::string& value) {
  if (!value.empty()) doc.add_boolean_term(std::string(p) + value);
}

}  // namespace

Error xapian_error(const Xapian::Error& e, const std::string& doing) {
  const std::string type = e.get_type();
  if (type == "DatabaseLockError") {
    return Error::unavailable("search index is in use by another process (" + doing + ")");
  }
  if (type == "DatabaseCorruptError")
    return Error::corrupt("search index is corrupt: " + e.get_msg());
  return Error::unavailable("search index: " + doing + ": " + e.get_description());
}

Result<void> Index::Impl::with_reader(const std::function<void(Xapian::Database&)>& fn) {
  try {
    if (path.empty()) {
      std::lock_guard lock(write_mutex);
      fn(writer);
      return ok();
    }
    std::unique_ptr<Xapian::Database> reader;
    {
      std::lock_guard lock(pool_mutex);
      if (!readers.empty()) {
        reader = std::move(readers.back());
        readers.pop_back();
      }
    }
    if (!reader) {
      reader = std::make_unique<Xapian::Database>(path);
    } else {
      reader->reopen();
    }
    fn(*reader);
    std::lock_guard lock(pool_mutex);
    readers.push_back(std::move(reader));
    return ok();
  } catch (const Xapian::Error& e) {
    return fail(xapian_error(e, "search"));
  }
}

Index::Index(std::unique_ptr<Impl> impl, std::shared_ptr<const FeatureExtractor> features)
    : impl_(std::move(impl)), features_(std::move(features)) {}

Index::~Index() {
  try {
    std::lock_guard lock(impl_->write_mutex);
    impl_->writer.close();
  } catch (const Xapian::Error&) {
    // Closing without a commit loses only uncommitted changes, which callers replay.
  }
}

Result<std::unique_ptr<Index>> Index::open(const std::string& path,
                                           std::shared_ptr<const FeatureExtractor> features) {
  auto impl = std::make_unique<Impl>();
  impl->path = path;
  try {
    if (path.empty()) {
      impl->writer = Xapian::WritableDatabase(std::string(), Xapian::DB_BACKEND_INMEMORY);
    } else {
      impl->writer = Xapian::WritableDatabase(path, Xapian::DB_CREATE_OR_OPEN);
    }
  } catch (const Xapian::Error& e) {
    return fail(xapian_error(e, "opening " + (path.empty() ? std::string("in memory") : path)));
  }
  return std::unique_ptr<Index>(new Index(std::move(impl), std::move(features)));
}

Result<void> Index::put(const IndexDocument& d) {
  auto title = features_->extract(d.title);
  if (!title) return fail(title.error().at("title"));
  auto body = features_->extract(d.body);
  if (!body) return fail(body.error().at("body"));
  Xapian::Document doc;
  add_text(doc, *title, title_wdf);
  add_text(doc, *body, 1);
  if (const auto* concepts = features_->concepts()) {
    std::string list;
    add_concepts(doc, *title, concepts->thesaurus(), title_wdf, list);
    add_concepts(doc, *body, concepts->thesaurus(), 1, list);
    if (!list.empty()) doc.add_value(concepts_slot, list);
  }
  const std::string id_term = std::string(prefix::id) + d.id;
  doc.add_boolean_term(id_term);
  add_filter(doc, prefix::kind, d.kind);
  add_filter(doc, prefix::tenant, d.tenant);
  add_filter(doc, prefix::tier, d.tier);
  add_filter(doc, prefix::org_type, d.org_type);
  add_filter(doc, prefix::region, d.region);
  add_filter(doc, prefix::owner_org, d.owner_org);
  add_filter(doc, prefix::created_by, d.created_by);
  add_filter(doc, prefix::variant, d.teaser ? "teaser" : "full");
  if (d.trl) doc.add_value(trl_slot, Xapian::sortable_serialise(*d.trl));
  if (d.prior > 0) doc.add_value(prior_slot, Xapian::sortable_serialise(d.prior));
  doc.set_data(d.id + '\n' + (d.record.empty() ? d.id : d.record));
  try {
    std::lock_guard lock(impl_->write_mutex);
    impl_->writer.replace_document(id_term, doc);
  } catch (const Xapian::Error& e) {
    return fail(xapian_error(e, "indexing " + d.id));
  }
  return ok();
}

Result<void> Index::remove(const std::string& id) {
  try {
    std::lock_guard lock(impl_->write_mutex);
    impl_->writer.delete_document(std::string(prefix::id) + id);
  } catch (const Xapian::Error& e) {
    return fail(xapian_error(e, "removing " + id));
  }
  return ok();
}

Result<void> Index::clear() {
  try {
    std::lock_guard lock(impl_->write_mutex);
    // The empty term's posting list is every document.
    std::vector<Xapian::docid> ids(impl_->writer.postlist_begin(""),
                                   impl_->writer.postlist_end(""));
    for (Xapian::docid id : ids) impl_->writer.delete_document(id);
  } catch (const Xapian::Error& e) {
    return fail(xapian_error(e, "clearing"));
  }
  return ok();
}

Result<void> Index::commit(const std::vector<std::pair<std::string, std::string>>& metadata) {
  try {
    std::lock_guard lock(impl_->write_mutex);
    for (const auto& [k, v] : metadata) impl_->writer.set_metadata(k, v);
    impl_->writer.commit();
  } catch (const Xapian::Error& e) {
    return fail(xapian_error(e, "commit"));
  }
  return ok();
}

std::string Index::metadata(const std::string& key) const {
  try {
    std::lock_guard lock(impl_->write_mutex);
    return impl_->writer.get_metadata(key);
  } catch (const Xapian::Error&) {
    return {};
  }
}

IndexStats Index::stats() const {
  std::lock_guard lock(impl_->write_mutex);
  return {impl_->writer.get_doccount()};
}

}  // namespace yigong::match
