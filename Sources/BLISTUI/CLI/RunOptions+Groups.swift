import ArgumentParser
import BLISSim

/// `--name` plus the key's aliases (e.g. `--max-num-seqs`, `--max-num-running-reqs`).
func optionNames(_ key: RunOptionKey) -> NameSpecification {
  NameSpecification([.customLong(key.rawValue)] + key.aliases.map { .customLong($0) })
}

/// Help text with the built-in default appended, taken from the one table the resolver uses.
func optionHelp(_ abstract: String, _ key: RunOptionKey, valueName: String? = nil) -> ArgumentHelp {
  let defaultText = RunOptionsResolver.builtinDefaults[key].map { " (default: \($0))" } ?? ""
  return ArgumentHelp(abstract + defaultText, valueName: valueName)
}

/// The reason ArgumentParser appends to "The value 'x' is invalid for '--flag <n>'".
struct NumberSyntaxError: Error, CustomStringConvertible {
  var description: String
}

/// Parses a decimal number (range checks happen in the library, with the flag named).
func parseNumber(_ text: String) throws -> Double {
  guard let value = Double(text.trimmingCharacters(in: .whitespaces)) else {
    throw NumberSyntaxError(description: "expected a number, e.g. 0.5 or 100")
  }
  return value
}

/// Parses a whole number (range checks happen in the library, with the flag named).
func parseWholeNumber(_ text: String) throws -> Int {
  guard let value = Int(text.trimmingCharacters(in: .whitespaces)) else {
    throw NumberSyntaxError(description: "expected a whole number, e.g. 4")
  }
  return value
}

struct ModelHardwareOptions: ParsableArguments {
  @Option(name: optionNames(.model), help: optionHelp("Model id, e.g. meta-llama/llama-3.1-8b-instruct (`blis run` needs one here or in --config; `blis tui` has a default).", .model, valueName: "id"))
  var model: String?
  @Option(name: optionNames(.latencyModel), help: optionHelp("Step-time model: roofline or blackbox.", .latencyModel, valueName: "kind"))
  var latencyModel: String?
  @Flag(name: optionNames(.roofline), help: "Same as --latency-model roofline.")
  var roofline = false
  @Option(name: optionNames(.hardware), help: optionHelp("GPU name from the hardware config, e.g. H100 (default: from defaults.yaml).", .hardware, valueName: "gpu"))
  var hardware: String?
  @Option(name: optionNames(.hardwareConfig), help: optionHelp("Hardware JSON (default: hardware_config.json in the data folder).", .hardwareConfig, valueName: "file"))
  var hardwareConfig: String?
  @Option(name: optionNames(.modelConfigFolder), help: optionHelp("Folder with the model's HuggingFace config.json (default: model_configs/, else fetched).", .modelConfigFolder, valueName: "folder"))
  var modelConfigFolder: String?
  @Option(name: optionNames(.tp), parsing: .unconditional, help: optionHelp("Tensor-parallel degree (GPUs per instance; from defaults.yaml if known).", .tp, valueName: "n"), transform: parseWholeNumber)
  var tp: Int?
  @Option(name: optionNames(.vllmVersion), help: optionHelp("vLLM version, e.g. 0.15.1: picks the serving profile that covers it (and keys the blackbox coefficient look-up; default: from defaults.yaml).", .vllmVersion, valueName: "version"))
  var vllmVersion: String?
  @Option(name: optionNames(.servingProfile), help: optionHelp("Serving stack around the GPU, from serving_profiles.yaml: vllm-0.14 (async, default), vllm-v1-sync (0.8–0.13), vllm-0.6 (V0), gpu-only.", .servingProfile, valueName: "name"))
  var servingProfile: String?
  @Option(name: optionNames(.alphaCoeffs), parsing: .unconditional, help: optionHelp("Alpha coefficients α0,α1,α2 (µs, µs/token, µs/token) (default: from defaults.yaml).", .alphaCoeffs, valueName: "a0,a1,a2"))
  var alphaCoeffs: String?
  @Option(name: optionNames(.betaCoeffs), parsing: .unconditional, help: optionHelp("Blackbox beta coefficients β0,β1,β2 (µs/step, µs/prefill token, µs/decode request) (default: from defaults.yaml).", .betaCoeffs, valueName: "b0,b1,b2"))
  var betaCoeffs: String?

