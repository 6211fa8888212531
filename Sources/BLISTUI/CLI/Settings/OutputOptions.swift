import ArgumentParser
import BLISSim
import Foundation

/// The output-only options of the simulating commands, and `--config`. They are CLI concerns,
/// not run settings: where results go and how much is printed. A `--config` file may set them
/// too (same names), below the flags.
struct OutputOptions: ParsableArguments {
  @Option(name: .customLong("results-path"), help: ArgumentHelp("Write the JSON report to this file (atomically).", valueName: "file.json"))
  var resultsPath: String?
  @Option(name: .customLong("requests-out"), help: ArgumentHelp("Write one JSON line per request to this file (atomically).", valueName: "file.jsonl"))
  var requestsOut: String?
  @Flag(name: .customLong("json"), help: "Print the machine-readable JSON report on stdout instead of the summary.")
  var json = false
  @Flag(name: .customLong("quiet"), help: "No progress bar and no warnings on stderr.")
  var quiet = false
  @Option(name: .customLong("config"), help: ArgumentHelp("YAML or JSON file of settings (keys are the long flag names, kebab- or snake_case); flags override it.", valueName: "file"))
  var config: String?

  /// The keys a `--config` file may use for these options.
  static let configFileKeys = ["results-path", "requests-out", "json", "quiet"]

  /// The `--config` file's layer, if one was given (relative to `currentDirectory`).
  func configLayer(currentDirectory: URL) throws(SettingsError) -> SettingsLayer? {
    guard let config else { return nil }
    return try SettingsFile.load(SettingPath.resolve(config, base: currentDirectory), additionalKeys: Self.configFileKeys)
  }

  /// The output options after precedence (flag > `--config` file), paths checked for writing.
  func resolve(file: SettingsLayer?, currentDirectory: URL) throws(SettingsError) -> OutputSettings {
    var output = OutputSettings()
    output.resultsPath = try path("results-path", flag: resultsPath, file: file, currentDirectory: currentDirectory)
    output.requestsOut = try path("requests-out", flag: requestsOut, file: file, currentDirectory: currentDirectory)
    let fileJSON = try flag("json", file: file), fileQuiet = try flag("quiet", file: file)
    output.json = json || fileJSON
    output.quiet = quiet || fileQuiet
    if let results = output.resultsPath, results == output.requestsOut {
      throw .conflict(message: "--results-path and --requests-out name the same file \(results.path)")
    }
    return output
  }

  private func path(_ name: String, flag: String?, file: SettingsLayer?, currentDirectory: URL) throws(SettingsError) -> URL? {
    let given: (text: String, place: String, base: URL)?
    if let flag {
      given = (flag, "--" + name, currentDirectory)
    } else if let file, case .file(let filePath) = file.origin, let entry = file.additional[name] {
      given = (entry.input.description, file.place(of: name), URL(fileURLWithPath: filePath).deletingLastPathComponent())
    } else {
      given = nil
    }
    guard let given else { return nil }
    let url = SettingPath.resolve(given.text, base: given.base)
    do { try AtomicFileWriter.checkWritable(url) } catch {
      throw .invalidValue(place: given.place, value: given.text, allowed: "a file path in an existing folder (\(error))")
    }
    return url
  }

  private func flag(_ name: String, file: SettingsLayer?) throws(SettingsError) -> Bool {
    guard let file, let entry = file.additional[name] else { return false }
    switch entry.input.description.lowercased() {
    case "true", "yes", "on": return true
    case "false", "no", "off": return false
    default: throw .invalidValue(place: file.place(of: name), value: entry.input.description, allowed: "true or false")
    }
  }
}

/// Where a command's results go and how much it prints.
struct OutputSettings: Equatable {
  var resultsPath: URL?
  var requestsOut: URL?
  var json = false
  var quiet = false
}
