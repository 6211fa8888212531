import ArgumentParser
import BLISSim
import Foundation

/// The run settings shared by `blis run`, `compare`, `tui`, `sweep`, `capacity` and `bench`,
/// grouped in `--help`; `Defaults` are the command's own defaults, shown there. Parsing only
/// records what was typed (`settingsLayer`); the library resolves it (flag > `--config` file >
/// the model's defaults.yaml row > default) with every check, so every command shares one set
/// of rules.
struct RunOptions<Defaults: CommandSettingDefaults>: ParsableArguments {
  @OptionGroup(title: "Model & hardware") var modelHardware: ModelHardwareOptions<Defaults>
  @OptionGroup(title: "Workload") var workload: WorkloadOptions<Defaults>
  @OptionGroup(title: "Engine") var engine: EngineOptions<Defaults>
  @OptionGroup(title: "Cluster") var cluster: ClusterOptions<Defaults>
  @OptionGroup(title: "Output") var output: OutputOptions

  /// The settings given explicitly on the command line.
  var settingsLayer: SettingsLayer { SettingFlags.layer(of: self) }
}

struct ModelHardwareOptions<Defaults: CommandSettingDefaults>: ParsableArguments {
  @Option(name: .setting(\.model), help: .setting(\.model, "Model id, e.g. meta-llama/llama-3.1-8b-instruct (here or in --config).", Defaults.self, valueName: "id"))
  var model: String?
  @Option(name: .setting(\.latencyModel), help: .setting(\.latencyModel, "Step-time model: roofline or blackbox.", Defaults.self, valueName: "kind"))
  var latencyModel: String?
  @Flag(name: .shorthand(of: \.latencyModel), help: "Same as --latency-model roofline.")
  var roofline = false
  @Option(name: .setting(\.hardware), help: .setting(\.hardware, "GPU name from the hardware config, e.g. H100.", Defaults.self, valueName: "gpu"))
  var hardware: String?
  @Option(name: .setting(\.hardwareConfig), help: .setting(\.hardwareConfig, "Hardware JSON (GPU peaks, efficiencies, prices).", Defaults.self, valueName: "file"))
  var hardwareConfig: String?
  @Option(name: .setting(\.modelConfigFolder), help: .setting(\.modelConfigFolder, "Folder with the model's HuggingFace config.json.", Defaults.self, valueName: "folder"))
  var modelConfigFolder: String?
  @Option(name: .setting(\.tp), parsing: .unconditional, help: .setting(\.tp, "Tensor-parallel degree (GPUs per instance).", Defaults.self, valueName: "n"))
  var tp: String?
  @Option(name: .setting(\.vllmVersion), help: .setting(\.vllmVersion, "vLLM version, e.g. 0.15.1: given explicitly, picks the serving profile that covers it; also keys the blackbox coefficient look-up.", Defaults.self, valueName: "version"))
  var vllmVersion: String?
  @Option(name: .setting(\.servingProfile), help: .setting(\.servingProfile, "Serving stack around the GPU, from serving_profiles.yaml: vllm-0.14 (async, default), vllm-v1-sync (0.8–0.13), vllm-0.6 (V0), gpu-only.", Defaults.self, valueName: "name"))
  var servingProfile: String?
  @Option(name: .setting(\.alphaCoeffs), parsing: .unconditional, help: .setting(\.alphaCoeffs, "Alpha coefficients α0,α1,α2 (µs, µs/token, µs/token).", Defaults.self, valueName: "a0,a1,a2"))
  var alphaCoeffs: String?
  @Option(name: .setting(\.betaCoeffs), parsing: .unconditional, help: .setting(\.betaCoeffs, "Blackbox beta coefficients β0,β1,β2 (µs/step, µs/prefill token, µs/decode request).", Defaults.self, valueName: "b0,b1,b2"))
  var betaCoeffs: String?
}

