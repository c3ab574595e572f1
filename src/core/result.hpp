#pragma once
// result<T, E>: a value or an error, for decoders and parsers (the simdjson style).
// Callers check ok() and read value() or error(); no exceptions on the happy path.
#include <cassert>
#include <utility>
#include <variant>

namespace wmpulse::core {

template <class E>
struct failure {
  E error;
};
template <class E>
failure(E) -> failure<E>;

template <class T, class E>
class [[nodiscard]] result {
public:
  result(T value) : v_(std::in_place_index<0>, std::move(value)) {}
  template <class F>
  result(failure<F> f) : v_(std::in_place_index<1>, E(std::move(f.error))) {}

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { assert(ok()); return std::get<0>(v_); }
  const T& value() const& { assert(ok()); return std::get<0>(v_); }
  T&& value() && { assert(ok()); return std::get<0>(std::move(v_)); }
  const E& error() const { assert(!ok()); return std::get<1>(v_); }

private:
  std::variant<T, E> v_;
};

}  // namespace wmpulse::core
