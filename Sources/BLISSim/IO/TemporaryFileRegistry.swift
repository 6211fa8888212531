import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The hidden temporary files of unfinished outputs, so that a signal (Ctrl-C, `kill`, a hang-up,
/// a crash) or an `exit` cannot leave them behind.
///
/// `StreamingAtomicFile` registers each temporary file when it creates it and unregisters it when
/// the file is renamed into place or deleted. `installCleanupHandlers()` (called once by the `blis`
/// executable) installs handlers that unlink every registered file and then let the signal do what
/// it did before (terminate, or the previous handler, e.g. the terminal restore of `blis tui`).
///
/// This is the one piece of process-wide mutable state in the library, and deliberately so: signal
/// dispositions are process-wide, and a signal handler can reach nothing but globals. The storage is
/// allocated once, up front, so the handler only reads memory and calls `unlink(2)` (both
/// async-signal-safe): each slot is a state word (free, being written, ready) plus a fixed-size
/// path buffer.
public final class TemporaryFileRegistry: @unchecked Sendable {
  /// The registry every `StreamingAtomicFile` uses.
  public static let shared = TemporaryFileRegistry(capacity: 256)

  /// Slot states.
  private static let free = 0, writing = 1, ready = 2
  /// Longest path a slot holds, bytes including the terminating NUL (Linux PATH_MAX).
  static let pathCapacity = 4096

  private let capacity: Int
  private let states: UnsafeMutablePointer<Atomic<Int>>
  private let paths: UnsafeMutablePointer<CChar>
  /// The action each signal had before `installCleanupHandlers()`, restored before re-raising.
  private let previousActions: UnsafeMutablePointer<sigaction>

  init(capacity: Int) {
    self.capacity = capacity
    states = .allocate(capacity: capacity)
    for i in 0..<capacity { (states + i).initialize(to: Atomic(Self.free)) }
    paths = .allocate(capacity: capacity * Self.pathCapacity)
    paths.initialize(repeating: 0, count: capacity * Self.pathCapacity)
    previousActions = .allocate(capacity: Int(NSIG))
    previousActions.initialize(repeating: sigaction(), count: Int(NSIG))
  }

  /// A registration to hand back to `unregister(_:)`; `nil` slot when the registry was full or the
  /// path too long (the file is then only removed by the normal error paths).
  public struct Token: Sendable {
    fileprivate let slot: Int?
  }

  /// Records `path` as a temporary file to unlink if the process is interrupted.
  public func register(_ path: String) -> Token {
    let bytes = Array(path.utf8CString)
    guard bytes.count <= Self.pathCapacity else { return Token(slot: nil) }
    for slot in 0..<capacity {
      guard states[slot].compareExchange(expected: Self.free, desired: Self.writing, ordering: .acquiring).exchanged
      else { continue }
      let base = paths + slot * Self.pathCapacity
      bytes.withUnsafeBufferPointer { base.update(from: $0.baseAddress!, count: bytes.count) }
      states[slot].store(Self.ready, ordering: .releasing)
      return Token(slot: slot)
    }
    return Token(slot: nil)
  }

  /// Forgets a temporary file (it was renamed into place or deleted).
  public func unregister(_ token: Token) {
    guard let slot = token.slot else { return }
    states[slot].store(Self.free, ordering: .releasing)
  }

  /// Paths currently registered (for tests and diagnostics).
  public var registeredPaths: [String] {
    (0..<capacity).compactMap { slot in
      states[slot].load(ordering: .acquiring) == Self.ready ? String(cString: paths + slot * Self.pathCapacity) : nil
    }
  }

  /// Unlinks every registered file. Async-signal-safe: no allocation, no locks.
  func unlinkAll() {
    for slot in 0..<capacity where states[slot].load(ordering: .acquiring) == Self.ready {
      _ = unlink(paths + slot * Self.pathCapacity)
    }
  }

  /// Signals that end the process by default and that a user or the system sends (Ctrl-C, `kill`,
  /// a closed terminal or pipe).
  static let terminatingSignals: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE, SIGXFSZ]
  /// Faults (a Swift runtime trap is SIGILL/SIGTRAP), whether raised by the CPU or sent with `kill`.
  static let faultSignals: [Int32] = [SIGILL, SIGTRAP, SIGABRT, SIGSEGV, SIGBUS, SIGFPE]

  /// Installs the cleanup for every signal in `terminatingSignals` and `faultSignals` whose
  /// disposition is not "ignore" (so `nohup` and an ignored SIGPIPE keep working), plus an
  /// `atexit` cleanup. Call once, early, from the main thread of an executable.
  public func installCleanupHandlers() {
    installAlternateSignalStack()
    for signal in Self.terminatingSignals + Self.faultSignals {
      var current = sigaction()
      guard sigaction(signal, nil, &current) == 0, !Self.isIgnored(current) else { continue }
      var action = sigaction()
      #if canImport(Glibc)
      action.__sigaction_handler.sa_handler = temporaryFileCleanupHandler
      #else
      action.__sigaction_u.__sa_handler = temporaryFileCleanupHandler
      #endif
      action.sa_flags = Int32(SA_ONSTACK)
      sigemptyset(&action.sa_mask)
      _ = sigaction(signal, &action, previousActions + Int(signal))
    }
    atexit { TemporaryFileRegistry.shared.unlinkAll() }
  }

  /// Called by the handler: clean up, restore the previous action, and raise the signal again. It
  /// stays blocked until the handler returns, so it is then delivered to the previous action (the
  /// default, or e.g. the terminal restore of `blis tui`) in the context that was interrupted — for
  /// a fault, at the faulting instruction, so crash reports stay accurate.
  fileprivate func handle(_ signal: Int32) {
    unlinkAll()
    _ = sigaction(signal, previousActions + Int(signal), nil)
    _ = raise(signal)
  }

  private static func isIgnored(_ action: sigaction) -> Bool {
    #if canImport(Glibc)
    let handler = unsafeBitCast(action.__sigaction_handler.sa_handler, to: Int.self)
    #else
    let handler = unsafeBitCast(action.__sigaction_u.__sa_handler, to: Int.self)
    #endif
    return handler == 1  // SIG_IGN
  }

  /// A stack for the handlers, so a stack overflow (SIGSEGV) can still clean up.
  private func installAlternateSignalStack() {
    let size = 64 * 1024
    var stack = stack_t()
    stack.ss_sp = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 16)
    stack.ss_size = size
    stack.ss_flags = 0
    _ = sigaltstack(&stack, nil)
  }
}

/// The C signal handler (no context can be captured, hence the shared registry).
private func temporaryFileCleanupHandler(_ signal: Int32) {
  TemporaryFileRegistry.shared.handle(signal)
}
