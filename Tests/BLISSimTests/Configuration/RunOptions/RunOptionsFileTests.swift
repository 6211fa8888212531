import Foundation
import Testing
@testable import BLISSim

private func parseError(_ text: String) -> RunOptionsError? {
  do throws(RunOptionsError) {
    _ = try RunOptionsFile.parse(text, path: "c.yaml")
    return nil
  } catch { return error }
}

@Suite struct RunOptionsFileTests {
  @Test func snakeKebabAndAliasKeys() throws {
    let layer = try RunOptionsFile.parse("""
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
    #expect(layer[.numRequests] == .integer(500))
    #expect(layer[.maxNumSeqs] == .integer(64))
    #expect(layer[.maxNumBatchedTokens] == .integer(4096))
    #expect(layer[.tp] == .integer(2))
    #expect(layer[.gpuMemoryUtilization] == .number(0.8))
    #expect(layer[.rate] == .integer(10) || layer[.rate] == .number(10))
    #expect(layer[.enablePrefixCaching] == .bool(false))
    #expect(layer[.alphaCoeffs] == .string("1,2,3"))
    #expect(layer.lines[.maxNumSeqs] == 3)
  }

  @Test func jsonIsAccepted() throws {
    let layer = try RunOptionsFile.parse(#"{"model": "org/m", "num-instances": 4, "beta_coeffs": [1, 2.5, 3]}"#, path: "c.json")
    #expect(layer[.numInstances] == .integer(4))
    #expect(layer[.betaCoeffs] == .numbers([1, 2.5, 3]))
    #expect(layer[.model] == .string("org/m"))
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

  @Test(arguments: [
    ("num_requests: lots\n", "num_requests (c.yaml:1)", "lots", "an integer"),
    ("rate: fast\n", "rate (c.yaml:1)", "fast", "a number"),
    ("json: maybe\n", "json (c.yaml:1)", "maybe", "true or false"),
    ("model: [a, b]\n", "model (c.yaml:1)", "[…]", "a single value, not a list or mapping"),
    ("beta_coeffs: [1, x, 3]\n", "beta_coeffs (c.yaml:1)", "[…]", "a list of numbers or a comma-separated string"),
    ("seed:\n", "seed (c.yaml:1)", "", "a value (the key is present but empty)"),
  ])
  func wrongTypesAreNamed(text: String, place: String, value: String, allowed: String) {
    #expect(parseError(text) == .invalidValue(place: place, value: value, allowed: allowed))
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
    do throws(RunOptionsError) {
      _ = try RunOptionsFile.load(URL(fileURLWithPath: "/no/such/run.yaml"))
      Issue.record("missing file accepted")
    } catch {
      #expect(error == .invalidValue(place: "--config", value: "/no/such/run.yaml", allowed: "an existing YAML or JSON file (it does not exist)"))
      #expect(error.isUsageError)
    }
  }
}
