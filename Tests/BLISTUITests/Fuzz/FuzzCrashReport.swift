import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Makes an in-process fuzz crash reproducible: before each case the suite records its name and
/// input here, and a handler for the fatal signals (a Swift trap is SIGILL/SIGTRAP, a stack
/// overflow SIGSEGV) writes that record to stderr before the process dies. An assertion failure
/// prints the input in its own message; this covers the crashes, which print nothing else.
///
/// Test-only process-wide state (a signal handler can reach nothing else): one fixed buffer,
/// written before each case on the fuzz suites' own thread (the suites are serialized).
enum FuzzCrashReport {
  private static let capacity = 16 * 1024
  nonisolated(unsafe) private static let buffer: UnsafeMutablePointer<CChar> = {
    let pointer = UnsafeMutablePointer<CChar>.allocate(capacity: capacity)
    pointer.initialize(repeating: 0, count: capacity)
    return pointer
  }()
  nonisolated(unsafe) private static var installed = false

  /// Records the case about to run (its description is cut to the buffer).
  static func begin(_ description: @autoclosure () -> String) {
    install()
    ensureAlternateStack()
    let bytes = Array(("\nfuzz case crashed the process: " + description() + "\n").utf8.prefix(capacity - 1))
    bytes.withUnsafeBufferPointer { raw in
      raw.withMemoryRebound(to: CChar.self) { buffer.update(from: $0.baseAddress!, count: bytes.count) }
    }
    buffer[bytes.count] = 0
  }

  /// A stack overflow leaves no stack for the handler: give the current thread a separate one.
  private static func ensureAlternateStack() {
    var current = stack_t()
    guard sigaltstack(nil, &current) == 0, current.ss_flags & Int32(SS_DISABLE) != 0 else { return }
    var stack = stack_t()
    stack.ss_sp = UnsafeMutableRawPointer.allocate(byteCount: 64 * 1024, alignment: 16)
    stack.ss_size = 64 * 1024
    _ = sigaltstack(&stack, nil)
  }

  private static func install() {
    guard !installed else { return }
    installed = true
    for signal in [SIGILL, SIGTRAP, SIGSEGV, SIGBUS, SIGFPE, SIGABRT] {
      var action = sigaction()
      action.__sigaction_handler.sa_handler = { signal in
        _ = write(STDERR_FILENO, FuzzCrashReport.buffer, strlen(FuzzCrashReport.buffer))
        Glibc.signal(signal, SIG_DFL)
        raise(signal)
      }
      action.sa_flags = Int32(SA_ONSTACK)
      sigemptyset(&action.sa_mask)
      sigaction(signal, &action, nil)
    }
  }
}

/// "<suite> case <index> (BLIS_FUZZ_SEED=<seed>): <input>" with the input cut to `limit` characters.
func fuzzCaseName(_ suite: String, _ index: Int, _ input: String, limit: Int = 2000) -> String {
  let shown = input.count > limit ? String(input.prefix(limit)) + "… (\(input.count) characters)" : input
  return "\(suite) case \(index) (BLIS_FUZZ_SEED=\(FuzzRandom.baseSeed)): \(shown.debugDescription)"
}
