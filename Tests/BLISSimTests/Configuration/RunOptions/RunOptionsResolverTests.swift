import Foundation
import Testing
@testable import BLISSim

private func flags(_ values: [RunOptionKey: RunOptionValue]) -> RunOptionLayer {
  var layer = RunOptionLayer(origin: .flags)
  for (key, value) in values { layer.set(key, value) }
  return layer
}

private func file(_ yaml: String, path: String = "/tmp/run.yaml") throws -> RunOptionLayer {
  try RunOptionsFile.parse(yaml, path: path)
}

private let llamaDefaults = RunOptionsContext(modelDefaults: [
  "meta-llama/Llama-3.1-8B-Instruct": .init(gpu: "H100", tensorParallelism: 2, vllmVersion: "vllm/vllm-openai:v0.6.6",
                                            hfRepo: "meta-llama/Llama-3.1-8B-Instruct"),
])

private func resolveError(flags: RunOptionLayer, file: RunOptionLayer? = nil,
                          context: RunOptionsContext = RunOptionsContext()) -> RunOptionsError? {
  do throws(RunOptionsError) {
    _ = try RunOptionsResolver.resolve(flags: flags, file: file, context: context)
    return nil
  } catch { return error }
}

@Suite struct RunOptionsPrecedenceTests {
  @Test func flagBeatsFileBeatsModelDefaultsBeatsBuiltin() throws {
    let config = try file("""
      model: meta-llama/llama-3.1-8b-instruct
      tp: 4
      rate: 20
      max_num_seqs: 64
      """)
    let options = try RunOptionsResolver.resolve(
      flags: flags([.rate: .number(100), .numInstances: .integer(3)]), file: config, context: llamaDefaults)
    #expect(options.rateRequestsPerSecond == 100)
    #expect(options.source(of: .rate) == .flag)
    #expect(options.tensorParallelism == 4, "file TP beats defaults.yaml TP 2")
    #expect(options.source(of: .tp) == .configFile)
    #expect(options.hardware == "H100")
    #expect(options.source(of: .hardware) == .modelDefaults)
    #expect(options.vllmVersion == "vllm/vllm-openai:v0.6.6")
    #expect(options.hfRepo == "meta-llama/Llama-3.1-8B-Instruct")
    #expect(options.maxNumSeqs == 64)
    #expect(options.numInstances == 3)
    #expect(options.maxNumBatchedTokens == 2048)
    #expect(options.source(of: .maxNumBatchedTokens) == .builtin)
    #expect(options.configFile?.path == "/tmp/run.yaml")
    #expect(options.sources.count == RunOptionKey.allCases.count)
  }

  @Test func flagBeatsModelDefaultsAndModelLookupIgnoresCase() throws {
    let options = try RunOptionsResolver.resolve(
      flags: flags([.model: .string("META-LLAMA/llama-3.1-8b-instruct"), .tp: .integer(8), .hardware: .string("A100-80")]),
      context: llamaDefaults)
    #expect(options.model == "META-LLAMA/llama-3.1-8b-instruct")
    #expect(options.modelKey == "meta-llama/llama-3.1-8b-instruct")
    #expect(options.tensorParallelism == 8)
    #expect(options.hardware == "A100-80")
    #expect(options.source(of: .hardware) == .flag)
    #expect(options.vllmVersion == "vllm/vllm-openai:v0.6.6")
  }

  @Test func unknownModelKeepsBuiltinsAndNoGPU() throws {
    let options = try RunOptionsResolver.resolve(flags: flags([.model: .string("my-custom-model")]), context: llamaDefaults)
    #expect(options.hardware == nil)
    #expect(options.tensorParallelism == 1)
    #expect(options.source(of: .tp) == .builtin)
    #expect(options.latencyModel == .blackbox)
    #expect(options.seed == 42)
    #expect(options.arrival == .poisson)
    #expect(options.enablePrefixCaching)
    #expect(options.promptTokens == .init(meanTokens: 512, stdevTokens: 256, minTokens: 2, maxTokens: 7000))
    #expect(options.horizon == nil)
    #expect(options.totalKVBlocks == nil)
  }

