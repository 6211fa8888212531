import Foundation
import Testing
@testable import BLISSim

private func resolveError(_ values: [RunOptionKey: RunOptionValue], context: RunOptionsContext = RunOptionsContext()) -> RunOptionsError? {
  var layer = RunOptionLayer(origin: .flags)
  layer.set(.model, .string("org/model"))
  for (key, value) in values { layer.set(key, value) }
  do throws(RunOptionsError) {
    _ = try RunOptionsResolver.resolve(flags: layer, context: context)
    return nil
  } catch { return error }
}

@Suite struct RunOptionsValidationTests {
  /// Each bad value is rejected with a message naming the flag, the value and what is allowed.
  @Test(arguments: [
    (RunOptionKey.rate, RunOptionValue.number(0), "0", "≥ 1e-06"),
    (.rate, .number(-5), "-5", "≥ 1e-06"),
    (.rate, .number(.nan), "nan", "finite"),
    (.rate, .number(.infinity), "inf", "finite"),
    (.numRequests, .integer(0), "0", "1...1000000000"),
    (.numRequests, .integer(-3), "-3", "1...1000000000"),
    (.tp, .integer(0), "0", "1...64"),
    (.numInstances, .integer(0), "0", "1...4096"),
    (.gpuMemoryUtilization, .number(0), "0", "(0, 1]"),
    (.gpuMemoryUtilization, .number(1.5), "1.5", "(0, 1]"),
    (.blockSize, .integer(0), "0", "1...4096"),
    (.seed, .integer(-1), "-1", "0..."),
    (.maxNumSeqs, .integer(0), "0", "1...65536"),
    (.maxNumBatchedTokens, .integer(-1), "-1", "1...10000000"),
    (.longPrefillTokenThreshold, .integer(-1), "-1", "0...100000000"),
    (.totalKVBlocks, .integer(0), "0", "1...100000000"),
    (.maxModelLen, .integer(0), "0", "2...100000000"),
    (.horizonSeconds, .number(0), "0", "[1e-6, 1e10]"),
    (.arrivalCV, .number(-1), "-1", "> 0"),
    (.alphaCoeffs, .string("1,2"), "1,2", "at least 3"),
    (.alphaCoeffs, .string("1,-2,3"), "1,-2,3", "[0, 1e9]"),
    (.betaCoeffs, .string("1,nan,3"), "1,nan,3", "[0, 1e9]"),
    (.betaCoeffs, .string("a,b,c"), "a,b,c", "comma-separated"),
    (.betaCoeffs, .string("1,,3"), "1,,3", "comma-separated"),
    (.latencyModel, .string("crossmodel"), "crossmodel", "roofline, blackbox"),
    (.arrival, .string("weibull"), "weibull", "poisson, constant, gamma"),
    (.promptTokensStdev, .integer(-1), "-1", "0...100000000"),
    (.outputTokensMin, .integer(0), "0", "1...100000000"),
    (.hardwareConfig, .string("/no/such/hardware.json"), "/no/such/hardware.json", "does not exist"),
    (.modelConfigFolder, .string("/no/such/folder"), "/no/such/folder", "existing folder"),
    (.workloadSpec, .string("/no/such/spec.yaml"), "/no/such/spec.yaml", "existing file"),
    (.hardware, .string(" "), " ", "non-empty"),
  ])
  func badValueIsNamed(key: RunOptionKey, value: RunOptionValue, shown: String, allowedFragment: String) {
    let error = resolveError([key: value])
    guard case .invalidValue(let place, let reported, let allowed) = error else {
      Issue.record("\(key.flag) \(value): expected invalidValue, got \(String(describing: error))")
      return
    }
    #expect(place == key.flag)
    #expect(reported == shown)
    #expect(allowed.contains(allowedFragment), "\(key.flag): '\(allowed)' lacks '\(allowedFragment)'")
    let text = String(describing: error!)
    #expect(text.hasPrefix("\(key.flag) '\(shown)' is invalid: expected "))
    #expect(!text.contains("\n"))
  }

