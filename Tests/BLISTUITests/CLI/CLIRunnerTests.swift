import ArgumentParser
import BLISSim
import Testing
@testable import BLISTUI

/// Captures both streams of an in-process CLI run.
private final class Streams: @unchecked Sendable {
  var output = ""
  var error = ""
  var runner: CLIRunner {
    CLIRunner(writeOutput: { self.output += $0 }, writeError: { self.error += $0 })
  }
}

/// A tiny command tree exercising each error path.
private struct Root: ParsableCommand {
  static let configuration = CommandConfiguration(commandName: "blis", subcommands: [Fail.self, Options.self])
}

private struct Fail: ParsableCommand {
  static let configuration = CommandConfiguration(commandName: "fail")
  @Option var kind: String
  func run() throws {
    switch kind {
    case "usage": throw SettingsError.invalidValue(place: "--rate", value: "-5", allowed: "a finite number > 0")
    case "network": throw ModelConfigResolutionError.unreachable(endpoint: "https://huggingface.co", reason: "host not found")
    case "gated": throw ModelConfigResolutionError.gated(repo: "meta-llama/x", statusCode: 401)
    case "notfound": throw ModelConfigResolutionError.notFoundOnHub(repo: "a/b", url: "https://huggingface.co/a/b/resolve/main/config.json")
    case "io": throw OutputFileError.systemCall(operation: "write", path: "/x", reason: "No space left on device")
    case "validation": throw ValidationError("--tp 3 does not divide 32 attention heads")
    case "exit": throw ExitCode(7)
    default: break
    }
  }
}

private struct Options: ParsableCommand {
  static let configuration = CommandConfiguration(commandName: "options")
  @OptionGroup var options: RunOptions<BuiltinSettingDefaults>
  func run() throws {
    _ = try SettingsResolver.resolve(flags: options.settingsLayer)
  }
}

@Suite struct CLIRunnerTests {
  @Test(arguments: [
    (["fail", "--kind", "usage"], Int32(2), "error: --rate '-5' is invalid: expected a finite number > 0\n"),
    (["fail", "--kind", "network"], 1, "error: could not reach https://huggingface.co: host not found (use --model-config-folder)\n"),
    (["fail", "--kind", "gated"], 1, nil),
    (["fail", "--kind", "notfound"], 2, nil),
    (["fail", "--kind", "io"], 1, "error: cannot write /x: No space left on device\n"),
    (["fail", "--kind", "validation"], 2, "error: --tp 3 does not divide 32 attention heads (see 'blis fail --help')\n"),
    (["fail", "--kind", "exit"], 7, ""),
    (["fail", "--kind", "none"], 0, ""),
    (["fail", "--kind", "x", "--bogus"], 2, "error: Unknown option '--bogus' (see 'blis fail --help')\n"),
    (["fail"], 2, nil),
    (["nosuch"], 2, nil),
    // Flags and --config values are parsed by the library: one message for both.
    (["options", "--model", "org/m", "--rate", "abc"], 2,
     "error: --rate 'abc' is invalid: expected a finite number > 0 (requests per second)\n"),
    (["options", "--model", "org/m", "--tp", "2.5"], 2, "error: --tp '2.5' is invalid: expected an integer ≥ 1\n"),
    (["options", "--model", "org/m", "--rate", "-5"], 2, "error: --rate '-5' is invalid: expected a finite number > 0 (requests per second)\n"),
    (["options", "--rate", "5"], 2, nil),
  ] as [([String], Int32, String?)])
  func exitCodeAndOneLine(arguments: [String], expectedCode: Int32, expectedError: String?) {
    let streams = Streams()
    let code = streams.runner.run(Root.self, arguments: arguments)
    #expect(code == expectedCode, "\(arguments): \(streams.error)")
    if let expectedError { #expect(streams.error == expectedError) }
    if expectedCode != 0 && expectedCode != 7 {
      #expect(streams.error.hasPrefix("error: "))
      #expect(streams.error.filter { $0 == "\n" }.count == 1, "one line: \(streams.error)")
    }
    #expect(streams.output.isEmpty)
  }

  @Test func helpGoesToStdoutWithExitZero() {
    let streams = Streams()
    #expect(streams.runner.run(Root.self, arguments: ["options", "--help"]) == 0)
    #expect(streams.output.contains("MODEL & HARDWARE:"))
    #expect(streams.error.isEmpty)
  }

  @Test func theRealRootUsesTheConvention() {
    let streams = Streams()
    #expect(streams.runner.run(BLISCommand.self, arguments: ["--no-such-flag"]) == 2)
    #expect(streams.error == "error: Unknown option '--no-such-flag' (see 'blis --help')\n")
  }
}
