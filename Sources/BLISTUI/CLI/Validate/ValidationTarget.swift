import BLISSim
import Foundation

/// One `blis validate` argument: a result file, optionally followed by deployment settings that
/// apply to it alone, `FILE@tp=8,max-num-seqs=128` (result files do not record the deployment, and
/// one invocation may cover runs at several TPs).
struct ValidationTarget: Equatable {
  /// The file as typed (shown in output).
  var name: String
  /// Absolute path.
  var path: String
  /// `key=value` pairs after the `@`, in order (empty without).
  var settings: [(key: String, value: String)]

  static func == (a: ValidationTarget, b: ValidationTarget) -> Bool {
    a.name == b.name && a.path == b.path && a.settings.map { "\($0.key)=\($0.value)" } == b.settings.map { "\($0.key)=\($0.value)" }
  }

  /// "tp=8,max-num-seqs=128", or "" without settings.
  var settingsText: String { settings.map { "\($0.key)=\($0.value)" }.joined(separator: ",") }

  /// Settings a result file's replay decides (the workload) or that do not apply to validation.
  static let ignoredKeys: [RunOptionKey] = [
    .rate, .numRequests, .workload, .workloadSpec, .promptTokens, .promptTokensStdev, .promptTokensMin,
    .promptTokensMax, .outputTokens, .outputTokensStdev, .outputTokensMin, .outputTokensMax, .arrival, .arrivalCV,
    .concurrency, .thinkTimeMs, .thinkTime, .requestsOut,
  ]

  /// Splits `argument` at its last `@` when what follows is `key=value[,key=value…]` and the whole
  /// argument is not itself an existing file.
  static func parse(_ argument: String, currentDirectory: URL) throws(RunOptionsError) -> ValidationTarget {
    var name = argument
    var settings: [(key: String, value: String)] = []
    if let at = argument.lastIndex(of: "@"), !FileManager.default.fileExists(atPath: absolute(argument, in: currentDirectory)) {
      let suffix = argument[argument.index(after: at)...]
      let pairs = suffix.split(separator: ",", omittingEmptySubsequences: false).map { $0.split(separator: "=", maxSplits: 1) }
      if !suffix.isEmpty, pairs.allSatisfy({ $0.count == 2 && !$0[0].isEmpty }) {
        name = String(argument[..<at])
        settings = pairs.map { (String($0[0]).trimmingCharacters(in: .whitespaces), String($0[1]).trimmingCharacters(in: .whitespaces)) }
      }
    }
    let target = ValidationTarget(name: name, path: absolute(name, in: currentDirectory), settings: settings)
    _ = try target.layer()
    return target
  }

  /// The per-file settings as a layer over the command's flags; errors name the argument.
  func layer() throws(RunOptionsError) -> RunOptionLayer {
    let place = "\(name)@\(settingsText)"
    let parsed = try RunOptionsFile.parse(settings.map { "\($0.key): \($0.value)" }.joined(separator: "\n"), path: place)
    if let key = Self.ignoredKeys.first(where: { parsed[$0] != nil }) ?? [RunOptionKey.json, .quiet, .resultsPath].first(where: { parsed[$0] != nil }) {
      throw .invalidValue(place: place, value: key.snakeName,
                          allowed: "deployment settings (model, hardware, tp, serving-profile, engine and cluster flags); the workload comes from the result file")
    }
    return parsed
  }

  private static func absolute(_ path: String, in directory: URL) -> String {
    PreparedRun.absolutePath(path, in: directory)
  }
}
