import ArgumentParser
import BLISSim
import Foundation

/// The skeleton of every `blis` subcommand: its work runs against a `CommandIO` (streams,
/// environment, folders), so tests run whole commands in-process; it prints only through `io`
/// (`emit` for the `--json`-or-text choice, `warn` for warnings); failures are thrown, and
/// `CLIRunner` turns them into one stderr line and the exit code (usage 2, runtime 1; see
/// `CLIFailure`).
protocol BLISSubcommand: ParsableCommand {
  func execute(io: CommandIO) throws
}

extension BLISSubcommand {
  func run() throws { try execute(io: .standard()) }
}

extension CommandIO {
  /// Prints a result: the JSON document with `--json`, else `text`; with `--results-path` the
  /// JSON is also written there (atomically) either way.
  func emit(_ document: some Encodable, text: () -> String, output: OutputSettings) throws {
    let json = try ReportJSON.encode(document)
    if let path = output.resultsPath { try AtomicFileWriter.write(json, to: path) }
    writeOutput(output.json ? String(decoding: json, as: UTF8.self) : text())
  }

  /// Prints each warning as `warning: …` on stderr unless `quiet`.
  func warn(_ warnings: [RunWarning], quiet: Bool) {
    warn(warnings.map(\.text), quiet: quiet)
  }
}
