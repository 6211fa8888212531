import Foundation

/// Everything one simulation run needs, built from resolved settings: the deployment (GPU, serving
/// profile, model config, step-time model, KV capacity), the engine configuration and the
/// workload. The one composition root shared by every command and the interactive planner.
public struct RunPlan: Sendable {
  /// The settings as the user gave them (the serving profile's engine defaults are in
  /// `deployment.settings` and `engine`).
  public let settings: RunSettings
  public let deployment: ResolvedDeployment
  public let engine: EngineConfiguration
  public let workload: Workload
  /// The settings' and the deployment's warnings.
  public let warnings: [RunWarning]

  public init(settings: RunSettings, deployment: ResolvedDeployment, engine: EngineConfiguration, workload: Workload,
              warnings: [RunWarning]) {
    self.settings = settings; self.deployment = deployment; self.engine = engine; self.workload = workload
    self.warnings = warnings
  }

  /// The step-time model this plan runs with.
  public var kind: LatencyModelChoice { deployment.stepTime.kind }

  /// Builds the plan for `settings` with step-time model `kind`. Without `kind`, the settings'
  /// model is used — and, as in the reference, when blackbox is only the default, has no
  /// coefficients, and the user gave everything roofline needs (`--model-config-folder`,
  /// `--hardware-config`, `--hardware`, `--tp`), roofline runs instead, with a warning.
  /// Reads the workload spec / trace file when one is named.
  public static func make(_ settings: RunSettings, kind: LatencyModelChoice? = nil, files: DataFiles,
                          resolver: ModelConfigResolver) throws -> RunPlan {
    let deployment: ResolvedDeployment
    var notes: [RunWarning] = []
    do {
      deployment = try ResolvedDeployment.resolve(settings, kind: kind, files: files, resolver: resolver)
    } catch DeploymentError.noCoefficients(let model, let gpu, let tp, _) where kind == nil && qualifiesForImplicitRoofline(settings) {
      deployment = try ResolvedDeployment.resolve(settings, kind: .roofline, files: files, resolver: resolver)
      notes.append(.implicitRoofline(model: model, gpu: gpu, tensorParallelism: tp))
    }
    let workload = try makeWorkload(settings)
    let engine = try makeEngine(deployment)
    return RunPlan(settings: settings, deployment: deployment, engine: engine, workload: workload,
                   warnings: notes + settings.warnings + deployment.warnings)
  }

  /// A new simulation of this plan (cheap: nothing runs until `advance`/`run`).
  public func makeSimulation() throws -> Simulation {
    try Simulation(configuration: engine, latencyModel: deployment.stepTime.model, workload: workload)
  }

  /// The same plan with another split of GPUs (TP × instances), recomputing the deployment.
  /// Used by the TP-vs-replication comparisons.
  public func withSplit(tensorParallelism: Int, instances: Int, files: DataFiles,
                        resolver: ModelConfigResolver) throws -> RunPlan {
    try RunPlan.make(settings.withSplit(tensorParallelism: tensorParallelism, instances: instances), kind: kind,
                     files: files, resolver: resolver)
  }

  static func qualifiesForImplicitRoofline(_ s: RunSettings) -> Bool {
    s.source(of: \.latencyModel) == .builtin && s.alphaCoefficients == nil && s.betaCoefficients == nil
      && s.modelConfigFolder != nil && s.hardwareConfig != nil && s.isExplicit(\.hardware) && s.isExplicit(\.tp)
  }

  /// The deployment's engine settings with its KV capacity and serving stack; `--max-model-len`
  /// defaults to the model's `max_position_embeddings`, as in vLLM.
  static func makeEngine(_ deployment: ResolvedDeployment) throws -> EngineConfiguration {
    let s = deployment.settings
    var engine = s.engine
    engine.totalKVBlocksPerInstance = deployment.kvBlocksPerInstance
    engine.maxModelLen = s.engine.maxModelLen ?? deployment.modelConfig?.maxPositionEmbeddings
    engine.chunkedPrefill = s.chunkedPrefill ?? true
    engine.serving = deployment.servingStack
    return try engine.validated()
  }

  /// The workload: a spec/trace file (`--workload-spec`, `.csv` = trace), a preset, or the token
  /// settings, closed over `--concurrency` clients when given. `--seed`, `--rate` and
  /// `--num-requests` override a spec file only when set explicitly.
  static func makeWorkload(_ s: RunSettings) throws -> Workload {
    let workload = try openLoopWorkload(s)
    guard let loop = try s.workload.closedLoop?.validated() else { return workload }
    // `--concurrency` closes the loop over whatever the workload is (synthetic, spec or trace);
    // without an explicit rate the clients send as fast as they are answered.
    switch workload {
    case .synthetic(var spec):
      spec.closedLoop = loop
      if !s.isExplicit(\.rate) && s.workload.specFile == nil {
        spec.stages = spec.stages.map { WorkloadStage(ratePerSecond: .infinity, durationSeconds: $0.durationSeconds, arrival: $0.arrival) }
      }
      return .synthetic(try spec.validated())
    case .trace(var trace):
      trace.closedLoop = loop
      return .trace(trace)
    }
  }

  /// The workload before any `--concurrency` closed loop.
  private static func openLoopWorkload(_ s: RunSettings) throws -> Workload {
    let w = s.workload
    if let path = w.specFile {
      guard let data = FileManager.default.contents(atPath: path.path) else {
        throw s.invalidValue(\.workloadSpec, path.path, allowed: "a readable YAML workload spec or CSV trace")
      }
      let text = String(decoding: data, as: UTF8.self)
      if path.pathExtension.lowercased() == "csv" {
        do { return .trace(try TraceWorkload(csv: text)) } catch {
          throw s.invalidValue(\.workloadSpec, path.path, allowed: "a trace CSV (\(error))")
        }
      }
      var spec: WorkloadSpec
      do { spec = try WorkloadSpec(yaml: text) } catch {
        throw s.invalidValue(\.workloadSpec, path.path, allowed: "a YAML workload spec: \(error)")
      }
      if s.isExplicit(\.seed) || spec.seed == nil { spec.seed = s.seed }
      if s.isExplicit(\.numRequests) { spec.numRequests = w.numRequests }
      if s.isExplicit(\.rate) {
        spec.stages = spec.stages.map { WorkloadStage(ratePerSecond: w.rateRequestsPerSecond, durationSeconds: $0.durationSeconds, arrival: $0.arrival) }
      }
      return .synthetic(try spec.validated())
    }
    let prompt = w.preset?.promptTokens ?? w.promptTokens.distribution
    let output = w.preset?.outputTokens ?? w.outputTokens.distribution
    return .synthetic(try WorkloadSpec(seed: s.seed, arrival: w.arrivalProcess, ratePerSecond: w.rateRequestsPerSecond,
                                       numRequests: w.numRequests, promptTokens: prompt, outputTokens: output).validated())
  }
}

extension RunSettings {
  /// The same settings with another split of GPUs: TP × instances, named `--tp` and
  /// `--num-instances` in messages (a planning grid chose them).
  public func withSplit(tensorParallelism: Int, instances: Int) -> RunSettings {
    var copy = self
    copy.tensorParallelism = tensorParallelism
    copy.engine.instances = instances
    if tensorParallelism != self.tensorParallelism { copy.markExplicit(\.tp) }
    if instances != self.engine.instances { copy.markExplicit(\.numInstances) }
    return copy
  }
}
