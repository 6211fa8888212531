import Foundation
import Testing
@testable import BLISSim

private func file(_ yaml: String, path: String = "/tmp/run.yaml") throws -> SettingsLayer {
  try SettingsFile.parse(yaml, path: path)
}

private let llamaDefaults = SettingsContext(modelDefaults: [
  "meta-llama/Llama-3.1-8B-Instruct": ModelDefaultsRow(gpu: "A100-80", tensorParallelism: 2, vllmVersion: "vllm/vllm-openai:v0.6.6",
                                                       hfRepo: "meta-llama/Llama-3.1-8B-Instruct"),
])

@Suite struct SettingsPrecedenceTests {
  @Test func flagBeatsFileBeatsModelDefaultsBeatsBuiltin() throws {
    let config = try file("""
      model: meta-llama/llama-3.1-8b-instruct
      tp: 4
      rate: 20
      max_num_seqs: 64
      """)
    let s = try SettingsResolver.resolve(flags: flagLayer(["rate": "100", "num-instances": "3"]), file: config, context: llamaDefaults)
    #expect(s.workload.rateRequestsPerSecond == 100)
    #expect(s.source(of: \.rate) == .flag)
    #expect(s.tensorParallelism == 4, "file TP beats defaults.yaml TP 2")
    #expect(s.source(of: \.tp) == .configFile)
    #expect(s.hardware == "A100-80")
    #expect(s.source(of: \.hardware) == .modelDefaults)
    #expect(s.place(of: \.hardware) == "--hardware (defaults.yaml entry for meta-llama/llama-3.1-8b-instruct)")
    #expect(s.vllmVersion == "vllm/vllm-openai:v0.6.6")
    #expect(s.hfRepo == "meta-llama/Llama-3.1-8B-Instruct")
    #expect(s.engine.maxNumSeqs == 64)
    #expect(s.engine.instances == 3)
    #expect(s.engine.maxNumBatchedTokens == 2048)
    #expect(s.source(of: \.maxNumBatchedTokens) == .builtin)
    #expect(s.configFile?.path == "/tmp/run.yaml")
    #expect(s.provenance.count == SettingsCatalog.all.count)
  }

  @Test func flagBeatsModelDefaultsAndModelLookupIgnoresCase() throws {
    let s = try SettingsResolver.resolve(
      flags: flagLayer(["model": "META-LLAMA/llama-3.1-8b-instruct", "tp": "8", "hardware": "H100"]), context: llamaDefaults)
    #expect(s.model == "META-LLAMA/llama-3.1-8b-instruct")
    #expect(s.modelKey == "meta-llama/llama-3.1-8b-instruct")
    #expect(s.tensorParallelism == 8)
    #expect(s.hardware == "H100")
    #expect(s.source(of: \.hardware) == .flag)
    #expect(s.vllmVersion == "vllm/vllm-openai:v0.6.6")
  }

  @Test func unknownModelKeepsTheBuiltinDefaults() throws {
    let s = try SettingsResolver.resolve(flags: flagLayer(["model": "my-custom-model"]), context: llamaDefaults)
    #expect(s.hardware == RunSettings().hardware)
    #expect(s.source(of: \.hardware) == .builtin)
    #expect(s.tensorParallelism == 1)
    #expect(s.latencyModel == .blackbox)
    #expect(s.seed == 42)
    #expect(s.workload.arrival == .poisson)
    #expect(s.engine.enablePrefixCaching)
    #expect(s.engine.routing == .roundRobin)
    #expect(s.workload.promptTokens == .init(meanTokens: 512, stdevTokens: 256, minTokens: 2, maxTokens: 7000))
    #expect(s.engine.horizon == nil)
    #expect(s.totalKVBlocks == nil)
  }

  @Test func commandDefaultsSitBelowTheModelRow() throws {
    var defaults = CommandDefaults()
    defaults.set(\.model, "meta-llama/llama-3.1-8b-instruct")
    defaults.set(\.rate, "40")
    defaults.set(\.tp, "4")
    var context = llamaDefaults
    context.commandDefaults = defaults
    let s = try SettingsResolver.resolve(flags: SettingsLayer(origin: .flags), context: context)
    #expect(s.model == "meta-llama/llama-3.1-8b-instruct" && s.source(of: \.model) == .builtin)
    #expect(s.workload.rateRequestsPerSecond == 40 && s.source(of: \.rate) == .builtin)
    #expect(s.tensorParallelism == 2, "the model's row beats the command's default")
    let chosen = try SettingsResolver.resolve(flags: flagLayer(["model": "org/x"]), context: context)
    #expect(chosen.model == "org/x")
  }

  @Test func rooflineFlagSelectsRooflineAndFlagOverridesTheFileChoice() throws {
    let config = try file("model: org/m\nlatency_model: blackbox\n")
    var flags = SettingsLayer(origin: .flags)
    flags.set("roofline", .text("true"))
    let s = try SettingsResolver.resolve(flags: flags, file: config)
    #expect(s.latencyModel == .roofline)
    #expect(s.source(of: \.latencyModel) == .flag)
    #expect(s.place(of: \.latencyModel) == "--roofline")
  }

  @Test func rooflineAndBlackboxInOneLayerConflict() {
    var flags = flagLayer(["model": "org/m", "latency-model": "blackbox"])
    flags.set("roofline", .text("true"))
    #expect(resolutionError(flags) == .conflict(message: "--roofline and --latency-model blackbox disagree; use one of them"))
  }

