#include "server/static_files.hpp"

#include <fstream>
#include <map>

#include <gtest/gtest.h>
#include <zlib.h>

#include "server/router.hpp"

namespace wmpulse::server {
namespace {
namespace fs = std::filesystem;

class static_files_test : public ::testing::Test {
protected:
  fs::path base = fs::temp_directory_path() / ("wmpulse-static-" + std::to_string(::getpid()) + "-" +
                                               ::testing::UnitTest::GetInstance()->current_test_info()->name());
  fs::path root = base / "web";
  router r;
  std::map<std::string, std::string> headers;

  void SetUp() override {
    fs::create_directories(root / "js");
    write(root / "index.html", "<h1>hi</h1>");
    write(root / "js" / "app.js", "console.log(1)");
    write(root / "style.CSS", "body{}");
    write(base / "secret.txt", "top secret");
    r.add_static("/", root);
  }
  void TearDown() override { fs::remove_all(base); }
  static void write(const fs::path& p, std::string_view text) { std::ofstream(p) << text; }

  http_answer get(std::string target, std::string method = "GET") {
    http_request_view v{method, target, {}, [this](std::string_view name) -> std::string_view {
                          auto it = headers.find(std::string(name));
                          return it == headers.end() ? std::string_view{} : std::string_view(it->second);
                        }};
    return r.dispatch(v);
  }
  static std::string header(const http_answer& a, std::string_view name) {
    for (auto& [n, v] : a.headers)
      if (n == name) return v;
    return {};
  }
};

TEST_F(static_files_test, root_serves_index_html) {
  auto a = get("/");
  EXPECT_EQ(a.status, 200u);
  EXPECT_EQ(a.body_view(), "<h1>hi</h1>");
  EXPECT_EQ(a.content_type, "text/html; charset=utf-8");
  EXPECT_EQ(header(a, "Cache-Control"), "no-cache");
  EXPECT_FALSE(header(a, "ETag").empty());
  EXPECT_TRUE(header(a, "Last-Modified").ends_with(" GMT"));
}

TEST_F(static_files_test, content_types_follow_the_extension) {
  EXPECT_EQ(get("/js/app.js").content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(get("/style.CSS").content_type, "text/css; charset=utf-8");
  EXPECT_EQ(content_type_for("x.bin"), "application/octet-stream");
  EXPECT_EQ(content_type_for("x.svg"), "image/svg+xml");
}

TEST_F(static_files_test, matching_etag_is_304) {
  auto first = get("/js/app.js");
  headers["If-None-Match"] = header(first, "ETag");
  auto again = get("/js/app.js");
  EXPECT_EQ(again.status, 304u);
  EXPECT_TRUE(again.body_view().empty());
}

TEST_F(static_files_test, matching_if_modified_since_is_304) {
  auto first = get("/js/app.js");
  headers["If-Modified-Since"] = header(first, "Last-Modified");
  EXPECT_EQ(get("/js/app.js").status, 304u);
}

TEST_F(static_files_test, traversal_is_refused) {
  for (const char* t : {"/../secret.txt", "/js/../../secret.txt", "/%2e%2e/secret.txt", "/js/%2E%2E/%2e%2E/secret.txt",
                        "/..%2fsecret.txt", "/js\\..\\..\\secret.txt", "/%00", "/%zz", "/%"}) {
    auto a = get(t);
    EXPECT_NE(a.status, 200u) << t;
    EXPECT_EQ(a.body_view().find("top secret"), std::string::npos) << t;
  }
  EXPECT_EQ(get("/../secret.txt").status, 403u);
}

TEST_F(static_files_test, symlink_out_of_the_root_is_refused) {
  fs::create_symlink(base / "secret.txt", root / "link.txt");
  auto a = get("/link.txt");
  EXPECT_EQ(a.status, 403u);
  EXPECT_EQ(a.body_view().find("top secret"), std::string::npos);
}

TEST_F(static_files_test, missing_file_is_404) { EXPECT_EQ(get("/nope.js").status, 404u); }

TEST_F(static_files_test, dot_segments_inside_the_root_resolve) {
  EXPECT_EQ(get("/js/./app.js").body_view(), "console.log(1)");
  EXPECT_EQ(get("/js/app.js?v=3").body_view(), "console.log(1)");
}

TEST_F(static_files_test, prefix_is_stripped) {
  router assets;
  assets.add_static("/assets", root / "js");
  http_request_view v{"GET", "/assets/app.js", {}, {}};
  EXPECT_EQ(assets.dispatch(v).body_view(), "console.log(1)");
  http_request_view outside{"GET", "/assetsx/app.js", {}, {}};
  EXPECT_EQ(assets.dispatch(outside).status, 404u);
}

TEST_F(static_files_test, single_file_route) {
  router one;
  one.add("/graphql", {"GET"}, static_file(root / "index.html"), accepts_html);
  http_request_view v{"GET", "/graphql", {}, [](std::string_view n) -> std::string_view {
                        return n == "Accept" ? "text/html" : "";
                      }};
  EXPECT_EQ(one.dispatch(v).body_view(), "<h1>hi</h1>");
}

std::string gunzip(std::string_view in) {
  z_stream z{};
  EXPECT_EQ(inflateInit2(&z, 15 + 16), Z_OK);
  std::string out(1 << 20, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(inflate(&z, Z_FINISH), Z_STREAM_END);
  out.resize(z.total_out);
  inflateEnd(&z);
  return out;
}

class static_cache_test : public static_files_test {
protected:
  std::string page;
  void SetUp() override {
    static_files_test::SetUp();
    for (int i = 0; i < 2000; ++i) page += "<p>row " + std::to_string(i % 37) + "</p>\n";
    write(root / "big.html", page);
    r = router{};
    r.add_static("/", root);
  }
};

TEST_F(static_cache_test, gzip_where_accepted_and_the_body_decodes_to_the_file) {
  headers["Accept-Encoding"] = "br, gzip;q=0.8";
  auto a = get("/big.html");
  EXPECT_EQ(a.status, 200u);
  EXPECT_EQ(header(a, "Content-Encoding"), "gzip");
  EXPECT_EQ(header(a, "Vary"), "Accept-Encoding");
  EXPECT_LT(a.body_view().size(), page.size() / 4);
  EXPECT_EQ(gunzip(a.body_view()), page);
  headers["Accept-Encoding"] = "gzip;q=0, identity";
  auto plain = get("/big.html");
  EXPECT_EQ(header(plain, "Content-Encoding"), "");
  EXPECT_EQ(plain.body_view(), page);
  EXPECT_NE(header(plain, "ETag"), header(a, "ETag")) << "each representation has its own strong ETag";
}

TEST_F(static_cache_test, if_none_match_on_the_gzip_etag_is_304) {
  headers["Accept-Encoding"] = "gzip";
  auto first = get("/big.html");
  headers["If-None-Match"] = header(first, "ETag");
  auto again = get("/big.html");
  EXPECT_EQ(again.status, 304u);
  EXPECT_TRUE(again.body_view().empty());
  EXPECT_EQ(header(again, "ETag"), header(first, "ETag"));
}

TEST_F(static_cache_test, the_etag_is_strong_and_follows_the_content) {
  auto etag = header(get("/big.html"), "ETag");
  EXPECT_FALSE(etag.starts_with("W/"));
  static_files_test::write(root / "same.html", page);
  r.add_static("/copy", root);
  EXPECT_EQ(header(get("/copy/same.html"), "ETag"), etag) << "same bytes, same ETag";
}

TEST_F(static_cache_test, files_are_read_once_and_served_from_memory) {
  auto first = get("/big.html");
  write(root / "big.html", "changed on disk");
  auto again = get("/big.html");
  EXPECT_EQ(again.body_view(), page) << "no disk read per request";
  EXPECT_EQ(again.shared_body.get(), first.shared_body.get()) << "not copied per request";
  EXPECT_EQ(get("/missing.html").status, 404u);
}

TEST(accepts_gzip, follows_q_values) {
  EXPECT_TRUE(accepts_gzip("gzip, deflate, br"));
  EXPECT_TRUE(accepts_gzip("*"));
  EXPECT_FALSE(accepts_gzip(""));
  EXPECT_FALSE(accepts_gzip("gzip;q=0"));
  EXPECT_FALSE(accepts_gzip("*;q=0"));
  EXPECT_FALSE(accepts_gzip("br, *;q=1, gzip;q=0"));
  EXPECT_FALSE(accepts_gzip("identity"));
}

}  // namespace
}  // namespace wmpulse::server
