import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One request as the loopback server saw it. Header names are lower-cased.
struct RecordedRequest: Sendable {
  var method: String
  var path: String
  var headers: [String: String]
}

/// What the loopback server answers.
struct CannedResponse: Sendable {
  var statusCode: Int
  var body: Data
  var extraHeaders: [(String, String)] = []
  /// Accept the request but never answer (until the server stops) — for timeout tests.
  var hang = false

  static func json(_ text: String, status: Int = 200) -> CannedResponse {
    CannedResponse(statusCode: status, body: Data(text.utf8))
  }
}

/// A tiny HTTP/1.1 server on 127.0.0.1 (port chosen by the kernel) for tests: one connection at a
/// time, one request per connection (`Connection: close`), served on a background thread until
/// `stop()`, which closes the socket and waits for the thread to exit.
final class LoopbackHTTPServer: @unchecked Sendable {
  let port: UInt16
  private let listenDescriptor: Int32
  private let respond: @Sendable (RecordedRequest) -> CannedResponse
  private let lock = NSLock()
  private var recorded: [RecordedRequest] = []
  private var stopping = false
  private let exited = DispatchSemaphore(value: 0)

  var baseURL: URL { URL(string: "http://127.0.0.1:\(port)")! }
  var requests: [RecordedRequest] { lock.withLock { recorded } }
  private var isStopping: Bool { lock.withLock { stopping } }

  init(respond: @escaping @Sendable (RecordedRequest) -> CannedResponse) throws {
    self.respond = respond
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw ServerError.socket(errno) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let bound = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard bound == 0, listen(fd, 8) == 0 else { close(fd); throw ServerError.socket(errno) }
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
    }
    listenDescriptor = fd
    port = UInt16(bigEndian: address.sin_port)
    let thread = Thread { [self] in self.serve() }
    thread.start()
  }

  /// Stops accepting, closes the socket and waits (bounded) for the serving thread to exit.
  func stop() {
    let alreadyStopping = lock.withLock { () -> Bool in
      defer { stopping = true }
      return stopping
    }
    guard !alreadyStopping else { return }
    _ = exited.wait(timeout: .now() + 5)
    close(listenDescriptor)
  }

  private func serve() {
    defer { exited.signal() }
    while !isStopping {
      var poller = pollfd(fd: listenDescriptor, events: Int16(POLLIN), revents: 0)
      guard poll(&poller, 1, 50) > 0 else { continue }
      let client = accept(listenDescriptor, nil, nil)
      guard client >= 0 else { continue }
      handle(client)
      close(client)
    }
  }

  private func handle(_ client: Int32) {
    var timeout = timeval(tv_sec: 2, tv_usec: 0)
    setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    var received = [UInt8]()
    var chunk = [UInt8](repeating: 0, count: 4096)
    while received.count < 65_536 {
      let n = read(client, &chunk, chunk.count)
      guard n > 0 else { break }
      received += chunk[0..<n]
      if received.count >= 4, Array(received.suffix(4)) == [13, 10, 13, 10] { break }
    }
    guard let request = Self.parse(received) else { return }
    lock.withLock { recorded.append(request) }
    let response = respond(request)
    if response.hang {
      while !isStopping { usleep(20_000) }
      return
    }
    var head = "HTTP/1.1 \(response.statusCode) Status\r\nContent-Type: application/json\r\n"
    head += "Content-Length: \(response.body.count)\r\nConnection: close\r\n"
    for (name, value) in response.extraHeaders { head += "\(name): \(value)\r\n" }
    head += "\r\n"
    let bytes = Array(head.utf8) + Array(response.body)
    var offset = 0
    while offset < bytes.count {
      let n = bytes[offset...].withUnsafeBytes { write(client, $0.baseAddress!, $0.count) }
      guard n > 0 else { return }
      offset += n
    }
  }

  private static func parse(_ bytes: [UInt8]) -> RecordedRequest? {
    guard let text = String(bytes: bytes, encoding: .utf8) else { return nil }
    let lines = text.components(separatedBy: "\r\n")
    let requestLine = lines[0].split(separator: " ")
    guard requestLine.count >= 2 else { return nil }
    var headers: [String: String] = [:]
    for line in lines.dropFirst() {
      guard let colon = line.firstIndex(of: ":") else { continue }
      headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
    }
    return RecordedRequest(method: String(requestLine[0]), path: String(requestLine[1]), headers: headers)
  }

  enum ServerError: Error { case socket(Int32) }
}
