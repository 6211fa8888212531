/// A named, versioned description of the serving software around the GPU: how requests get from
/// the client into the engine, how the engine loop overlaps host work with GPU work, what the host
/// CPU costs per step, how tokens get back to the client, and the engine defaults of that version.
///
/// Profiles are data (`serving_profiles.yaml` at the repository root, one entry per vLLM
/// generation, each with a `source:` note); `ServingProfileCatalog` loads them and finds one by
/// name or by vLLM version. The engine never reads a profile directly: `ServingStack` is the
/// resolved, flat form it runs (see `ServingProfile.stack(tensorParallelism:)`).
///
/// The request path and where each component's time lands:
///
///     client ─network─▶ API server (FIFO: ingress + on-loop tokenisation) ─▶ tokenizer micro-batch
///       ─▶ engine wait queue ─(async lag)─▶ engine step: host CPU ⊕ GPU ─▶ API server (FIFO: output
///       processing of the step's tokens) ─first-chunk latency─▶ network ─▶ client
///
/// TTFT collects every stage; ITL/TPOT see the step cadence (host CPU ⊕ GPU) and any backlog of the
/// output processing; E2E = TTFT + (outputs − 1)·TPOT.
public struct ServingProfile: Sendable, Hashable, Codable {
  /// Short name used by `--serving-profile`, e.g. `vllm-0.14`.
  public var name: String
  /// One line: what this profile models.
  public var summary: String
  /// The vLLM versions this profile stands for (`--vllm-version` picks it when the version falls in).
  public var versions: VersionRange
  /// Where the figures come from (release notes, source defaults, measurements).
  public var source: String
  public var frontEnd: FrontEndComponent
  public var engineLoop: EngineLoopComponent
  public var hostCPU: HostCPUComponent
  public var outputPath: OutputPathComponent
  public var engineDefaults: EngineDefaultsComponent

  public init(name: String, summary: String = "", versions: VersionRange = VersionRange(),
              source: String = "", frontEnd: FrontEndComponent = FrontEndComponent(),
              engineLoop: EngineLoopComponent = EngineLoopComponent(), hostCPU: HostCPUComponent = HostCPUComponent(),
              outputPath: OutputPathComponent = OutputPathComponent(),
              engineDefaults: EngineDefaultsComponent = EngineDefaultsComponent()) {
    self.name = name; self.summary = summary; self.versions = versions; self.source = source
    self.frontEnd = frontEnd; self.engineLoop = engineLoop; self.hostCPU = hostCPU
    self.outputPath = outputPath; self.engineDefaults = engineDefaults
  }

  /// A stack with no serving costs at all: a synchronous engine whose steps are pure GPU time and
  /// whose tokens reach the client the moment a step ends (for tests and GPU-only studies).
  public static let gpuOnly = ServingProfile(
    name: "gpu-only", summary: "no serving overheads: step = GPU time, tokens delivered at step end",
    frontEnd: FrontEndComponent(networkRoundTripMicros: 0, apiIngressMicros: 0, tokenizerWindowMicros: 0,
                                tokenizePerPromptTokenMicros: 0),
    engineLoop: EngineLoopComponent(mode: .sync),
    hostCPU: HostCPUComponent(stepMicros: 0, perRunningRequestMicros: 0),
    outputPath: OutputPathComponent(perTokenMicros: 0, firstChunkMicros: 0, firstChunkPerPromptTokenMicros: 0))

  enum CodingKeys: String, CodingKey, CaseIterable {
    case name, summary, versions = "vllm_versions", source, frontEnd = "front_end", engineLoop = "engine_loop"
    case hostCPU = "host_cpu", outputPath = "output_path", engineDefaults = "engine_defaults"
  }
}