  func contribute(to layer: inout RunOptionLayer) {
    layer.set(.model, model.map(RunOptionValue.string))
    layer.set(.latencyModel, latencyModel.map(RunOptionValue.string))
    layer.set(.roofline, roofline ? .bool(true) : nil)
    layer.set(.hardware, hardware.map(RunOptionValue.string))
    layer.set(.hardwareConfig, hardwareConfig.map(RunOptionValue.string))
    layer.set(.modelConfigFolder, modelConfigFolder.map(RunOptionValue.string))
    layer.set(.tp, tp.map(RunOptionValue.integer))
    layer.set(.vllmVersion, vllmVersion.map(RunOptionValue.string))
    layer.set(.servingProfile, servingProfile.map(RunOptionValue.string))
    layer.set(.alphaCoeffs, alphaCoeffs.map(RunOptionValue.string))
    layer.set(.betaCoeffs, betaCoeffs.map(RunOptionValue.string))
  }
}

struct WorkloadOptions: ParsableArguments {
  @Option(name: optionNames(.rate), parsing: .unconditional, help: optionHelp("Arrival rate, requests per second.", .rate, valueName: "req/s"), transform: parseNumber)
  var rate: Double?
  @Option(name: optionNames(.numRequests), parsing: .unconditional, help: optionHelp("Number of requests.", .numRequests, valueName: "n"), transform: parseWholeNumber)
  var numRequests: Int?
  @Option(name: optionNames(.seed), parsing: .unconditional, help: optionHelp("Master random seed.", .seed, valueName: "n"), transform: parseWholeNumber)
  var seed: Int?
  @Option(name: optionNames(.workload), help: optionHelp("Workload preset from defaults.yaml (chatbot, contentgen, summarization, multidoc) or distribution.", .workload, valueName: "preset"))
  var workload: String?
  @Option(name: optionNames(.workloadSpec), help: optionHelp("Workload spec YAML (v2); overrides the synthetic workload.", .workloadSpec, valueName: "file"))
  var workloadSpec: String?
  @Option(name: optionNames(.promptTokens), parsing: .unconditional, help: optionHelp("Mean prompt length, tokens.", .promptTokens, valueName: "n"), transform: parseWholeNumber)
  var promptTokens: Int?
  @Option(name: optionNames(.promptTokensStdev), parsing: .unconditional, help: optionHelp("Prompt length standard deviation.", .promptTokensStdev, valueName: "n"), transform: parseWholeNumber)
  var promptTokensStdev: Int?
  @Option(name: optionNames(.promptTokensMin), parsing: .unconditional, help: optionHelp("Shortest prompt.", .promptTokensMin, valueName: "n"), transform: parseWholeNumber)
  var promptTokensMin: Int?
  @Option(name: optionNames(.promptTokensMax), parsing: .unconditional, help: optionHelp("Longest prompt.", .promptTokensMax, valueName: "n"), transform: parseWholeNumber)
  var promptTokensMax: Int?
  @Option(name: optionNames(.outputTokens), parsing: .unconditional, help: optionHelp("Mean output length, tokens.", .outputTokens, valueName: "n"), transform: parseWholeNumber)
  var outputTokens: Int?
  @Option(name: optionNames(.outputTokensStdev), parsing: .unconditional, help: optionHelp("Output length standard deviation.", .outputTokensStdev, valueName: "n"), transform: parseWholeNumber)
  var outputTokensStdev: Int?
  @Option(name: optionNames(.outputTokensMin), parsing: .unconditional, help: optionHelp("Shortest output.", .outputTokensMin, valueName: "n"), transform: parseWholeNumber)
  var outputTokensMin: Int?
  @Option(name: optionNames(.outputTokensMax), parsing: .unconditional, help: optionHelp("Longest output.", .outputTokensMax, valueName: "n"), transform: parseWholeNumber)
  var outputTokensMax: Int?
  @Option(name: optionNames(.arrival), help: optionHelp("Arrival process: poisson, constant or gamma.", .arrival, valueName: "process"))
  var arrival: String?
  @Option(name: optionNames(.arrivalCV), parsing: .unconditional, help: optionHelp("Coefficient of variation of gamma inter-arrival times.", .arrivalCV, valueName: "cv"), transform: parseNumber)
  var arrivalCV: Double?
  @Option(name: optionNames(.concurrency), parsing: .unconditional, help: optionHelp("Closed loop: N clients, each sending its next request when its previous one completes (without --rate, as fast as answers come; with --rate, at most N in flight, like vllm bench serve --max-concurrency).", .concurrency, valueName: "n"), transform: parseWholeNumber)
  var concurrency: Int?
  @Option(name: optionNames(.thinkTimeMs), parsing: .unconditional, help: optionHelp("Closed loop: a client's pause between an answer and its next request, ms.", .thinkTimeMs, valueName: "ms"), transform: parseNumber)
  var thinkTimeMs: Double?
  @Option(name: optionNames(.thinkTime), help: optionHelp("Closed loop think times: constant or exponential (mean --think-time-ms).", .thinkTime, valueName: "kind"))
  var thinkTime: String?
  @Option(name: optionNames(.horizonSeconds), parsing: .unconditional, help: optionHelp("Stop after this much simulated time (default: when all requests finish).", .horizonSeconds, valueName: "s"), transform: parseNumber)
  var horizonSeconds: Double?

