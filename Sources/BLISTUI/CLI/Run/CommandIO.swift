import BLISSim
import Foundation

/// The outside world of one command invocation — streams, environment, folders, progress bar —
/// injectable so tests run whole commands in-process and capture both streams.
struct CommandIO {
  var writeOutput: (String) -> Void
  var writeError: (String) -> Void
  /// Process environment (`HF_ENDPOINT`, `HF_TOKEN`, `BLIS_DATA_DIR`).
  var environment: [String: String]
  /// Folder of `defaults.yaml`, `hardware_config.json`, `model_configs/`.
  var dataDirectory: URL
  /// Folder relative command-line paths are resolved against.
  var currentDirectory: URL
  /// The progress bar for long runs (disabled in tests and when `quiet`).
  var makeProgressBar: (_ quiet: Bool) -> ProgressBar
  /// Wall-clock seconds since a fixed origin, for the progress bar only (never for output).
  var nowSeconds: () -> Double
  /// Everything on standard input (`blis steptime --batches -`).
  var readStandardInput: () -> Data = { FileHandle.standardInput.readDataToEndOfFile() }

  /// The real process: stdout, stderr, the environment, the located data folder, a TTY progress bar.
  static func standard() -> CommandIO {
    let environment = ProcessInfo.processInfo.environment
    let start = ContinuousClock.now
    return CommandIO(
      writeOutput: { FileHandle.standardOutput.write(Data($0.utf8)) },
      writeError: { FileHandle.standardError.write(Data($0.utf8)) },
      environment: environment,
      dataDirectory: DataDirectory.locate(environment: environment),
      currentDirectory: URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true),
      makeProgressBar: { ProgressBar.standardError(quiet: $0) },
      nowSeconds: {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
      })
  }

  /// Prints each warning line as `warning: …` on stderr unless `quiet`.
  func warn(_ warnings: [String], quiet: Bool) {
    guard !quiet else { return }
    for warning in warnings { writeError("warning: \(warning)\n") }
  }
}