struct WorkloadOptions<Defaults: CommandSettingDefaults>: ParsableArguments {
  @Option(name: .setting(\.rate), parsing: .unconditional, help: .setting(\.rate, "Arrival rate, requests per second.", Defaults.self, valueName: "req/s"))
  var rate: String?
  @Option(name: .setting(\.numRequests), parsing: .unconditional, help: .setting(\.numRequests, "Number of requests.", Defaults.self, valueName: "n"))
  var numRequests: String?
  @Option(name: .setting(\.seed), parsing: .unconditional, help: .setting(\.seed, "Master random seed.", Defaults.self, valueName: "n"))
  var seed: String?
  @Option(name: .setting(\.workload), help: .setting(\.workload, "Built-in workload preset (\(WorkloadPreset.allCases.map(\.rawValue).joined(separator: ", "))), or distribution (the --prompt-tokens/--output-tokens flags).", Defaults.self, valueName: "preset"))
  var workload: String?
  @Option(name: .setting(\.workloadSpec), help: .setting(\.workloadSpec, "Workload spec YAML, or a CSV trace (.csv: arrival_s,prompt_tokens,output_tokens[,prefix_group,prefix_tokens]); replaces the synthetic workload.", Defaults.self, valueName: "file"))
  var workloadSpec: String?
  @Option(name: .setting(\.promptTokens), parsing: .unconditional, help: .setting(\.promptTokens, "Mean prompt length, tokens.", Defaults.self, valueName: "n"))
  var promptTokens: String?
  @Option(name: .setting(\.promptTokensStdev), parsing: .unconditional, help: .setting(\.promptTokensStdev, "Prompt length standard deviation.", Defaults.self, valueName: "n"))
  var promptTokensStdev: String?
  @Option(name: .setting(\.promptTokensMin), parsing: .unconditional, help: .setting(\.promptTokensMin, "Shortest prompt.", Defaults.self, valueName: "n"))
  var promptTokensMin: String?
  @Option(name: .setting(\.promptTokensMax), parsing: .unconditional, help: .setting(\.promptTokensMax, "Longest prompt.", Defaults.self, valueName: "n"))
  var promptTokensMax: String?
  @Option(name: .setting(\.outputTokens), parsing: .unconditional, help: .setting(\.outputTokens, "Mean output length, tokens.", Defaults.self, valueName: "n"))
  var outputTokens: String?
  @Option(name: .setting(\.outputTokensStdev), parsing: .unconditional, help: .setting(\.outputTokensStdev, "Output length standard deviation.", Defaults.self, valueName: "n"))
  var outputTokensStdev: String?
  @Option(name: .setting(\.outputTokensMin), parsing: .unconditional, help: .setting(\.outputTokensMin, "Shortest output.", Defaults.self, valueName: "n"))
  var outputTokensMin: String?
  @Option(name: .setting(\.outputTokensMax), parsing: .unconditional, help: .setting(\.outputTokensMax, "Longest output.", Defaults.self, valueName: "n"))
  var outputTokensMax: String?
  @Option(name: .setting(\.arrival), help: .setting(\.arrival, "Arrival process: \(ArrivalChoice.allCases.map(\.rawValue).joined(separator: ", ")).", Defaults.self, valueName: "process"))
  var arrival: String?
  @Option(name: .setting(\.arrivalCV), parsing: .unconditional, help: .setting(\.arrivalCV, "Coefficient of variation of gamma inter-arrival times.", Defaults.self, valueName: "cv"))
  var arrivalCV: String?
  @Option(name: .setting(\.concurrency), parsing: .unconditional, help: .setting(\.concurrency, "Closed loop: N clients, each sending its next request when its previous one completes (without --rate, as fast as answers come; with --rate, at most N in flight, like vllm bench serve --max-concurrency).", Defaults.self, valueName: "n"))
  var concurrency: String?
  @Option(name: .setting(\.thinkTimeMs), parsing: .unconditional, help: .setting(\.thinkTimeMs, "Closed loop: a client's pause between an answer and its next request, ms.", Defaults.self, valueName: "ms"))
  var thinkTimeMs: String?
  @Option(name: .setting(\.thinkTime), help: .setting(\.thinkTime, "Closed loop think times: constant or exponential (mean --think-time-ms).", Defaults.self, valueName: "kind"))
  var thinkTime: String?
  @Option(name: .setting(\.horizonSeconds), parsing: .unconditional, help: .setting(\.horizonSeconds, "Stop after this much simulated time.", Defaults.self, valueName: "s"))
  var horizonSeconds: String?
}

