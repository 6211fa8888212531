import ArgumentParser
import BLISSim
import Foundation
import Testing
@testable import BLISTUI

/// A stand-in command holding the option group, as `run` and `tui` do.
private struct Host: ParsableCommand {
  static let configuration = CommandConfiguration(commandName: "host")
  @OptionGroup var options: RunOptions<BuiltinSettingDefaults>
}

private func layer(_ arguments: [String]) throws -> SettingsLayer {
  try Host.parse(arguments).options.settingsLayer
}

@Suite struct RunOptionsParsingTests {
  @Test func onlyGivenFlagsEnterTheLayer() throws {
    let parsed = try layer(["--model", "meta-llama/llama-3.1-8b-instruct", "--rate", "100", "--num-requests", "500"])
    #expect(parsed.entries.mapValues(\.input) == ["model": .text("meta-llama/llama-3.1-8b-instruct"), "rate": .text("100"),
                                                   "num-requests": .text("500")])
  }

  @Test func referenceAliasesMapToTheCanonicalSettings() throws {
    let parsed = try layer(["--max-num-running-reqs", "64", "--max-num-scheduled-tokens", "4096", "--block-size-in-tokens", "32",
                            "--instances", "4", "--tensor-parallelism", "2"])
    #expect(parsed["max-num-seqs"] == .text("64"))
    #expect(parsed["max-num-batched-tokens"] == .text("4096"))
    #expect(parsed["block-size"] == .text("32"))
    #expect(parsed["num-instances"] == .text("4"))
    #expect(parsed[\.tp] == .text("2"))
  }

  @Test func flagsAndInversions() throws {
    #expect(try layer(["--roofline"]).shorthands["latency-model"]?.input == .text("true"))
    #expect(try layer([]).shorthands.isEmpty)
    #expect(try layer(["--no-enable-prefix-caching"])["enable-prefix-caching"] == .text("false"))
    #expect(try layer(["--enable-prefix-caching"])["enable-prefix-caching"] == .text("true"))
    #expect(try layer([])["enable-prefix-caching"] == nil)
    // Output options are not run settings.
    #expect(try layer(["--json", "--quiet", "--results-path", "/tmp/x.json"]).entries.isEmpty)
  }

  /// Every setting of the library has exactly one flag in the shared group (named after its
  /// property), and every flag there that is not an output option is a setting: a new setting
  /// is its catalog line plus its flag, nothing else.
  @Test func everySettingHasItsFlag() throws {
    let help = Host.helpMessage(columns: 300)
    let planning: Set<String> = ["slo-ttft-p99-ms", "slo-itl-p99-ms", "slo-e2e-p99-ms"]
    for setting in SettingsCatalog.all where !planning.contains(setting.name) {
      #expect(help.contains("--\(setting.name) ") || help.contains("--\(setting.name),") || help.contains("--\(setting.name)/"),
              "--help lacks --\(setting.name)")
      for alias in setting.aliases { #expect(help.contains("--" + alias), "--help lacks alias --\(alias)") }
      // The flag reaches the setting: give it and find it in the layer.
      let value = setting.name.hasPrefix("enable-") ? [] : ["1"]
      let parsed = try layer(["--\(setting.name)"] + value)
      #expect(parsed[setting.name] != nil, "--\(setting.name) does not reach the setting (property misnamed?)")
    }
    let labels = Mirror(reflecting: try Host.parse([]).options).children.flatMap { group -> [String] in
      guard let options = (group.value as? any SettingFlagGroup)?.options else { return [] }
      return Mirror(reflecting: options).children.compactMap(\.label)
    }
    #expect(labels.count > SettingsCatalog.all.count)
    for label in labels where !["_resultsPath", "_requestsOut", "_json", "_quiet", "_config"].contains(label) {
      #expect(SettingFlags.settingName(forProperty: label) != nil, "\(label) is not named after a setting")
    }
  }

  /// The setting added to show what a new setting takes: its catalog line, its flag, and the
  /// engine field it sets; from the command line and from a config file alike.
  @Test func chunkedPrefillReachesTheEngineConfiguration() throws {
    #expect(try SettingsResolver.resolve(flags: try layer(["--model", "org/m"])).chunkedPrefill == nil)  // the profile's
    let off = try SettingsResolver.resolve(flags: try layer(["--model", "org/m", "--no-enable-chunked-prefill"]))
    #expect(off.chunkedPrefill == false && off.source(of: \.enableChunkedPrefill) == .flag)
    let file = try SettingsFile.parse("model: org/m\nenable_chunked_prefill: false\n", path: "c.yaml")
    #expect(try SettingsResolver.resolve(flags: try layer([]), file: file).chunkedPrefill == false)
    #expect(RunCommand.helpMessage(columns: 300).contains("--enable-chunked-prefill/--no-enable-chunked-prefill"))
  }

  @Test func negativeNumbersReachTheLibraryCheck() throws {
    let parsed = try Host.parse(["--model", "org/m", "--rate", "-5"])
    #expect(parsed.options.settingsLayer["rate"] == .text("-5"))
    #expect(throws: SettingsError.invalidValue(place: "--rate", value: "-5", allowed: "a finite number > 0 (requests per second)")) {
      try SettingsResolver.resolve(flags: parsed.options.settingsLayer)
    }
  }

  @Test func theIssueExampleResolves() throws {
    let parsed = try Host.parse(["--model", "meta-llama/llama-3.1-8b-instruct", "--roofline", "--hardware", "H100", "--tp", "2",
                                 "--num-instances", "4", "--rate", "100", "--num-requests", "500"])
    let s = try SettingsResolver.resolve(flags: parsed.options.settingsLayer)
    #expect(s.latencyModel == .roofline)
    #expect(s.hardware == "H100")
    #expect(s.tensorParallelism == 2)
    #expect(s.engine.instances == 4)
    #expect(s.workload.rateRequestsPerSecond == 100)
    #expect(s.workload.numRequests == 500)
    #expect(s.source(of: \.latencyModel) == .flag)
  }

  @Test func configFileSitsBetweenFlagsAndDefaults() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("blis-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    try Data("model: org/m\nrate: 7\nnum_requests: 70\nmax-num-seqs: 32\nresults_path: out.json\njson: true\n".utf8)
      .write(to: folder.appendingPathComponent("run.yaml"))
    let parsed = try Host.parse(["--config", "run.yaml", "--rate", "9"])
    let file = try parsed.options.output.configLayer(currentDirectory: folder)
    let s = try SettingsResolver.resolve(flags: parsed.options.settingsLayer, file: file,
                                         context: SettingsContext(currentDirectory: folder))
    #expect(s.workload.rateRequestsPerSecond == 9)
    #expect(s.workload.numRequests == 70)
    #expect(s.engine.maxNumSeqs == 32)
    #expect(s.source(of: \.numRequests) == .configFile)
    #expect(s.source(of: \.seed) == .builtin)
    #expect(s.configFile?.path == folder.appendingPathComponent("run.yaml").standardizedFileURL.path)
    let output = try parsed.options.output.resolve(file: file, currentDirectory: folder)
    #expect(output.json && output.resultsPath == folder.appendingPathComponent("out.json").standardizedFileURL)
  }

  @Test func outputPathsAreCheckedAndMustDiffer() throws {
    let parsed = try Host.parse(["--results-path", "/no/such/folder/out.json"])
    #expect {
      try parsed.options.output.resolve(file: nil, currentDirectory: URL(fileURLWithPath: "/"))
    } throws: { "\($0)".hasPrefix("--results-path '/no/such/folder/out.json' is invalid: expected a file path in an existing folder") }
    let same = try Host.parse(["--results-path", "/tmp/o", "--requests-out", "/tmp/o"])
    #expect(throws: SettingsError.self) { try same.options.output.resolve(file: nil, currentDirectory: URL(fileURLWithPath: "/")) }
  }

  @Test func helpIsGroupedAndShowsOneDefaultPerFlag() {
    let help = Host.helpMessage(columns: 200)
    let sections = ["MODEL & HARDWARE:", "WORKLOAD:", "ENGINE:", "CLUSTER:", "OUTPUT:"]
    let positions = sections.map { help.range(of: $0)?.lowerBound }
    #expect(positions.allSatisfy { $0 != nil }, "missing sections in:\n\(help)")
    #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted(), "sections out of order")
    #expect(help.contains("--no-enable-prefix-caching"))
    #expect(help.contains("--config <file>"))
    #expect(help.contains("(default: 42)"))
    #expect(help.contains("(default: the model's defaults.yaml row, else 1)"))
    #expect(!help.contains(") (default:"), "a flag with two defaults:\n\(help)")
    for name in RoutingPolicy.names { #expect(help.contains(name), "--routing-policy help lacks \(name)") }
    for preset in WorkloadPreset.allCases { #expect(help.contains(preset.rawValue), "--workload help lacks \(preset.rawValue)") }
    #expect(help.contains("CSV trace"))
  }

  /// `blis tui --help` shows the planner's own defaults, not `blis run`'s.
  @Test func eachCommandShowsItsOwnDefaults() {
    let tui = TUICommand.helpMessage(columns: 300)
    #expect(tui.contains("Arrival rate, requests per second. (default: 40)"))
    #expect(tui.contains("(default: \(ScenarioOptions.plannerModel))"))
    let run = RunCommand.helpMessage(columns: 300)
    #expect(run.contains("Arrival rate, requests per second. (default: 1)"))
    #expect(run.contains("Model id, e.g. meta-llama/llama-3.1-8b-instruct (here or in --config). (default: none (required))"))
  }
}