  @Test func rooflineFlagSelectsRooflineAndFlagOverridesTheFileChoice() throws {
    let config = try file("model: org/m\nlatency_model: blackbox\n")
    let options = try RunOptionsResolver.resolve(flags: flags([.roofline: .bool(true)]), file: config)
    #expect(options.latencyModel == .roofline)
    #expect(options.source(of: .latencyModel) == .flag)
  }

  @Test func rooflineAndBlackboxInOneLayerConflict() {
    let error = resolveError(flags: flags([.model: .string("org/m"), .roofline: .bool(true), .latencyModel: .string("blackbox")]))
    #expect(error == .conflict(message: "--roofline and --latency-model blackbox disagree; use one of them"))
  }

  @Test func noEnablePrefixCachingFlagBeatsTheFile() throws {
    let config = try file("model: org/m\nenable-prefix-caching: true\n")
    let options = try RunOptionsResolver.resolve(flags: flags([.enablePrefixCaching: .bool(false)]), file: config)
    #expect(!options.enablePrefixCaching)
  }

  @Test func horizonAndCoefficientsAreConverted() throws {
    let options = try RunOptionsResolver.resolve(flags: flags([
      .model: .string("org/m"), .horizonSeconds: .number(2.5), .alphaCoeffs: .string("1500, 2.5,50"),
    ]), file: try file("beta_coeffs: [6910.4, 17.67, 2.84]\n"))
    #expect(options.horizon == SimDuration(microseconds: 2_500_000))
    #expect(options.alphaCoefficients == [1500, 2.5, 50])
    #expect(options.betaCoefficients == [6910.4, 17.67, 2.84])
  }

  @Test func relativePathsInTheFileStartAtTheFileFolder() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("blis-opts-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder.appendingPathComponent("specs"), withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    try Data("version: '2'\n".utf8).write(to: folder.appendingPathComponent("specs/w.yaml"))
    let config = try file("model: org/m\nworkload_spec: specs/w.yaml\nresults_path: out.json\n",
                          path: folder.appendingPathComponent("run.yaml").path)
    let elsewhere = RunOptionsContext(currentDirectory: URL(fileURLWithPath: "/"))
    let options = try RunOptionsResolver.resolve(flags: flags([:]), file: config, context: elsewhere)
    #expect(options.workloadSpecPath?.path == folder.appendingPathComponent("specs/w.yaml").standardizedFileURL.path)
    #expect(options.resultsPath?.path == folder.appendingPathComponent("out.json").standardizedFileURL.path)
  }

  @Test func warningsForSettingsTheChosenModelIgnores() throws {
    let options = try RunOptionsResolver.resolve(flags: flags([
      .model: .string("org/m"), .roofline: .bool(true), .betaCoeffs: .string("1,2,3"),
    ]))
    #expect(options.warnings.count == 1)
    #expect(options.warnings.first?.hasPrefix("--beta-coeffs is ignored by the roofline model") == true)
  }
}

@Suite struct RunOptionsLaterChecksTests {
  @Test func laterChecksNameTheSettingWhereverItCameFrom() throws {
    let config = try file("model: org/m\n\ntp: 3\nhardware: H10\n", path: "run.yaml")
    let options = try RunOptionsResolver.resolve(flags: flags([:]), file: config)
    #expect(options.place(of: .tp) == "tp (run.yaml:3)")
    #expect(String(describing: options.invalidValue(.tp, "3", allowed: "a divisor of 32 attention heads: 1, 2, 4, 8, 16, 32"))
      == "tp (run.yaml:3) '3' is invalid: expected a divisor of 32 attention heads: 1, 2, 4, 8, 16, 32")
    #expect(String(describing: options.unknownName(.hardware, "H10", known: ["H100", "A100-80", "L40S"], what: "GPU"))
      == "hardware (run.yaml:4) 'H10' is invalid: expected a known GPU: A100-80, H100, L40S — did you mean H100?")
    #expect(options.place(of: .seed) == "--seed (built-in default)")
  }

  @Test func defaultModelMakesTheModelFlagOptional() throws {
    let options = try RunOptionsResolver.resolve(flags: flags([:]), context: RunOptionsContext(defaultModel: "org/default"))
    #expect(options.model == "org/default")
    #expect(options.source(of: .model) == .builtin)
    let chosen = try RunOptionsResolver.resolve(flags: flags([.model: .string("org/x")]), context: RunOptionsContext(defaultModel: "org/default"))
    #expect(chosen.model == "org/x")
  }
}