struct EngineOptions<Defaults: CommandSettingDefaults>: ParsableArguments {
  @Option(name: .setting(\.maxNumSeqs), parsing: .unconditional, help: .setting(\.maxNumSeqs, "vLLM max_num_seqs: most requests running at once per instance.", Defaults.self, valueName: "n"))
  var maxNumSeqs: String?
  @Option(name: .setting(\.maxNumBatchedTokens), parsing: .unconditional, help: .setting(\.maxNumBatchedTokens, "vLLM max_num_batched_tokens: token budget per step.", Defaults.self, valueName: "n"))
  var maxNumBatchedTokens: String?
  @Option(name: .setting(\.longPrefillTokenThreshold), parsing: .unconditional, help: .setting(\.longPrefillTokenThreshold, "Per-request prefill chunk cap, tokens; 0 = off.", Defaults.self, valueName: "n"))
  var longPrefillTokenThreshold: String?
  @Option(name: .setting(\.maxModelLen), parsing: .unconditional, help: .setting(\.maxModelLen, "Longest context, tokens.", Defaults.self, valueName: "n"))
  var maxModelLen: String?
  @Option(name: .setting(\.blockSize), parsing: .unconditional, help: .setting(\.blockSize, "KV block size, tokens.", Defaults.self, valueName: "n"))
  var blockSize: String?
  @Option(name: .setting(\.totalKVBlocks), parsing: .unconditional, help: .setting(\.totalKVBlocks, "GPU KV blocks per instance.", Defaults.self, valueName: "n"))
  var totalKVBlocks: String?
  @Option(name: .setting(\.gpuMemoryUtilization), parsing: .unconditional, help: .setting(\.gpuMemoryUtilization, "Fraction of GPU memory for weights and KV cache, in (0, 1].", Defaults.self, valueName: "fraction"))
  var gpuMemoryUtilization: String?
  @Flag(name: .setting(\.enablePrefixCaching), inversion: .prefixedNo, help: .setting(\.enablePrefixCaching, "Reuse KV blocks of shared prompt prefixes (vLLM V1: on).", Defaults.self))
  var enablePrefixCaching: Bool?
  @Flag(name: .setting(\.enableChunkedPrefill), inversion: .prefixedNo, help: .setting(\.enableChunkedPrefill, "vLLM chunked prefill: split long prompts across steps under the token budget (off = whole prompts, budget ≥ max-model-len).", Defaults.self))
  var enableChunkedPrefill: Bool?
  @Option(name: .setting(\.numSchedulerSteps), parsing: .unconditional, help: .setting(\.numSchedulerSteps, "vLLM 0.6 multi-step scheduling: decode steps per scheduler pass, tokens streamed in chunks of this size (needs --serving-profile vllm-0.6 and no chunked prefill).", Defaults.self, valueName: "n"))
  var numSchedulerSteps: String?
}

struct ClusterOptions<Defaults: CommandSettingDefaults>: ParsableArguments {
  @Option(name: .setting(\.numInstances), parsing: .unconditional, help: .setting(\.numInstances, "Number of serving instances (replicas) behind the router.", Defaults.self, valueName: "n"))
  var numInstances: String?
  @Option(name: .setting(\.routingPolicy), help: .setting(\.routingPolicy, "How the router picks an instance: \(RoutingPolicy.names.joined(separator: ", ")).", Defaults.self, valueName: "policy"))
  var routingPolicy: String?
}

/// The latency SLO settings (`blis capacity`; also accepted in `--config`).
struct SLOOptions: ParsableArguments {
  @Option(name: .setting(\.sloTTFTP99Ms), parsing: .unconditional, help: ArgumentHelp("TTFT p99 limit, ms.", valueName: "ms"))
  var sloTTFTP99Ms: String?
  @Option(name: .setting(\.sloITLP99Ms), parsing: .unconditional, help: ArgumentHelp("Inter-token latency p99 limit, ms.", valueName: "ms"))
  var sloITLP99Ms: String?
  @Option(name: .setting(\.sloE2EP99Ms), parsing: .unconditional, help: ArgumentHelp("End-to-end latency p99 limit, ms.", valueName: "ms"))
  var sloE2EP99Ms: String?
}
