import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The built `blis` executable (`make test` builds it before the tests; `$BLIS_BINARY` overrides).
func blisBinaryPath() throws -> String {
  if let explicit = ProcessInfo.processInfo.environment["BLIS_BINARY"], !explicit.isEmpty { return explicit }
  let candidate = repositoryRoot.appendingPathComponent(".build/debug/blis").path
  guard FileManager.default.isExecutableFile(atPath: candidate) else {
    throw ChildProcessError(message: "no blis binary at \(candidate): run `swift build` first (make test does)")
  }
  return candidate
}

struct ChildProcessError: Error, CustomStringConvertible {
  var message: String
  var description: String { message }
}

/// How a child ended and what it printed.
struct ChildResult {
  /// Exit code when it exited; nil when a signal killed it.
  var exitCode: Int32?
  /// The signal that killed it, if any.
  var signal: Int32?
  var stdout: String
  var stderr: String
  /// Peak resident memory of the child, KiB (`wait4` rusage).
  var maxRSSKiB: Int

  /// "exit 1" / "signal 11", for messages.
  var status: String { exitCode.map { "exit \($0)" } ?? "signal \(signal ?? 0)" }
}

/// A `blis` child process spawned with default signal dispositions (so SIGINT/SIGPIPE behave as
/// from a terminal, whatever the test runner ignores), its output in files.
final class ChildProcess {
  let pid: pid_t
  private let outputFolder: URL
  private var finished: ChildResult?

  /// What standard output is.
  enum Output {
    /// Captured into a file.
    case captured
    /// Redirected to this path (e.g. /dev/full).
    case path(String)
    /// Closed (`>&-`).
    case closed
  }

  /// Spawns `executable arguments` with `environment` added to the current one.
  /// - Parameters:
  ///   - stdout: where standard output goes.
  ///   - stdin: a file to read standard input from (default /dev/null).
  ///   - ignoreSIGPIPE: start the child with SIGPIPE ignored, as some shells and services do.
  init(_ executable: String, _ arguments: [String], environment: [String: String] = [:], stdout: Output = .captured,
       stdin: String = "/dev/null", ignoreSIGPIPE: Bool = false) throws {
    outputFolder = FileManager.default.temporaryDirectory.appendingPathComponent("blis-child-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: outputFolder, withIntermediateDirectories: true)
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, stdin, O_RDONLY, 0)
    switch stdout {
    case .captured:
      posix_spawn_file_actions_addopen(&actions, 1, outputFolder.appendingPathComponent("out").path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    case .path(let path):
      posix_spawn_file_actions_addopen(&actions, 1, path, O_WRONLY, 0)
    case .closed:
      posix_spawn_file_actions_addclose(&actions, 1)
    }
    posix_spawn_file_actions_addopen(&actions, 2, outputFolder.appendingPathComponent("err").path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)

    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var defaults = sigset_t()
    sigfillset(&defaults)
    sigdelset(&defaults, SIGKILL)
    sigdelset(&defaults, SIGSTOP)
    if ignoreSIGPIPE { sigdelset(&defaults, SIGPIPE) }
    var emptyMask = sigset_t()
    sigemptyset(&emptyMask)
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    posix_spawnattr_setsigmask(&attributes, &emptyMask)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

    // SIGPIPE ignored in the child: ignore it here around the spawn (ignored dispositions survive
    // exec), then restore.
    var previous = sigaction()
    if ignoreSIGPIPE {
      var ignore = sigaction()
      ignore.__sigaction_handler.sa_handler = unsafeBitCast(1, to: __sighandler_t.self)
      sigaction(SIGPIPE, &ignore, &previous)
    }
    defer { if ignoreSIGPIPE { sigaction(SIGPIPE, &previous, nil) } }

    var env = ProcessInfo.processInfo.environment
    for (key, value) in environment { env[key] = value }
    let argv = ([executable] + arguments).map { strdup($0) } + [nil]
    let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { for p in argv + envp { free(p) } }
    var child: pid_t = 0
    let status = posix_spawn(&child, executable, &actions, &attributes, argv, envp)
    guard status == 0 else { throw ChildProcessError(message: "posix_spawn \(executable): \(String(cString: strerror(status)))") }
    pid = child
  }

  deinit {
    if finished == nil { kill(pid, SIGKILL); _ = wait(timeoutSeconds: 10) }
    try? FileManager.default.removeItem(at: outputFolder)
  }

  func send(_ signal: Int32) { kill(pid, signal) }

  /// Waits for the child (killing it after `timeoutSeconds`) and returns how it ended.
  @discardableResult
  func wait(timeoutSeconds: Double = 120) -> ChildResult {
    if let finished { return finished }
    let deadline = Date().addingTimeInterval(timeoutSeconds)
    var status: Int32 = 0
    var usage = rusage()
    while true {
      let done = wait4(pid, &status, WNOHANG, &usage)
      if done == pid { break }
      if Date() > deadline { kill(pid, SIGKILL) }
      usleep(10_000)
    }
    let signal = status & 0x7f
    let read = { (name: String) in (try? String(contentsOf: self.outputFolder.appendingPathComponent(name), encoding: .utf8)) ?? "" }
    let result = ChildResult(exitCode: signal == 0 ? (status >> 8) & 0xff : nil, signal: signal == 0 ? nil : signal,
                             stdout: read("out"), stderr: read("err"), maxRSSKiB: Int(usage.ru_maxrss))
    finished = result
    return result
  }

  /// Runs `blis arguments` to the end.
  static func runBLIS(_ arguments: [String], stdout: Output = .captured, ignoreSIGPIPE: Bool = false,
                      timeoutSeconds: Double = 120) throws -> ChildResult {
    let child = try ChildProcess(try blisBinaryPath(), arguments, environment: blisTestEnvironment, stdout: stdout,
                                 ignoreSIGPIPE: ignoreSIGPIPE)
    return child.wait(timeoutSeconds: timeoutSeconds)
  }
}

/// The data folder of the repository, and a hub endpoint nobody listens on (no test touches the network).
let blisTestEnvironment = ["BLIS_DATA_DIR": repositoryRoot.path, "HF_ENDPOINT": "http://127.0.0.1:9", "HF_TOKEN": ""]
