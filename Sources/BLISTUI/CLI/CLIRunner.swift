import ArgumentParser
import Foundation

/// Parses and runs a command, turning every thrown error into the `CLIFailure` convention
/// (one line on stderr; exit 2 for usage, 1 for runtime). Help and `CleanExit` go to stdout
/// with exit 0. The streams are injectable so tests can run the whole CLI in-process.
struct CLIRunner {
  var writeOutput: (String) throws -> Void = { try StandardStream.output.write($0) }
  var writeError: (String) -> Void = { StandardStream.error.writeIgnoringErrors($0) }

  /// Runs `arguments` (without the program name) and returns the process exit code.
  func run<Root: ParsableCommand>(_ root: Root.Type, arguments: [String]) -> Int32 {
    do {
      var command = try root.parseAsRoot(arguments)
      try command.run()
      return 0
    } catch {
      return report(error, root: root, arguments: arguments)
    }
  }

  func report<Root: ParsableCommand>(_ error: any Error, root: Root.Type, arguments: [String]) -> Int32 {
    if let streamError = error as? StandardStreamError {
      // The reader of a pipe went away: nothing is wrong with the command, and nobody is left to
      // read an error message (as `git log | head -1` with SIGPIPE ignored).
      if !streamError.isBrokenPipe { writeError(CLIFailure(.runtime, streamError.description).description + "\n") }
      return CLIFailure.runtimeExitCode
    }
    if let failure = CLIFailure.classify(error) {
      writeError(failure.description + "\n")
      return failure.exitCode
    }
    let code = root.exitCode(for: error)
    if code == .success {  // --help, --version, CleanExit
      do { try writeOutput(root.fullMessage(for: error) + "\n") } catch {
        return report(error, root: root, arguments: arguments)
      }
      return 0
    }
    let message = root.message(for: error)
    if code == .validationFailure {
      let failure = CLIFailure(.usage, message + helpHint(root: root, arguments: arguments))
      writeError(failure.description + "\n")
      return failure.exitCode
    }
    if !message.isEmpty { writeError(CLIFailure(.runtime, message).description + "\n") }
    return code.rawValue
  }

  /// " (see 'blis run --help')" for the subcommand named in `arguments`, else the root's.
  private func helpHint<Root: ParsableCommand>(root: Root.Type, arguments: [String]) -> String {
    let rootName = root._commandName
    let names = root.configuration.subcommands.map { $0._commandName }
    let sub = arguments.first(where: names.contains)
    return " (see '\([rootName, sub].compactMap { $0 }.joined(separator: " ")) --help')"
  }
}