  func contribute(to layer: inout RunOptionLayer) {
    layer.set(.rate, rate.map(RunOptionValue.number))
    layer.set(.numRequests, numRequests.map(RunOptionValue.integer))
    layer.set(.seed, seed.map(RunOptionValue.integer))
    layer.set(.workload, workload.map(RunOptionValue.string))
    layer.set(.workloadSpec, workloadSpec.map(RunOptionValue.string))
    let integers: [(RunOptionKey, Int?)] = [
      (.promptTokens, promptTokens), (.promptTokensStdev, promptTokensStdev), (.promptTokensMin, promptTokensMin),
      (.promptTokensMax, promptTokensMax), (.outputTokens, outputTokens), (.outputTokensStdev, outputTokensStdev),
      (.outputTokensMin, outputTokensMin), (.outputTokensMax, outputTokensMax),
    ]
    for (key, value) in integers { layer.set(key, value.map(RunOptionValue.integer)) }
    layer.set(.arrival, arrival.map(RunOptionValue.string))
    layer.set(.arrivalCV, arrivalCV.map(RunOptionValue.number))
    layer.set(.horizonSeconds, horizonSeconds.map(RunOptionValue.number))
    layer.set(.concurrency, concurrency.map(RunOptionValue.integer))
    layer.set(.thinkTimeMs, thinkTimeMs.map(RunOptionValue.number))
    layer.set(.thinkTime, thinkTime.map(RunOptionValue.string))
  }
}

struct EngineOptions: ParsableArguments {
  @Option(name: optionNames(.maxNumSeqs), parsing: .unconditional, help: optionHelp("vLLM max_num_seqs: most requests running at once per instance.", .maxNumSeqs, valueName: "n"), transform: parseWholeNumber)
  var maxNumSeqs: Int?
  @Option(name: optionNames(.maxNumBatchedTokens), parsing: .unconditional, help: optionHelp("vLLM max_num_batched_tokens: token budget per step.", .maxNumBatchedTokens, valueName: "n"), transform: parseWholeNumber)
  var maxNumBatchedTokens: Int?
  @Option(name: optionNames(.longPrefillTokenThreshold), parsing: .unconditional, help: optionHelp("Per-request prefill chunk cap, tokens; 0 = off.", .longPrefillTokenThreshold, valueName: "n"), transform: parseWholeNumber)
  var longPrefillTokenThreshold: Int?
  @Option(name: optionNames(.maxModelLen), parsing: .unconditional, help: optionHelp("Longest context, tokens (default: the model's max_position_embeddings).", .maxModelLen, valueName: "n"), transform: parseWholeNumber)
  var maxModelLen: Int?
  @Option(name: optionNames(.blockSize), parsing: .unconditional, help: optionHelp("KV block size, tokens.", .blockSize, valueName: "n"), transform: parseWholeNumber)
  var blockSize: Int?
  @Option(name: optionNames(.totalKVBlocks), parsing: .unconditional, help: optionHelp("GPU KV blocks per instance (default: computed from GPU memory, or defaults.yaml).", .totalKVBlocks, valueName: "n"), transform: parseWholeNumber)
  var totalKVBlocks: Int?
  @Option(name: optionNames(.gpuMemoryUtilization), parsing: .unconditional, help: optionHelp("Fraction of GPU memory for weights and KV cache, in (0, 1].", .gpuMemoryUtilization, valueName: "fraction"), transform: parseNumber)
  var gpuMemoryUtilization: Double?
  @Flag(name: optionNames(.enablePrefixCaching), inversion: .prefixedNo, help: optionHelp("Reuse KV blocks of shared prompt prefixes (default: the serving profile's; vLLM V1 on).", .enablePrefixCaching))
  var enablePrefixCaching: Bool?
  @Flag(name: optionNames(.enableChunkedPrefill), inversion: .prefixedNo, help: optionHelp("Split long prompts across steps under the token budget (default: the serving profile's; off = whole prompts, budget ≥ max-model-len).", .enableChunkedPrefill))
  var enableChunkedPrefill: Bool?
  @Option(name: optionNames(.numSchedulerSteps), parsing: .unconditional, help: optionHelp("vLLM 0.6 multi-step scheduling: decode steps per scheduler pass, tokens streamed in chunks of this size (needs --serving-profile vllm-0.6 and no chunked prefill).", .numSchedulerSteps, valueName: "n"), transform: parseWholeNumber)
  var numSchedulerSteps: Int?