  /// Output paths report the file error itself, under the flag's name, and keep its exit kind: a
  /// folder or a missing folder is a usage error, as it is for `sweep --csv`.
  @Test func unwritableOutputPathsNameTheFlag() {
    let folder = resolveError([.requestsOut: .string("/tmp")])
    #expect(folder == .outputPath(place: "--requests-out", error: .destinationIsDirectory(path: "/tmp")))
    #expect(folder?.isUsageError == true)
    let missing = resolveError([.resultsPath: .string("/no/such/folder/out.json")])
    #expect(missing == .outputPath(place: "--results-path", error: .directoryMissing(path: "/no/such/folder/out.json")))
    #expect(missing.map(String.init(describing:)) == "--results-path: cannot write /no/such/folder/out.json: its folder does not exist")
  }

  @Test func modelIsRequired() {
    do throws(RunOptionsError) {
      _ = try RunOptionsResolver.resolve(flags: RunOptionLayer(origin: .flags))
      Issue.record("accepted a run without --model")
    } catch {
      #expect(String(describing: error).hasPrefix("--model is required"))
    }
  }

  @Test(arguments: ["../../etc", "/abs/model", "a/b/c", "bad name"])
  func unsafeModelIdIsRejected(model: String) {
    let error = resolveError([.model: .string(model)])
    guard case .invalidValue(let place, let value, _) = error else {
      Issue.record("'\(model)': got \(String(describing: error))")
      return
    }
    #expect(place == "--model")
    #expect(value == model)
  }

  @Test func tokenLengthBoundsMustBeConsistent() {
    let minAboveMax = resolveError([.promptTokensMin: .integer(600), .promptTokensMax: .integer(500), .promptTokens: .integer(550)])
    #expect(minAboveMax == .invalidValue(place: "--prompt-tokens-min", value: "600", allowed: "at most --prompt-tokens-max = 500"))
    let meanOutside = resolveError([.outputTokens: .integer(9000)])
    guard case .invalidValue(let place, let value, let allowed) = meanOutside else {
      Issue.record("got \(String(describing: meanOutside))")
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

    let presetAndSpec = resolveError([.workload: .string("chatbot"), .workloadSpec: .string(spec.path)])
    #expect(String(describing: presetAndSpec!).hasPrefix("--workload chatbot and --workload-spec cannot be combined"))
    let tokensAndPreset = resolveError([.workload: .string("chatbot"), .promptTokens: .integer(100)])
    #expect(String(describing: tokensAndPreset!).hasPrefix("--prompt-tokens shapes the default synthetic workload"))
    let cvWithoutGamma = resolveError([.arrivalCV: .number(2)])
    #expect(String(describing: cvWithoutGamma!).hasPrefix("--arrival-cv applies only to --arrival gamma"))
    #expect(resolveError([.arrivalCV: .number(2), .arrival: .string("gamma")]) == nil)
    let sameOutput = resolveError([.resultsPath: .string(folder.appendingPathComponent("o").path),
                                   .requestsOut: .string(folder.appendingPathComponent("o").path)])
    guard case .conflict = sameOutput else { Issue.record("got \(String(describing: sameOutput))"); return }
  }

  @Test func unknownPresetAndPolicySuggestKnownNames() {
    let context = RunOptionsContext(workloadPresets: ["chatbot", "contentgen", "summarization", "multidoc"],
                                    routingPolicies: ["round-robin", "least-loaded", "weighted"])
    let preset = resolveError([.workload: .string("chatbo")], context: context)
    #expect(String(describing: preset!) ==
      "--workload 'chatbo' is invalid: expected a known workload preset: chatbot, contentgen, distribution, multidoc, summarization — did you mean chatbot?")
    let policy = resolveError([.routingPolicy: .string("least-load")], context: context)
    #expect(String(describing: policy!).hasSuffix("did you mean least-loaded?"))
    #expect(resolveError([.workload: .string("Distribution"), .routingPolicy: .string("WEIGHTED")], context: context) == nil)
  }

  @Test func fileValuesAreNamedByKeyFileAndLine() throws {
    let config = try RunOptionsFile.parse("model: org/m\n\nrate: -2\n", path: "run.yaml")
    do throws(RunOptionsError) {
      _ = try RunOptionsResolver.resolve(flags: RunOptionLayer(origin: .flags), file: config)
      Issue.record("accepted rate -2")
    } catch {
      #expect(error == .invalidValue(place: "rate (run.yaml:3)", value: "-2", allowed: "a finite number ≥ 1e-06 (requests per second)"))
    }
  }
}
