import Foundation
import Testing
@testable import BLISSim

private func error(_ values: [String: String]) -> SettingsError? {
  resolutionError(flagLayer(["model": "org/model"].merging(values) { _, new in new }))
}

@Suite struct SettingsValidationTests {
  /// Each bad value is rejected with a message naming the flag, the value and what is allowed.
  @Test(arguments: [
    ("rate", "0", "> 0"), ("rate", "-5", "> 0"), ("rate", "nan", "finite"), ("rate", "inf", "finite"), ("rate", "fast", "number"),
    ("num-requests", "0", "≥ 1"), ("num-requests", "-3", "≥ 1"), ("num-requests", "2.5", "integer"),
    ("tp", "0", "≥ 1"), ("num-instances", "0", "≥ 1"),
    ("gpu-memory-utilization", "0", "(0, 1]"), ("gpu-memory-utilization", "1.5", "(0, 1]"),
    ("block-size", "0", "≥ 1"), ("seed", "-1", "0..."),
    ("max-num-seqs", "0", "≥ 1"), ("max-num-batched-tokens", "-1", "≥ 1"),
    ("long-prefill-token-threshold", "-1", "≥ 0"), ("total-kv-blocks", "0", "≥ 1"), ("max-model-len", "0", "≥ 1"),
    ("horizon-seconds", "0", "> 0"), ("arrival-cv", "-1", "> 0"),
    ("alpha-coeffs", "1,2", "at least 3"), ("alpha-coeffs", "1,-2,3", "≥ 0"), ("beta-coeffs", "1,nan,3", "finite"),
    ("beta-coeffs", "a,b,c", "comma-separated"), ("beta-coeffs", "1,,3", "comma-separated"),
    ("latency-model", "crossmodel", "roofline, blackbox"), ("arrival", "weibull", "poisson, constant, gamma"),
    ("prompt-tokens-stdev", "-1", "≥ 0"), ("output-tokens-min", "0", "≥ 1"),
    ("hardware-config", "/no/such/hardware.json", "does not exist"), ("model-config-folder", "/no/such/folder", "existing folder"),
    ("workload-spec", "/no/such/spec.yaml", "existing file"), ("workload-spec", "/tmp", "is a folder"),
    ("hardware", " ", "non-empty"), ("enable-prefix-caching", "sometimes", "true or false"),
    ("slo-ttft-p99-ms", "-3", "latency in milliseconds"),
  ])
  func badValueIsNamed(name: String, value: String, allowedFragment: String) {
    let failure = error([name: value])
    guard case .invalidValue(let place, let reported, let allowed) = failure else {
      Issue.record("--\(name) \(value): expected invalidValue, got \(String(describing: failure))")
      return
    }
    #expect(place == "--\(name)")
    #expect(reported == value)
    #expect(allowed.contains(allowedFragment), "--\(name): '\(allowed)' lacks '\(allowedFragment)'")
    let text = String(describing: failure!)
    #expect(text.hasPrefix("--\(name) '\(value)' is invalid: expected "))
    #expect(!text.contains("\n"))
  }

  @Test func modelIsRequired() {
    #expect(String(describing: resolutionError(SettingsLayer(origin: .flags))!).hasPrefix("--model is required"))
    var context = SettingsContext()
    context.requiresModel = false
    #expect(resolutionError(SettingsLayer(origin: .flags), context: context) == nil)
  }

  @Test(arguments: ["../../etc", "/abs/model", "a/b/c", "bad name"])
  func unsafeModelIdIsRejected(model: String) {
    guard case .invalidValue(let place, let value, _) = error(["model": model]) else {
      Issue.record("'\(model)' accepted")
      return
    }
    #expect(place == "--model")
    #expect(value == model)
  }

  @Test func tokenLengthBoundsMustBeConsistent() {
    #expect(error(["prompt-tokens-min": "600", "prompt-tokens-max": "500", "prompt-tokens": "550"])
      == .invalidValue(place: "--prompt-tokens-min", value: "600", allowed: "at most --prompt-tokens-max = 500"))
    guard case .invalidValue(let place, let value, let allowed) = error(["output-tokens": "9000"]) else {
      Issue.record("mean outside [min, max] accepted")
      return
    }
    #expect(place == "--output-tokens")
    #expect(value == "9000")
    #expect(allowed.contains("[2, 7000]"))
  }

  @Test func workloadCombinationsAreRefused() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("blis-combo-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let spec = folder.appendingPathComponent("spec.yaml")
    try Data("version: '2'\n".utf8).write(to: spec)

    #expect(String(describing: error(["workload": "chatbot", "workload-spec": spec.path])!)
      .hasPrefix("--workload chatbot and --workload-spec cannot be combined"))
    #expect(String(describing: error(["workload": "chatbot", "prompt-tokens": "100"])!)
      .hasPrefix("--prompt-tokens shapes the default synthetic workload"))
    #expect(String(describing: error(["arrival-cv": "2"])!).hasPrefix("--arrival-cv applies only to --arrival gamma"))
    #expect(error(["arrival-cv": "2", "arrival": "gamma"]) == nil)
  }

  @Test func unknownPresetAndPolicySuggestKnownNames() {
    #expect(String(describing: error(["workload": "chatbo"])!) ==
      "--workload 'chatbo' is invalid: expected a known workload preset: chatbot, contentgen, distribution, multidoc, summarization — did you mean chatbot?")
    #expect(String(describing: error(["routing-policy": "least-load"])!).hasSuffix("did you mean least-loaded?"))
    #expect(error(["workload": "Distribution", "routing-policy": "WEIGHTED"]) == nil)
  }

  @Test func fileValuesAreNamedByKeyFileAndLine() throws {
    let config = try SettingsFile.parse("model: org/m\n\nrate: -2\n", path: "run.yaml")
    #expect(resolutionError(SettingsLayer(origin: .flags), file: config)
      == .invalidValue(place: "rate (run.yaml:3)", value: "-2", allowed: "a finite number > 0 (requests per second)"))
  }
}
