import Foundation
import Testing
@testable import BLISSim

private func parseError(_ text: String) -> SettingsError? {
  do throws(SettingsError) {
    _ = try SettingsFile.parse(text, path: "c.yaml")
    return nil
  } catch { return error }
}

@Suite struct SettingsFileTests {
  @Test func snakeKebabAndAliasKeys() throws {
    let layer = try SettingsFile.parse("""
      model: org/m
      num_requests: 500
      max-num-running-reqs: 64
      MAX_NUM_SCHEDULED_TOKENS: 4096
      tensor_parallelism: 2
      gpu_memory_utilization: 0.8
      rate: 10
      enable_prefix_caching: false
      alpha_coeffs: "1,2,3"
      """, path: "c.yaml")
    #expect(layer["num-requests"] == .text("500"))
    #expect(layer["max-num-seqs"] == .text("64"))
    #expect(layer["max-num-batched-tokens"] == .text("4096"))
    #expect(layer[\.tp] == .text("2"))
    #expect(layer["gpu-memory-utilization"] == .text("0.8"))
    #expect(layer["enable-prefix-caching"] == .text("false"))
    #expect(layer["alpha-coeffs"] == .text("1,2,3"))
    #expect(layer.entries["max-num-seqs"]?.line == 3)
    let settings = try SettingsResolver.resolve(flags: SettingsLayer(origin: .flags), file: layer)
    #expect(settings.engine.maxNumSeqs == 64 && settings.engine.maxNumBatchedTokens == 4096)
    #expect(settings.tensorParallelism == 2 && settings.gpuMemoryUtilization == 0.8)
    #expect(!settings.engine.enablePrefixCaching && settings.alphaCoefficients == [1, 2, 3])
  }

  @Test func jsonIsAccepted() throws {
    let layer = try SettingsFile.parse(#"{"model": "org/m", "num-instances": 4, "beta_coeffs": [1, 2.5, 3]}"#, path: "c.json")
    #expect(layer["num-instances"] == .text("4"))
    #expect(layer["beta-coeffs"] == .list(["1", "2.5", "3"]))
    let settings = try SettingsResolver.resolve(flags: SettingsLayer(origin: .flags), file: layer)
    #expect(settings.betaCoefficients == [1, 2.5, 3] && settings.engine.instances == 4 && settings.model == "org/m")
  }

  @Test func rooflineShorthandInAFile() throws {
    let on = try SettingsFile.parse("model: org/m\nroofline: true\n", path: "c.yaml")
    #expect(try SettingsResolver.resolve(flags: SettingsLayer(origin: .flags), file: on).latencyModel == .roofline)
    let off = try SettingsFile.parse("model: org/m\nroofline: false\n", path: "c.yaml")
    #expect(try SettingsResolver.resolve(flags: SettingsLayer(origin: .flags), file: off).latencyModel == .blackbox)
    #expect(parseError("roofline: maybe\n") == .invalidValue(place: "roofline (c.yaml:1)", value: "maybe", allowed: "true or false"))
  }

  @Test func additionalKeysAreKeptApart() throws {
    let layer = try SettingsFile.parse("model: org/m\nresults_path: out.json\n", path: "/tmp/c.yaml", additionalKeys: ["results-path"])
    #expect(layer.additional["results-path"]?.input == .text("out.json"))
    #expect(layer.place(of: "results-path") == "results_path (/tmp/c.yaml:2)")
    #expect(parseError("results_path: out.json\n") == .unknownConfigKey(file: "c.yaml", line: 1, key: "results_path", hint: ""))
  }

  @Test func unknownKeyIsNamedWithLineAndSuggestion() {
    let error = parseError("model: org/m\nmax_num_seq: 8\n")
    #expect(error == .unknownConfigKey(file: "c.yaml", line: 2, key: "max_num_seq", hint: " — did you mean max_num_seqs?"))
    #expect(String(describing: error!) == "c.yaml:2: unknown key 'max_num_seq' — did you mean max_num_seqs?")
  }

  @Test func aliasAndCanonicalNameTogetherAreADuplicate() {
    #expect(parseError("max_num_seqs: 8\nmax-num-running-reqs: 16\n") ==
      .duplicateConfigKey(file: "c.yaml", line: 2, key: "max-num-running-reqs"))
  }

  /// Values are checked by the setting's own parser when resolved: the same text as a flag's.
  @Test(arguments: [
    ("num_requests: lots\n", "num_requests (c.yaml:1)", "lots", "an integer ≥ 1"),
    ("rate: fast\n", "rate (c.yaml:1)", "fast", "a finite number > 0 (requests per second)"),
    ("enable_prefix_caching: maybe\n", "enable_prefix_caching (c.yaml:1)", "maybe", "true or false"),
    ("hardware: [a, b]\n", "hardware (c.yaml:1)", "a,b", "a single value, not a list or mapping"),
    ("beta_coeffs: [1, x, 3]\n", "beta_coeffs (c.yaml:1)", "1,x,3", "at least 3 comma-separated finite numbers ≥ 0, e.g. 6910.4,17.67,2.84"),
  ])
  func wrongValuesAreNamed(text: String, place: String, value: String, allowed: String) throws {
    let file = try SettingsFile.parse("model: org/m\n" + text, path: "c.yaml")
    let error = resolutionError(SettingsLayer(origin: .flags), file: file)
    #expect(error == .invalidValue(place: place.replacingOccurrences(of: ":1)", with: ":2)"), value: value, allowed: allowed))
  }

  @Test func emptyValuesAndMappingsAreRefusedWhileParsing() {
    #expect(parseError("seed:\n") == .invalidValue(place: "seed (c.yaml:1)", value: "", allowed: "a value (the key is present but empty)"))
    #expect(parseError("model: {a: 1}\n") == .invalidValue(place: "model (c.yaml:1)", value: "{…}", allowed: "a single value, not a mapping"))
  }

  @Test func malformedDocuments() {
    guard case .configFileMalformed(let file, _) = parseError("model: [unclosed\n") else {
      Issue.record("unclosed list accepted")
      return
    }
    #expect(file == "c.yaml")
    guard case .configFileMalformed = parseError("- a\n- b\n") else {
      Issue.record("top-level list accepted")
      return
    }
    #expect(parseError("config: other.yaml\n") == .unknownConfigKey(file: "c.yaml", line: 1, key: "config",
                                                                     hint: " (a config file cannot include another)"))
    #expect(parseError("") == nil)
  }

  @Test func missingFileIsAUsageError() {
    do throws(SettingsError) {
      _ = try SettingsFile.load(URL(fileURLWithPath: "/no/such/run.yaml"))
      Issue.record("missing file accepted")
    } catch {
      #expect(error == .invalidValue(place: "--config", value: "/no/such/run.yaml", allowed: "an existing YAML or JSON file"))
      #expect(error.isUsageError)
    }
  }
}
