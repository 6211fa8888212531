import ArgumentParser
import BLISSim
import Foundation

/// The CLI's error convention: every failure is ONE line on stderr, `error: <message>`, and
/// the exit code says whose fault it was:
///
/// - **2 — usage**: the command line, a `--config`/spec file, or a name is wrong (bad flag value,
///   unknown model/GPU/policy, invalid combination, missing or malformed input file). Fix the
///   invocation and retry. ArgumentParser's own parse errors (which it would exit with 64,
///   `EX_USAGE`) are mapped to 2 as well, by `CLIRunner` (called from `BLISCommand.main()`).
/// - **1 — runtime**: the invocation was fine but something outside it failed (network, hub
///   access, disk writes).
/// - **0** — success, including `--help`.
struct CLIFailure: Error, Equatable, CustomStringConvertible {
  enum Kind: Equatable { case usage, runtime }

  static let usageExitCode: Int32 = 2
  static let runtimeExitCode: Int32 = 1

  var kind: Kind
  /// One line, without the `error: ` prefix.
  var message: String

  init(_ kind: Kind, _ message: String) {
    self.kind = kind
    self.message = message.split(whereSeparator: \.isNewline).joined(separator: " ")
  }

  var exitCode: Int32 { kind == .usage ? Self.usageExitCode : Self.runtimeExitCode }
  var description: String { "error: \(message)" }

  /// The convention for a library error, or `nil` when the error is ArgumentParser's own (or
  /// unknown to the mapping) and `CLIRunner` should ask ArgumentParser.
  static func classify(_ error: any Error) -> CLIFailure? {
    switch error {
    case let failure as CLIFailure: return failure
    case let classified as any CLIClassifiedError:
      return CLIFailure(classified.isUsageError ? .usage : .runtime, String(describing: classified))
    default: return nil
    }
  }
}

/// A library error that knows whether it is a usage error (exit 2) or a runtime failure (exit 1).
/// Every error type a command can throw is classified here, in this one file (one line each);
/// an unclassified error is a runtime failure (the fuzz suite checks that none is left).
protocol CLIClassifiedError: Error, CustomStringConvertible {
  var isUsageError: Bool { get }
}

extension SettingsError: CLIClassifiedError {}

/// A folder or missing folder for an output path is usage; a failing write is runtime.
extension OutputFileError: CLIClassifiedError {}

extension ModelConfigResolutionError: CLIClassifiedError {
  /// Wrong names, folders and local files are the user's to fix (2); the hub, the network and
  /// the cache write are runtime failures (1). A 404 means the model id is wrong, so it is usage.
  var isUsageError: Bool {
    switch self {
    case .invalidModelName, .invalidRepoID, .invalidEndpoint, .folderMissingConfig, .malformedLocalConfig,
         .notCachedAndNotARepo, .notFoundOnHub:
      return true
    case .gated, .unexpectedStatus, .unreachable, .bodyTooLarge, .malformedDownload, .cacheWriteFailed:
      return false
    }
  }
}

extension BlackboxCoefficientsError: CLIClassifiedError {
  /// Coefficients come from flags or defaults.yaml: the user's to fix.
  var isUsageError: Bool { true }
}

// Bad names, files, values and combinations are the user's to fix: usage errors (exit 2).
extension DeploymentError: CLIClassifiedError { var isUsageError: Bool { true } }
extension KVCapacityError: CLIClassifiedError { var isUsageError: Bool { true } }
extension MemoryShortfall: CLIClassifiedError { var isUsageError: Bool { true } }
extension WorkloadError: CLIClassifiedError { var isUsageError: Bool { true } }
extension DefaultsFileError: CLIClassifiedError { var isUsageError: Bool { true } }
extension HardwareConfigError: CLIClassifiedError { var isUsageError: Bool { true } }
extension ModelConfigError: CLIClassifiedError { var isUsageError: Bool { true } }
extension EngineConfigurationError: CLIClassifiedError { var isUsageError: Bool { true } }
extension PlanningError: CLIClassifiedError { var isUsageError: Bool { true } }
extension CalibrationError: CLIClassifiedError { var isUsageError: Bool { true } }
extension StepCSVError: CLIClassifiedError { var isUsageError: Bool { true } }
extension StepBenchError: CLIClassifiedError { var isUsageError: Bool { true } }
extension DefaultsEditError: CLIClassifiedError { var isUsageError: Bool { true } }
extension SteptimeUsageError: CLIClassifiedError { var isUsageError: Bool { true } }
extension StepTimeBoundError: CLIClassifiedError { var isUsageError: Bool { true } }
extension DefaultsFileUpdate.VerificationError: CLIClassifiedError { var isUsageError: Bool { true } }
/// Profile names and files are the user's to fix.
extension ServingProfileError: CLIClassifiedError { var isUsageError: Bool { true } }
/// A benchmark result file is the user's input.
extension BenchmarkResultError: CLIClassifiedError { var isUsageError: Bool { true } }
