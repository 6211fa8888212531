/// The serving stack as the engine runs it: a `ServingProfile` resolved for one deployment (its
/// tensor parallelism folded in, and for blackbox rows the profile's costs replaced by the row's α
/// terms). All times µs; see the profile's components for what each term means.
public struct ServingStack: Sendable, Hashable, Codable {
  /// The profile it came from (for reports), e.g. `vllm-0.14`.
  public var profileName: String
  public var frontEnd: FrontEndComponent
  public var engineLoop: EngineLoopComponent
  /// Host CPU with the tensor-parallel terms already folded into `stepMicros` and
  /// `perScheduledTokenMicros` when TP > 1.
  public var hostCPU: HostCPUComponent
  public var outputPath: OutputPathComponent

  public init(profileName: String, frontEnd: FrontEndComponent, engineLoop: EngineLoopComponent,
              hostCPU: HostCPUComponent, outputPath: OutputPathComponent) {
    self.profileName = profileName; self.frontEnd = frontEnd; self.engineLoop = engineLoop
    self.hostCPU = hostCPU; self.outputPath = outputPath
  }

  /// No serving costs: synchronous steps of pure GPU time, tokens at the step end.
  public static let gpuOnly = ServingProfile.gpuOnly.stack(tensorParallelism: 1)

  /// Host CPU of a scheduler pass running `steps` GPU steps (1, or K with multi-step) with `running`
  /// requests in the batch, `scheduledTokens` tokens scheduled and `outputTokens` tokens produced.
  @inlinable public func hostMicros(running: Int, scheduledTokens: Int, outputTokens: Int, steps: Int = 1) -> Double {
    hostCPU.stepMicros * Double(steps) + hostCPU.perRunningRequestMicros * Double(running)
      + hostCPU.perScheduledTokenMicros * Double(scheduledTokens) + hostCPU.perOutputTokenMicros * Double(outputTokens)
  }

  /// Wall time of a step from its host CPU and GPU times (µs), per the loop mode.
  @inlinable public func wallMicros(hostMicros: Double, gpuMicros: Double) -> Double {
    engineLoop.mode == .async ? max(hostMicros, gpuMicros) : hostMicros + gpuMicros
  }
}

extension ServingProfile {
  /// The engine-facing stack for a deployment at `tensorParallelism` GPUs per instance, optionally
  /// with another multi-step setting (`--num-scheduler-steps`).
  public func stack(tensorParallelism: Int, multiStep: Int? = nil) -> ServingStack {
    var host = hostCPU
    if tensorParallelism > 1 {
      host.stepMicros += host.tensorParallelStepMicros
      host.perScheduledTokenMicros += host.tensorParallelPerScheduledTokenMicros
    }
    host.tensorParallelStepMicros = 0
    host.tensorParallelPerScheduledTokenMicros = 0
    var loop = engineLoop
    if let multiStep { loop.multiStep = multiStep }
    return ServingStack(profileName: name, frontEnd: frontEnd, engineLoop: loop, hostCPU: host, outputPath: outputPath)
  }

  /// The stack for a blackbox row: the profile's scheduling behaviour (loop mode, multi-step,
  /// unchunked prefill) is kept, but its costs are replaced by the row's own α terms, which were
  /// fitted end to end: α0 + α1·prompt delays the request's entry into the wait queue and α2 is
  /// added to every token's delivery, both without occupying anything; β already holds the host CPU.
  public func blackboxStack(alpha: [Double], multiStep: Int? = nil) -> ServingStack {
    var s = stack(tensorParallelism: 1, multiStep: multiStep)
    s.frontEnd = FrontEndComponent(networkRoundTripMicros: 0, apiIngressMicros: 0, apiPerPromptTokenMicros: 0,
                                   tokenizerWindowMicros: 0, tokenizerMaxBatch: 1, tokenizePerPromptTokenMicros: 0,
                                   fixedDelayMicros: alpha.count > 0 ? alpha[0] : 0,
                                   fixedDelayPerPromptTokenMicros: alpha.count > 1 ? alpha[1] : 0)
    s.hostCPU = HostCPUComponent(stepMicros: 0, perRunningRequestMicros: 0)
    s.outputPath = OutputPathComponent(tokenDelayMicros: alpha.count > 2 ? alpha[2] : 0)
    s.profileName = name + " (blackbox α)"
    return s
  }
}
