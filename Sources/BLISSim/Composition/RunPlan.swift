import Foundation

/// Everything one simulation run needs, built from resolved run settings: the latency setup, the
/// serving profile, the engine configuration and the workload. The one composition root shared by
/// `blis run`, `compare`, `sweep`, `capacity` and the interactive planner.
public struct RunPlan: Sendable {
  /// The settings as the user gave them (engine defaults of the serving profile are in `engine`).
  public let options: ResolvedRunOptions
  public let latency: LatencySetup
  /// The serving stack around the GPU (front end, engine loop, host CPU, output path).
  public let servingProfile: ServingProfile
  public let engine: EngineConfiguration
  public let workload: Workload

  public init(options: ResolvedRunOptions, latency: LatencySetup, servingProfile: ServingProfile = .gpuOnly,
              engine: EngineConfiguration, workload: Workload) {
    self.options = options; self.latency = latency; self.servingProfile = servingProfile
    self.engine = engine; self.workload = workload
  }

  /// Builds the plan for `options` with latency model `kind` (default: `options.latencyModel`).
  /// Reads the workload spec / trace file when one is named.
  public static func make(options: ResolvedRunOptions, kind: ResolvedRunOptions.LatencyModelChoice? = nil,
                          files: DataFiles, resolver: ModelConfigResolver) throws -> RunPlan {
    let profile = try servingProfile(for: options, catalog: files.servingProfiles)
    let gpuName = options.hardware ?? "H100"
    guard let hardware = try? files.hardware.spec(named: gpuName) else {
      throw options.unknownName(.hardware, gpuName, known: files.hardware.knownNames, what: "GPU")
    }
    var effective = try applyingEngineDefaults(options, profile: profile, hardware: hardware, modelMaxLen: nil)
    var latency = try LatencySetup.make(options: effective, kind: kind, files: files, resolver: resolver)
    let modelMaxLen = latency.modelConfig?.maxPositionEmbeddings
    if effective.chunkedPrefill == false, options.source(of: .maxNumBatchedTokens) == .builtin, options.maxModelLen == nil,
       modelMaxLen != nil {
      // Without chunked prefill the budget follows the model's context length, which only the
      // model config knows; the KV capacity (activation reserve) follows the budget.
      effective = try applyingEngineDefaults(options, profile: profile, hardware: hardware, modelMaxLen: modelMaxLen)
      latency = try LatencySetup.make(options: effective, kind: kind, files: files, resolver: resolver)
    }
    let workload = try makeWorkload(options)
    let stack: ServingStack
    if latency.kind == .blackbox, let blackbox = latency.model as? BlackboxModel {
      stack = profile.blackboxStack(alpha: blackbox.coefficients.alpha, multiStep: effective.numSchedulerSteps)
    } else {
      stack = profile.stack(tensorParallelism: options.tensorParallelism, multiStep: effective.numSchedulerSteps)
    }
    let engine = try makeEngine(effective, kvBlocks: latency.kvBlocksPerInstance, defaultMaxModelLen: modelMaxLen,
                                serving: stack)
    return RunPlan(options: options, latency: latency, servingProfile: profile, engine: engine, workload: workload)
  }

  /// A new simulation of this plan (cheap: nothing runs until `advance`/`run`).
  public func makeSimulation() throws -> Simulation {
    try Simulation(configuration: engine, latencyModel: latency.model, workload: workload)
  }

  /// The same plan with another split of GPUs (TP × instances), recomputing the latency model and
  /// KV capacity. Used by the TP-vs-replication comparisons.
  public func withSplit(tensorParallelism: Int, instances: Int, files: DataFiles,
                        resolver: ModelConfigResolver) throws -> RunPlan {
    var o = options
    o.tensorParallelism = tensorParallelism
    o.numInstances = instances
    return try RunPlan.make(options: o, kind: latency.kind, files: files, resolver: resolver)
  }

  /// `--max-model-len` defaults to the model's `max_position_embeddings`, as in vLLM.
  static func makeEngine(_ o: ResolvedRunOptions, kvBlocks: Int, defaultMaxModelLen: Int?,
                         serving: ServingStack) throws -> EngineConfiguration {
    let routing = try RoutingPolicy(name: o.routingPolicy)
    return try EngineConfiguration(
      instances: o.numInstances, maxNumSeqs: o.maxNumSeqs, maxNumBatchedTokens: o.maxNumBatchedTokens,
      longPrefillTokenThreshold: o.longPrefillTokenThreshold, maxModelLen: o.maxModelLen ?? defaultMaxModelLen,
      blockSizeTokens: o.blockSizeTokens, totalKVBlocksPerInstance: kvBlocks,
      enablePrefixCaching: o.enablePrefixCaching, routing: routing,
      horizon: o.horizon.map { SimTime.zero + $0 }, seed: o.seed, chunkedPrefill: o.chunkedPrefill ?? true,
      serving: serving
    ).validated()
  }