  @Test func noEnablePrefixCachingFlagBeatsTheFile() throws {
    let config = try file("model: org/m\nenable-prefix-caching: true\n")
    let s = try SettingsResolver.resolve(flags: flagLayer(["enable-prefix-caching": "false"]), file: config)
    #expect(!s.engine.enablePrefixCaching)
  }

  @Test func typedValuesComeOut() throws {
    let s = try SettingsResolver.resolve(flags: flagLayer([
      "model": "org/m", "horizon-seconds": "2.5", "alpha-coeffs": "1500, 2.5,50", "routing-policy": "Least-Loaded",
      "workload": "Summarization", "arrival": "gamma", "arrival-cv": "2", "slo-ttft-p99-ms": "500",
    ]), file: try file("beta_coeffs: [6910.4, 17.67, 2.84]\n"))
    #expect(s.engine.horizon == SimTime(microseconds: 2_500_000))
    #expect(s.alphaCoefficients == [1500, 2.5, 50])
    #expect(s.betaCoefficients == [6910.4, 17.67, 2.84])
    #expect(s.engine.routing == .leastOutstandingRequests)
    #expect(s.workload.preset == .summarization)
    #expect(s.workload.arrivalProcess == .gamma(cv: 2))
    #expect(s.slo == LatencySLO(ttftP99Ms: 500))
  }

  @Test func relativePathsInTheFileStartAtTheFileFolder() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("blis-opts-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder.appendingPathComponent("specs"), withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    try Data("version: '2'\n".utf8).write(to: folder.appendingPathComponent("specs/w.yaml"))
    let config = try file("model: org/m\nworkload_spec: specs/w.yaml\n", path: folder.appendingPathComponent("run.yaml").path)
    let elsewhere = SettingsContext(currentDirectory: URL(fileURLWithPath: "/"))
    let s = try SettingsResolver.resolve(flags: SettingsLayer(origin: .flags), file: config, context: elsewhere)
    #expect(s.workload.specFile?.path == folder.appendingPathComponent("specs/w.yaml").standardizedFileURL.path)
  }

  @Test func warningsForSettingsThatWillBeIgnored() throws {
    let roofline = try SettingsResolver.resolve(flags: flagLayer(["model": "org/m", "latency-model": "roofline", "beta-coeffs": "1,2,3"]))
    #expect(roofline.warnings == [.ignoredByRoofline(place: "--beta-coeffs")])
    let kv = try SettingsResolver.resolve(flags: flagLayer(["model": "org/m", "total-kv-blocks": "100", "gpu-memory-utilization": "0.5"]))
    #expect(kv.warnings == [.gpuMemoryUtilizationIgnored(place: "--gpu-memory-utilization", kvBlocksPlace: "--total-kv-blocks")])
  }
}

@Suite struct SettingsLaterChecksTests {
  @Test func laterChecksNameTheSettingWhereverItCameFrom() throws {
    let config = try file("model: org/m\n\ntp: 3\nhardware: H10\n", path: "run.yaml")
    let s = try SettingsResolver.resolve(flags: SettingsLayer(origin: .flags), file: config)
    #expect(s.place(of: \.tp) == "tp (run.yaml:3)")
    #expect(String(describing: s.invalidValue(\.tp, "3", allowed: "a divisor of 32 attention heads: 1, 2, 4, 8, 16, 32"))
      == "tp (run.yaml:3) '3' is invalid: expected a divisor of 32 attention heads: 1, 2, 4, 8, 16, 32")
    #expect(String(describing: s.unknownName(\.hardware, "H10", known: ["H100", "A100-80", "L40S"], what: "GPU"))
      == "hardware (run.yaml:4) 'H10' is invalid: expected a known GPU: A100-80, H100, L40S — did you mean H100?")
    #expect(s.place(of: \.seed) == "--seed (built-in default)")
  }
}

@Suite struct SettingsCatalogTests {
  /// Every setting is found by reflection, with a unique flag name, and each name or alias
  /// resolves back to it.
  @Test func everySettingHasOneUniqueName() {
    let all = SettingsCatalog.all
    #expect(all.count == Mirror(reflecting: SettingsCatalog()).children.count)
    let names = all.flatMap { [$0.name] + $0.aliases + ($0.shorthand.map { [$0] } ?? []) }
    #expect(Set(names).count == names.count)
    for setting in all {
      #expect(SettingsCatalog.setting(named: setting.name)?.name == setting.name)
      #expect(SettingsCatalog.setting(named: setting.name.replacingOccurrences(of: "-", with: "_").uppercased())?.name == setting.name)
    }
  }

  /// The help default of each setting is the value an empty command line resolves to.
  @Test func helpDefaultsAreTheResolvedDefaults() throws {
    let s = try SettingsResolver.resolve(flags: flagLayer(["model": "org/m"]))
    #expect(SettingsCatalog().rate.defaultText(CommandDefaults()) == "1" && s.workload.rateRequestsPerSecond == 1)
    #expect(SettingsCatalog().routingPolicy.defaultText(CommandDefaults()) == s.engine.routing.name)
    #expect(SettingsCatalog().blockSize.defaultText(CommandDefaults()) == "16" && s.engine.blockSizeTokens == 16)
    #expect(SettingsCatalog().enablePrefixCaching.defaultText(CommandDefaults()) == "the serving profile's")
    #expect(SettingsCatalog().tp.defaultText(CommandDefaults()) == "the model's defaults.yaml row, else 1")
    var planner = CommandDefaults()
    planner.set(\.rate, "40")
    #expect(SettingsCatalog().rate.defaultText(planner) == "40")
  }
}
