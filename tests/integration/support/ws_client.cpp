#include "support/ws_client.hpp"

#include <condition_variable>
#include <deque>
#include <future>
#include <mutex>
#include <thread>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/json.hpp>

namespace wmpulse::testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

struct ws_client::impl : std::enable_shared_from_this<impl> {
  asio::io_context ioc;
  asio::executor_work_guard<asio::io_context::executor_type> work{ioc.get_executor()};
  websocket::stream<beast::tcp_stream> ws{ioc};
  beast::flat_buffer read_buffer;
  websocket::response_type handshake_answer;
  std::string refusal;
  std::thread thread;

  std::mutex mutex;
  std::condition_variable changed;
  std::deque<std::string> inbox;
  std::deque<std::string> outbox;  // owned by the io thread
  std::size_t unwritten = 0;       // guarded by mutex
  bool writing = false;            // io thread only
  bool write_failed = false;
  bool read_ended = false;
  unsigned close = 0;

  void start_thread() { thread = std::thread([this] { ioc.run(); }); }

  void read_loop() {
    ws.async_read(read_buffer, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      std::lock_guard lock(self->mutex);
      if (ec) {
        self->read_ended = true;
        if (ec == websocket::error::closed) self->close = self->ws.reason().code;
        self->changed.notify_all();
        return;
      }
      self->inbox.push_back(beast::buffers_to_string(self->read_buffer.data()));
      self->read_buffer.consume(self->read_buffer.size());
      self->changed.notify_all();
      self->read_loop();
    });
  }

  void write_next() {
    if (writing || outbox.empty() || write_failed) return;
    writing = true;
    ws.async_write(asio::buffer(outbox.front()), [self = shared_from_this()](beast::error_code ec, std::size_t) {
      self->writing = false;
      self->outbox.pop_front();
      std::lock_guard lock(self->mutex);
      if (ec) self->write_failed = true;
      else --self->unwritten;
      self->changed.notify_all();
      if (!ec) self->write_next();
    });
  }
};

ws_client::ws_client() : impl_(std::make_shared<impl>()) {}

ws_client::~ws_client() {
  asio::post(impl_->ioc, [s = impl_] {
    beast::error_code ignored;
    beast::get_lowest_layer(s->ws).socket().close(ignored);
    s->work.reset();
  });
  if (!impl_->thread.joinable()) impl_->start_thread();
  // Closing the socket ends every operation; stop() only if something still runs after that.
  for (int i = 0; i < 200 && !impl_->ioc.stopped(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  impl_->ioc.stop();
  impl_->thread.join();
}

unsigned ws_client::open(unsigned short port, const ws_open_options& o) {
  auto& s = *impl_;
  auto& socket = beast::get_lowest_layer(s.ws).socket();
  socket.open(tcp::v4());
  if (o.receive_buffer > 0) socket.set_option(asio::socket_base::receive_buffer_size(o.receive_buffer));
  socket.bind(tcp::endpoint(asio::ip::make_address(o.source_ip), 0));
  std::promise<unsigned> done;
  auto result = done.get_future();
  beast::get_lowest_layer(s.ws).expires_after(o.timeout);
  s.ws.set_option(websocket::stream_base::decorator([o](websocket::request_type& req) {
    req.set(http::field::sec_websocket_protocol, "graphql-transport-ws");
    if (!o.origin.empty()) req.set(http::field::origin, o.origin);
  }));
  const std::string host = "127.0.0.1:" + std::to_string(port);
  beast::get_lowest_layer(s.ws).async_connect(
      tcp::endpoint(asio::ip::make_address("127.0.0.1"), port),
      [self = impl_, host, &done, read = o.read_messages](beast::error_code ec) {
        if (ec) return done.set_value(0);
        self->ws.async_handshake(self->handshake_answer, host, "/graphql", [self, &done, read](beast::error_code ec) {
          unsigned status = self->handshake_answer.result_int();
          if (ec) {
            self->refusal = self->handshake_answer.body();
            return done.set_value(status);
          }
          beast::get_lowest_layer(self->ws).expires_never();
          self->ws.set_option(websocket::stream_base::timeout::suggested(beast::role_type::client));
          self->ws.read_message_max(256 << 20);
          if (read) self->read_loop();
          done.set_value(status);
        });
      });
  s.start_thread();
  if (result.wait_for(o.timeout + std::chrono::seconds(1)) != std::future_status::ready) {
    // The handler still refers to `done`: cut the socket and wait for it to finish.
    asio::post(s.ioc, [self = impl_] { beast::get_lowest_layer(self->ws).close(); });
    result.wait();
    return 0;
  }
  return result.get();
}

void ws_client::start_reading() {
  asio::post(impl_->ioc, [s = impl_] { s->read_loop(); });
}

const std::string& ws_client::refusal_body() const { return impl_->refusal; }

void ws_client::send(std::string text) {
  {
    std::lock_guard lock(impl_->mutex);
    ++impl_->unwritten;
  }
  asio::post(impl_->ioc, [s = impl_, text = std::move(text)]() mutable {
    s->outbox.push_back(std::move(text));
    s->write_next();
  });
}

bool ws_client::flush(std::chrono::milliseconds timeout) {
  std::unique_lock lock(impl_->mutex);
  return impl_->changed.wait_for(lock, timeout, [&] { return impl_->unwritten == 0 || impl_->write_failed; }) &&
         impl_->unwritten == 0;
}

std::optional<std::string> ws_client::next_message(std::chrono::milliseconds timeout) {
  std::unique_lock lock(impl_->mutex);
  impl_->changed.wait_for(lock, timeout, [&] { return !impl_->inbox.empty() || impl_->read_ended; });
  if (impl_->inbox.empty()) return std::nullopt;
  auto m = std::move(impl_->inbox.front());
  impl_->inbox.pop_front();
  return m;
}

bool ws_client::init(std::chrono::milliseconds timeout) {
  send(R"({"type":"connection_init"})");
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    auto m = next_message(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()));
    if (!m) return false;
    if (m->find("\"connection_ack\"") != std::string::npos) return true;
  }
  return false;
}

bool ws_client::ended() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->read_ended;
}

unsigned ws_client::close_code() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->close;
}

bool ws_client::wait_ended(std::chrono::milliseconds timeout) {
  std::unique_lock lock(impl_->mutex);
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!impl_->read_ended) {
    if (!impl_->changed.wait_until(lock, deadline, [&] { return impl_->read_ended || !impl_->inbox.empty(); })) break;
    impl_->inbox.clear();
  }
  return impl_->read_ended;
}

std::string subscribe_message(const std::string& id, const std::string& query) {
  boost::json::object m{{"id", id}, {"type", "subscribe"}, {"payload", {{"query", query}}}};
  return boost::json::serialize(m);
}

}  // namespace wmpulse::testing
