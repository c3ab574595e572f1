#pragma once
// A writer of the Prometheus text format 0.0.4: families (HELP and TYPE written with their
// first sample, so a family without samples leaves no trace), samples with escaped labels,
// and histograms from per-bucket counts.
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

#include "metrics/since_start.hpp"

namespace wmpulse::metrics {

using label = std::pair<std::string_view, std::string_view>;

std::string format_number(double v);
std::string format_number(std::int64_t v);
std::string format_number(std::uint64_t v);

class exposition {
public:
  // Starts a family; its HELP and TYPE lines are written with its first sample.
  void family(std::string_view name, std::string_view type, std::string_view help);

  template <class T>
  void sample(T value, std::initializer_list<label> labels = {}) {
    sample_text("", format_number(value), labels);
  }

  template <class T>
  void single(std::string_view name, std::string_view type, std::string_view help, T value) {
    family(name, type, help);
    sample(value);
  }

  // One histogram's _bucket (cumulative, le in seconds), _sum and _count samples; `labels`
  // come before `le`. The family must have been started with type "histogram".
  template <const auto& Bounds>
  void histogram(const duration_histogram<Bounds>& h, std::initializer_list<label> labels = {}) {
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i <= Bounds.size(); ++i) {
      cumulative += h.buckets[i];
      bucket(i < Bounds.size() ? format_number(static_cast<double>(Bounds[i]) / 1000.0) : "+Inf", cumulative, labels);
    }
    sample_text("_sum", format_number(static_cast<double>(h.sum_ms) / 1000.0), labels);
    sample_text("_count", format_number(h.count), labels);
  }

  std::string take() { return std::move(out_); }

private:
  void bucket(const std::string& le, std::uint64_t count, std::initializer_list<label> labels);
  void sample_text(std::string_view suffix, const std::string& value, std::initializer_list<label> labels,
                   const label* extra = nullptr);
  void write_header();

  std::string out_;
  std::string name_, type_, help_;
  bool header_pending_ = false;
};

}  // namespace wmpulse::metrics
