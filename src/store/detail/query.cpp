// Run-time parameter binding over SOCI's statement interface.
#include "store/detail/query.hpp"

namespace yigong::store::detail {

std::string Query::placeholder() { return ":p" + std::to_string(params_.size()); }

Query& Query::text(std::string value, bool null) {
  sql_ += placeholder();
  texts_.push_back(std::move(value));
  params_.push_back({Kind::text, texts_.size() - 1, null ? soci::i_null : soci::i_ok});
  return *this;
}

Query& Query::integer(std::int64_t value, bool null) {
  sql_ += placeholder();
  ints_.push_back(value);
  params_.push_back({Kind::integer, ints_.size() - 1, null ? soci::i_null : soci::i_ok});
  return *this;
}

void Query::bind(soci::statement& st) {
  for (auto& p : params_) {
    inds_.push_back(p.ind);
    if (p.kind == Kind::text) {
      st.exchange(soci::use(texts_[p.index], inds_.back()));
    } else {
      st.exchange(soci::use(ints_[p.index], inds_.back()));
    }
  }
}

std::int64_t Query::execute(Connection& c) {
  soci::statement st(c.sql);
  bind(st);
  st.alloc();
  st.prepare(sql_);
  st.define_and_bind();
  st.execute(true);
  return st.get_affected_rows();
}

void Query::each(Connection& c, const std::function<void(const soci::row&)>& fn) {
  soci::row row;
  soci::statement st(c.sql);
  st.exchange(soci::into(row));
  bind(st);
  st.alloc();
  st.prepare(sql_);
  st.define_and_bind();
  st.execute(false);
  while (st.fetch()) fn(row);
}

std::int64_t returned_id(Query& q, Connection& c) {
  std::int64_t id = 0;
  q.each(c, [&](const soci::row& row) { id = row_int(row, 0); });
  return id;
}

}  // namespace yigong::store::detail
