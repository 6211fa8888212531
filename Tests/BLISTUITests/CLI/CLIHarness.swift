import ArgumentParser
import BLISSim
import Foundation
import Testing
@testable import BLISTUI

/// The repository root (holds defaults.yaml, hardware_config.json, model_configs/).
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent().deletingLastPathComponent()

/// What one in-process CLI invocation printed and returned.
struct CLIResult {
  var code: Int32
  var stdout: String
  var stderr: String
}

/// Both streams of an in-process run.
private final class Capture: @unchecked Sendable {
  var stdout = ""
  var stderr = ""
}

/// Runs `blis <arguments>` (any subcommand) in-process through the real parser and the `CLIRunner` error
/// convention, with injected streams, environment and folders. The default environment points
/// `HF_ENDPOINT` at a closed local port, so no test touches the network.
func runBLIS(_ arguments: [String], environment: [String: String] = ["HF_ENDPOINT": "http://127.0.0.1:9"],
             currentDirectory: URL = repositoryRoot, progress: ProgressBar? = nil,
             nowSeconds: @escaping () -> Double = { 0 }, standardInput: Data = Data()) -> CLIResult {
  let capture = Capture()
  let io = CommandIO(
    writeOutput: { capture.stdout += $0 }, writeError: { capture.stderr += $0 }, environment: environment,
    dataDirectory: repositoryRoot, currentDirectory: currentDirectory,
    makeProgressBar: { _ in progress ?? ProgressBar(isEnabled: false) { _ in } }, nowSeconds: nowSeconds,
    readStandardInput: { standardInput })
  let runner = CLIRunner(writeOutput: { capture.stdout += $0 }, writeError: { capture.stderr += $0 })
  var code: Int32 = 0
  do {
    guard let command = try BLISCommand.parseAsRoot(arguments) as? any BLISSubcommand else {
      Issue.record("runBLIS runs subcommands, got \(arguments)")
      return CLIResult(code: -1, stdout: "", stderr: "")
    }
    try command.execute(io: io)
  } catch {
    code = runner.report(error, root: BLISCommand.self, arguments: arguments)
  }
  return CLIResult(code: code, stdout: capture.stdout, stderr: capture.stderr)
}

/// A fresh empty folder under the system temporary directory.
func makeTemporaryFolder(_ name: String = "blis-cli") throws -> URL {
  let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString)", isDirectory: true)
  try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  return url
}

/// Every entry of `folder`, hidden ones included.
func entries(of folder: URL) -> [String] {
  ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
}

let llama8b = "meta-llama/llama-3.1-8b-instruct"
