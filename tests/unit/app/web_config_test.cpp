// The web configuration file: users and tokens with roles, and every mistake refused with a
// message naming the file and the entry (and never the hash or the token).
#include "app/web_config.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "unit/server/access_fixture.hpp"

namespace wmpulse::app {
namespace {
using server::bit;
using server::role;

class web_config_test : public ::testing::Test {
protected:
  std::filesystem::path file = std::filesystem::temp_directory_path() / ("wmpulse-web-" + std::to_string(::getpid()) + ".toml");
  void TearDown() override { std::filesystem::remove(file); }
  core::result<server::access_config, std::string> read(const std::string& text) {
    std::ofstream(file) << text;
    return read_web_config(file.string());
  }
  std::string error_of(const std::string& text) {
    auto r = read(text);
    return r.ok() ? std::string("(accepted)") : r.error();
  }
  const std::string hash = server::testing::test_access_config().users[0].password_hash;
  const std::string digest = net::sha256_hex("t0ken");
};

TEST_F(web_config_test, reads_users_and_tokens_with_their_roles) {
  auto r = read("[[users]]\nname = \"ada\"\npassword_hash = '" + hash + "'\nroles = [\"viewer\", \"metrics\"]\n" +
                "[[tokens]]\nname = \"prometheus\"\nsha256 = \"" + digest + "\"\nroles = [\"metrics\"]\n");
  ASSERT_TRUE(r.ok()) << r.error();
  ASSERT_EQ(r.value().users.size(), 1u);
  EXPECT_EQ(r.value().users[0].name, "ada");
  EXPECT_EQ(r.value().users[0].roles, bit(role::viewer) | bit(role::metrics));
  ASSERT_EQ(r.value().tokens.size(), 1u);
  EXPECT_EQ(r.value().tokens[0].roles, bit(role::metrics));
  server::access_control access(r.value());
  EXPECT_TRUE(access.authenticate("Bearer t0ken"));
}

TEST_F(web_config_test, mistakes_are_named) {
  const std::string user = "[[users]]\nname = \"ada\"\npassword_hash = '" + hash + "'\n";
  struct row {
    std::string text, expected;
  };
  for (const row& r : {row{"", "no [[users]] and no [[tokens]]"},
                       row{"users = 3", "list of tables"},
                       row{user, "entry 1: needs roles"},
                       row{user + "roles = [\"admin\"]", "roles may hold only"},
                       row{user + "roles = [\"viewer\"]\nrole = \"x\"", "unknown key \"role\""},
                       row{"[[users]]\nname = \"ada\"\nroles = [\"viewer\"]", "needs password_hash"},
                       row{"[[users]]\nname = \"ada\"\npassword_hash = \"secret\"\nroles = [\"viewer\"]", "user \"ada\""},
                       row{"[[tokens]]\nname = \"ci\"\nsha256 = \"t0ken\"\nroles = [\"metrics\"]", "token \"ci\""},
                       row{"[tls]\ncert = 1", "unknown key \"tls\""},
                       row{"[[users]\n", "line 1"}}) {
    const std::string e = error_of(r.text);
    EXPECT_NE(e.find(r.expected), std::string::npos) << r.text << "\n→ " << e;
    EXPECT_NE(e.find(file.string()), std::string::npos) << e;
    EXPECT_EQ(e.find(hash), std::string::npos) << "the hash never appears in an error";
  }
  EXPECT_NE(read_web_config("/nonexistent/web.toml").error().find("cannot be read"), std::string::npos);
}

}  // namespace
}  // namespace wmpulse::app
