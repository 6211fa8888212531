import BLISSim
import Foundation

/// One `blis validate` argument: a result file, optionally followed by deployment settings that
/// apply to it alone, `FILE@tp=8,max-num-seqs=128` (result files do not record the deployment, and
/// one invocation may cover runs at several TPs).
struct ValidationTarget: Equatable {
  struct Setting: Equatable {
    var name: String
    var value: String
  }

  /// The file as typed (shown in output).
  var name: String
  /// Absolute path.
  var path: String
  /// `key=value` pairs after the `@`, in order (empty without).
  var settings: [Setting]

  /// "tp=8,max-num-seqs=128", or "" without settings.
  var settingsText: String { settings.map { "\($0.name)=\($0.value)" }.joined(separator: ",") }

  /// Settings the result file's replay decides (the workload): given anyway, they are ignored.
  static let workloadSettings: Set<String> = [
    "rate", "num-requests", "workload", "workload-spec", "prompt-tokens", "prompt-tokens-stdev", "prompt-tokens-min",
    "prompt-tokens-max", "output-tokens", "output-tokens-stdev", "output-tokens-min", "output-tokens-max", "arrival",
    "arrival-cv", "concurrency", "think-time-ms", "think-time",
  ]

  /// Splits `argument` at its last `@` when what follows is `key=value[,key=value…]` and the whole
  /// argument is not itself an existing file; checks the settings' names.
  static func parse(_ argument: String, currentDirectory: URL) throws(SettingsError) -> ValidationTarget {
    var name = argument
    var settings: [Setting] = []
    if let at = argument.lastIndex(of: "@"), !FileManager.default.fileExists(atPath: SettingPath.resolve(argument, base: currentDirectory).path) {
      let suffix = argument[argument.index(after: at)...]
      let pairs = suffix.split(separator: ",", omittingEmptySubsequences: false).map { $0.split(separator: "=", maxSplits: 1) }
      if !suffix.isEmpty, pairs.allSatisfy({ $0.count == 2 && !$0[0].isEmpty }) {
        name = String(argument[..<at])
        settings = pairs.map { Setting(name: $0[0].trimmingCharacters(in: .whitespaces), value: $0[1].trimmingCharacters(in: .whitespaces)) }
      }
    }
    let target = ValidationTarget(name: name, path: SettingPath.resolve(name, base: currentDirectory).path, settings: settings)
    var layer = SettingsLayer(origin: .flags)
    try target.apply(to: &layer)
    return target
  }

  /// `flags` with this file's settings on top; an unknown or workload setting is an error naming
  /// the argument.
  func apply(to flags: inout SettingsLayer) throws(SettingsError) {
    let place = "\(name)@\(settingsText)"
    for s in settings {
      guard let canonical = SettingsCatalog.setting(named: s.name)?.name, !Self.workloadSettings.contains(canonical) else {
        throw .invalidValue(place: place, value: s.name,
                            allowed: "a deployment setting (model, hardware, tp, serving-profile, engine and cluster flags, seed); the workload comes from the result file")
      }
      flags.set(s.name, .text(s.value))
    }
  }
}