  func contribute(to layer: inout RunOptionLayer) {
    let integers: [(RunOptionKey, Int?)] = [
      (.maxNumSeqs, maxNumSeqs), (.maxNumBatchedTokens, maxNumBatchedTokens),
      (.longPrefillTokenThreshold, longPrefillTokenThreshold), (.maxModelLen, maxModelLen),
      (.blockSize, blockSize), (.totalKVBlocks, totalKVBlocks),
    ]
    for (key, value) in integers { layer.set(key, value.map(RunOptionValue.integer)) }
    layer.set(.gpuMemoryUtilization, gpuMemoryUtilization.map(RunOptionValue.number))
    layer.set(.enablePrefixCaching, enablePrefixCaching.map(RunOptionValue.bool))
    layer.set(.enableChunkedPrefill, enableChunkedPrefill.map(RunOptionValue.bool))
    layer.set(.numSchedulerSteps, numSchedulerSteps.map(RunOptionValue.integer))
  }
}

struct ClusterOptions: ParsableArguments {
  @Option(name: optionNames(.numInstances), parsing: .unconditional, help: optionHelp("Number of serving instances (replicas) behind the router.", .numInstances, valueName: "n"), transform: parseWholeNumber)
  var numInstances: Int?
  @Option(name: optionNames(.routingPolicy), help: optionHelp("How the router picks an instance.", .routingPolicy, valueName: "policy"))
  var routingPolicy: String?

  func contribute(to layer: inout RunOptionLayer) {
    layer.set(.numInstances, numInstances.map(RunOptionValue.integer))
    layer.set(.routingPolicy, routingPolicy.map(RunOptionValue.string))
  }
}

struct OutputOptions: ParsableArguments {
  @Option(name: optionNames(.resultsPath), help: optionHelp("Write the JSON report to this file (atomically).", .resultsPath, valueName: "file.json"))
  var resultsPath: String?
  @Option(name: optionNames(.requestsOut), help: optionHelp("Write one JSON line per request to this file (atomically).", .requestsOut, valueName: "file.jsonl"))
  var requestsOut: String?
  @Flag(name: optionNames(.json), help: "Print the machine-readable JSON report on stdout instead of the summary.")
  var json = false
  @Flag(name: optionNames(.quiet), help: "No progress bar and no warnings on stderr.")
  var quiet = false
  @Option(name: .customLong("config"), help: ArgumentHelp("YAML or JSON file of settings (keys are the long flag names, kebab- or snake_case); flags override it.", valueName: "file"))
  var config: String?

  func contribute(to layer: inout RunOptionLayer) {
    layer.set(.resultsPath, resultsPath.map(RunOptionValue.string))
    layer.set(.requestsOut, requestsOut.map(RunOptionValue.string))
    layer.set(.json, json ? .bool(true) : nil)
    layer.set(.quiet, quiet ? .bool(true) : nil)
  }
}
