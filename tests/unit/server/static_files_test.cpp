#include "server/static_files.hpp"

#include <fstream>
#include <map>

#include <gtest/gtest.h>

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
  EXPECT_EQ(a.body, "<h1>hi</h1>");
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
  EXPECT_TRUE(again.body.empty());
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
    EXPECT_EQ(a.body.find("top secret"), std::string::npos) << t;
  }
  EXPECT_EQ(get("/../secret.txt").status, 403u);
}

TEST_F(static_files_test, symlink_out_of_the_root_is_refused) {
  fs::create_symlink(base / "secret.txt", root / "link.txt");
  auto a = get("/link.txt");
  EXPECT_EQ(a.status, 403u);
  EXPECT_EQ(a.body.find("top secret"), std::string::npos);
}

TEST_F(static_files_test, missing_file_is_404) { EXPECT_EQ(get("/nope.js").status, 404u); }

TEST_F(static_files_test, dot_segments_inside_the_root_resolve) {
  EXPECT_EQ(get("/js/./app.js").body, "console.log(1)");
  EXPECT_EQ(get("/js/app.js?v=3").body, "console.log(1)");
}

TEST_F(static_files_test, prefix_is_stripped) {
  router assets;
  assets.add_static("/assets", root / "js");
  http_request_view v{"GET", "/assets/app.js", {}, {}};
  EXPECT_EQ(assets.dispatch(v).body, "console.log(1)");
  http_request_view outside{"GET", "/assetsx/app.js", {}, {}};
  EXPECT_EQ(assets.dispatch(outside).status, 404u);
}

TEST_F(static_files_test, single_file_route) {
  router one;
  one.add("/graphql", {"GET"}, static_file(root / "index.html"), accepts_html);
  http_request_view v{"GET", "/graphql", {}, [](std::string_view n) -> std::string_view {
                        return n == "Accept" ? "text/html" : "";
                      }};
  EXPECT_EQ(one.dispatch(v).body, "<h1>hi</h1>");
}

}  // namespace
}  // namespace wmpulse::server