  /// The workload: a spec/trace file (`--workload-spec`, `.csv` = trace), a preset, or the token
  /// flags. `--seed`, `--rate` and `--num-requests` override a spec file only when set explicitly.
  static func makeWorkload(_ o: ResolvedRunOptions) throws -> Workload {
    var workload = try openLoopWorkload(o)
    if let clients = o.concurrency {
      // `--concurrency` closes the loop over whatever the workload is (synthetic, spec or trace).
      let think: ClosedLoop.ThinkTime = o.thinkTimeMilliseconds == 0 ? .none
        : o.thinkTimeExponential ? .exponential(meanMilliseconds: o.thinkTimeMilliseconds)
        : .constant(milliseconds: o.thinkTimeMilliseconds)
      let loop = try ClosedLoop(clients: clients, thinkTime: think).validated()
      let unbounded = o.source(of: .rate) == .builtin
      switch workload {
      case .synthetic(var spec):
        spec.closedLoop = loop
        if unbounded && o.workloadSpecPath == nil {
          spec.stages = spec.stages.map { WorkloadStage(ratePerSecond: .infinity, durationSeconds: $0.durationSeconds, arrival: $0.arrival) }
        }
        workload = .synthetic(try spec.validated())
      case .trace(var trace):
        trace.closedLoop = loop
        workload = .trace(trace)
      }
    }
    return workload
  }

  /// The workload before any `--concurrency` closed loop.
  private static func openLoopWorkload(_ o: ResolvedRunOptions) throws -> Workload {
    if let path = o.workloadSpecPath {
      guard let data = FileManager.default.contents(atPath: path.path) else {
        throw o.invalidValue(.workloadSpec, path.path, allowed: "a readable YAML workload spec or CSV trace")
      }
      let text = String(decoding: data, as: UTF8.self)
      if path.pathExtension.lowercased() == "csv" {
        do { return .trace(try TraceWorkload(csv: text)) } catch {
          throw o.invalidValue(.workloadSpec, path.path, allowed: "a trace CSV (\(error))")
        }
      }
      var spec: WorkloadSpec
      do { spec = try WorkloadSpec(yaml: text) } catch {
        throw o.invalidValue(.workloadSpec, path.path, allowed: "a YAML workload spec: \(error)")
      }
      if o.source(of: .seed) != .builtin || spec.seed == nil { spec.seed = o.seed }
      if o.source(of: .numRequests) != .builtin { spec.numRequests = o.numRequests }
      if o.source(of: .rate) != .builtin {
        spec.stages = spec.stages.map { WorkloadStage(ratePerSecond: o.rateRequestsPerSecond, durationSeconds: $0.durationSeconds, arrival: $0.arrival) }
      }
      return .synthetic(try spec.validated())
    }
    let arrival: ArrivalProcess
    switch o.arrival {
    case .poisson: arrival = .poisson
    case .constant: arrival = .constant
    case .gamma: arrival = .gamma(cv: o.arrivalCV)
    }
    let prompt: LengthDistribution, output: LengthDistribution
    if let name = o.workloadPreset, let preset = WorkloadPreset(rawValue: name) {
      prompt = preset.promptTokens
      output = preset.outputTokens
    } else {
      prompt = distribution(o.promptTokens)
      output = distribution(o.outputTokens)
    }
    return .synthetic(try WorkloadSpec(seed: o.seed, arrival: arrival, ratePerSecond: o.rateRequestsPerSecond,
                                       numRequests: o.numRequests, promptTokens: prompt, outputTokens: output).validated())
  }

  static func distribution(_ t: ResolvedRunOptions.TokenLengths) -> LengthDistribution {
    t.stdevTokens == 0 || t.minTokens == t.maxTokens
      ? .constant(t.meanTokens)
      : .normal(mean: Double(t.meanTokens), stdev: Double(t.stdevTokens), min: t.minTokens, max: t.maxTokens)
  }
}
